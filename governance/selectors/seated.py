"""Who sits in a meeting's body, and whom the meeting's invitations and documents reach."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.models import Body, Mandate, Meeting, Seat
from governance.selectors.bodies import current_mandates_q
from governance.selectors.meetings import _group_regions_q
from members.models import ContactRole, Member, Membership, Person, PortalAccess


@dataclass(frozen=True)
class Seated:
    """A person who sits in a body at a meeting, for whom, and on which seat."""

    person: Person
    member: Member | None
    seat: Seat | None

    @property
    def substitute(self) -> bool:
        return self.seat is not None and self.seat.role == Seat.Role.SUBSTITUTE

    @property
    def email(self) -> str:
        if self.person.email:
            return self.person.email
        account = getattr(self.person, "account", None)
        return account.email if account is not None else ""


def seated_people(*, meeting: Meeting) -> list[Seated]:
    """Everyone who sits in the meeting's body on the meeting day, in a fixed number of queries.

    Who counts as a member of a body (what invitations and the attendance list use):

    - every body: the people holding a mandate in one of its seats on the meeting day;
    - the Bureau: also the members of the Executive Board (Procedures art. 15 B: the Bureau
      consists of the members of the Executive Board and two representatives per State);
    - the General Assembly: also the delegates (contact role "delegate") of every full member
      whose membership runs on the meeting day (the General Assembly brings together the
      representatives of all full members; associates and observers are not members of it);
    - a working group: also the officers (portal accounts) and international-relations
      contacts of its member regions on the meeting day — lead, supporting and joined regions
      (AER Working Groups page; Procedures art. 11.4 sends them the invitation). The first
      meeting, which appoints the Chair, thus reaches the whole group.
    """
    day = meeting.day
    kind = meeting.body.kind
    bodies = Q(seat__body=meeting.body)
    if kind == BodyKind.BUREAU:
        bodies |= Q(seat__body__kind=BodyKind.EXECUTIVE_BOARD)
    mandates = (
        Mandate.objects.filter(current_mandates_q(day))
        .filter(bodies)
        .select_related("person__account", "member__country", "seat__country")
        .order_by("seat__body__kind", "seat__role", "person__last_name", "person__first_name")
    )
    seated: dict[int, Seated] = {}
    for mandate in mandates:
        current = seated.get(mandate.person_id)
        # A Board member who also represents a country in the Bureau sits on that seat.
        if current is None or (kind == BodyKind.BUREAU and mandate.seat.body_id == meeting.body_id):
            seated[mandate.person_id] = Seated(mandate.person, mandate.member, mandate.seat)
    if kind == BodyKind.GENERAL_ASSEMBLY:
        full_members = Membership.objects.current_on(day).filter(category=MemberCategory.FULL)
        delegates = (
            Person.objects.filter(
                contact_roles__role=ContactRole.Role.DELEGATE,
                member__in=full_members.values("member_id"),
            )
            .select_related("account", "member__country")
            .order_by("member__name", "last_name", "first_name")
        )
        for person in delegates:
            seated.setdefault(person.pk, Seated(person, person.member, None))
    if kind == BodyKind.WORKING_GROUP:
        regions = Body.objects.filter(_group_regions_q(day), pk=meeting.body_id).values(
            "working_group__memberships__region_id"
        )
        people = (
            Person.objects.filter(member_id__in=regions)
            .filter(
                Q(contact_roles__role=ContactRole.Role.INTERNATIONAL_RELATIONS)
                | Q(
                    account__is_active=True,
                    account__accesses__member_id=F("member_id"),
                    account__accesses__role=PortalAccess.Role.OFFICER,
                )
            )
            .distinct()
            .select_related("account", "member__country")
        )
        for person in people:
            seated.setdefault(person.pk, Seated(person, person.member, None))
    return sorted(
        seated.values(),
        key=lambda s: (
            s.member.country.name_en if s.member else "",
            s.member.name if s.member else "",
            s.substitute,
            s.person.last_name,
            s.person.first_name,
        ),
    )


@dataclass(frozen=True)
class Invitee:
    """Where a meeting's invitation and documents go, and whom the e-mail greets."""

    email: str
    name: str


def meeting_invitees(*, meeting: Meeting) -> list[Invitee]:
    """Everyone a meeting's mailings reach: the people seated (:func:`seated_people`) with an
    address and, for a working group, also the officer accounts of its member regions that
    have no person record (Procedures art. 11.4: invitations go "to members"). Each address
    once; a fixed number of queries.
    """
    found: dict[str, Invitee] = {}
    for seated in seated_people(meeting=meeting):
        email = seated.email.lower()
        if email:
            found.setdefault(email, Invitee(email, str(seated.person)))
    if meeting.body.kind == BodyKind.WORKING_GROUP:
        regions = Body.objects.filter(_group_regions_q(meeting.day), pk=meeting.body_id).values(
            "working_group__memberships__region_id"
        )
        accounts = PortalAccess.objects.filter(
            member_id__in=regions, role=PortalAccess.Role.OFFICER, user__is_active=True
        ).select_related("user")
        for access in accounts.order_by("user__email"):
            email = access.user.email.lower()
            if email:
                found.setdefault(email, Invitee(email, str(access.user)))
    return list(found.values())
