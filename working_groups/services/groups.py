"""The life of a working group: members, Chair, seconded officer, meetings, activities, end.

AER Working Groups page, steps 4–5; Procedures art. 11.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from aer_portal.errors import DomainError, Refused
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import notice_deadlines
from governance.models import Mandate, Meeting, Seat
from governance.services.bodies import mandate_end, mandate_record, seat_for
from governance.services.meetings import meeting_schedule
from members.access import account_roles, may_manage_working_group
from members.models import Member, Person, User
from working_groups.models import (
    GroupActivity,
    GroupMembership,
    WorkingGroup,
)
from working_groups.selectors.groups import group_chair
from working_groups.services.checks import (
    full_clean,
    may_take_part,
    require_officer,
    require_staff,
)

# --- The life of a group -----------------------------------------------------------------


def _locked_group(group_id: int) -> WorkingGroup:
    try:
        return (
            WorkingGroup.objects.select_for_update(of=("self",))
            .select_related("body")
            .get(pk=group_id)
        )
    except WorkingGroup.DoesNotExist:
        raise DomainError(gettext("There is no such working group.")) from None


def _require_running(group: WorkingGroup, *, field: str | None = None) -> None:
    if group.dissolved_on is not None:
        raise DomainError(
            gettext("The Executive Board dissolved this working group on %(day)s.")
            % {"day": date_format(group.dissolved_on)},
            field=field,
        )


def _require_manager(actor: User, group: WorkingGroup, *, on: date, field: str | None) -> None:
    """The secretariat, or an officer of the Chair's region (Procedures art. 11.3)."""
    chair = group_chair(group=group, on=on) if not actor.is_staff else None
    chair_member_id = chair.member_id if chair is not None else None
    if may_manage_working_group(account_roles(user=actor), chair_member_id=chair_member_id):
        return
    raise Refused(
        gettext(
            "Only the secretariat and the officers of the Chair's region manage the working "
            "group's meetings and activities (Procedures art. 11.3)."
        ),
        field=field,
    )


@transaction.atomic
def group_join(*, group_id: int, region: Member, actor: User, today: date) -> GroupMembership:
    """A member region joins a working group: "The Working Groups are open to all members"."""
    group = _locked_group(group_id)
    require_officer(actor, region, field="region")
    _require_running(group, field="region")
    may_take_part(region, today=today, field="region")
    if GroupMembership.objects.filter(group=group, region=region, left_on__isnull=True).exists():
        raise DomainError(
            gettext("%(region)s is a member of this working group already.") % {"region": region},
            field="region",
        )
    membership = GroupMembership(group=group, region=region, joined_on=today)
    full_clean(membership)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise DomainError(
            gettext("%(region)s is a member of this working group already.") % {"region": region},
            field="region",
        ) from None
    return membership


@transaction.atomic
def group_leave(*, group_id: int, region: Member, actor: User, today: date) -> GroupMembership:
    """A member region leaves a working group."""
    group = _locked_group(group_id)
    require_officer(actor, region, field="region")
    _require_running(group, field="region")
    membership = (
        GroupMembership.objects.select_for_update()
        .filter(group=group, region=region, left_on__isnull=True)
        .first()
    )
    if membership is None:
        raise DomainError(
            gettext("%(region)s is not a member of this working group.") % {"region": region},
            field="region",
        )
    membership.left_on = max(today, membership.joined_on)
    membership.save(update_fields=["left_on"])
    return membership


def _current_office(group: WorkingGroup, role: str, *, on: date) -> Mandate | None:
    return (
        Mandate.objects.select_for_update()
        .filter(seat__body_id=group.body_id, seat__role=role, starts_on__lte=on)
        .filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=on))
        .select_related("person")
        .order_by("-starts_on")
        .first()
    )


def _end_before(mandate: Mandate, starts_on: date, *, actor: User, field: str, today: date) -> None:
    """Ends ``mandate`` the day before its successor's starts."""
    mandate_end(
        mandate=mandate,
        last_day=starts_on - timedelta(days=1),
        actor=actor,
        field=field,
        today=today,
    )


def _appoint(
    group: WorkingGroup,
    role: str,
    person: Person,
    member: Member | None,
    *,
    already: str,
    starts_on: date,
    actor: User,
    today: date,
    field: str,
) -> tuple[Mandate | None, Mandate]:
    """Gives ``person`` the group's office ``role`` from ``starts_on``, for ``member``.

    The holder's mandate ends the day before; appointing the holder again is refused with
    ``already`` (a sentence with ``%(person)s``). Returns the holder's mandate, if any, and the
    new one.
    """
    current = _current_office(group, role, on=starts_on)
    if current is not None:
        if current.person_id == person.pk:
            raise DomainError(already % {"person": person}, field="person")
        _end_before(current, starts_on, actor=actor, field=field, today=today)
    mandate = mandate_record(
        person=person,
        seat=seat_for(body=group.body, role=role),
        starts_on=starts_on,
        ends_on=None,
        actor=actor,
        member=member,
        today=today,
    )
    return current, mandate


@transaction.atomic
def group_chair_appoint(
    *, group_id: int, person: Person, meeting: Meeting, actor: User, today: date
) -> Mandate:
    """Records the Chair the group appointed at one of its held meetings, from its regions.

    AER Working Groups page, steps 4–5: the first meeting "appoint[s] a Chair"; "Each Working
    Group is chaired by a Chair, appointed by the Working Group". The appointment is a decision
    of the group, so it is recorded against a meeting of the group that has been held, and the
    mandate starts on that meeting's day (never at a date chosen apart from a meeting). A new
    Chair ends the previous one's mandate the day before; if the Chair's region changes, so
    does the seconded officer's (Procedures art. 11.2: the Chair's region appoints the
    seconded officer).
    """
    require_staff(actor, field="person")
    group = _locked_group(group_id)
    _require_running(group, field="person")
    if meeting.body_id != group.body_id or meeting.status not in (
        Meeting.Status.HELD,
        Meeting.Status.MINUTES_APPROVED,
    ):
        raise DomainError(
            gettext(
                "The working group appoints its Chair at one of its meetings; choose a "
                "meeting of %(group)s recorded as held (AER Working Groups page, step 4)."
            )
            % {"group": group.body.name},
            field="meeting",
        )
    starts_on = meeting.day
    if starts_on < group.established_on or starts_on > today:
        raise DomainError(
            gettext(
                "The Chair is appointed at a meeting between the group's establishment "
                "(%(established)s) and today."
            )
            % {"established": date_format(group.established_on)},
            field="meeting",
        )
    in_group = GroupMembership.objects.filter(
        group=group, region_id=person.member_id, left_on__isnull=True
    ).exists()
    if person.member_id is None or not in_group:
        raise DomainError(
            gettext(
                "The Chair comes from a member region of the working group; %(person)s does not."
            )
            % {"person": person},
            field="person",
        )
    already = gettext("%(person)s is the Chair already.")
    previous, mandate = _appoint(
        group, Seat.Role.CHAIR, person, person.member,
        already=already, starts_on=starts_on, actor=actor, today=today, field="meeting",
    )  # fmt: skip
    officer = _current_office(group, Seat.Role.SECONDED_OFFICER, on=starts_on)
    if previous is not None and officer is not None and officer.member_id != person.member_id:
        _end_before(officer, starts_on, actor=actor, field="meeting", today=today)
    return mandate


@transaction.atomic
def group_seconded_officer_appoint(
    *, group_id: int, person: Person, starts_on: date, actor: User, today: date
) -> Mandate:
    """The Chair's region appoints a seconded officer as the group's secretariat.

    Procedures art. 11.2: "Each Working Group Chair's region is charged to appoint a seconded
    officer to act as working group secretariat in liaison with the AER secretariat".
    """
    group = _locked_group(group_id)
    _require_running(group, field="person")
    chair = group_chair(group=group, on=today)
    if chair is None or chair.member is None:
        raise DomainError(
            gettext(
                "The group has no Chair yet; the Chair's region appoints the seconded "
                "officer (Procedures art. 11.2)."
            ),
            field="person",
        )
    if not actor.is_staff:
        require_officer(actor, chair.member, field="person")
    if person.member_id != chair.member_id:
        raise DomainError(
            gettext(
                "The seconded officer comes from the Chair's region, %(region)s "
                "(Procedures art. 11.2)."
            )
            % {"region": chair.member},
            field="person",
        )
    if starts_on < chair.starts_on or starts_on > today:
        raise DomainError(
            gettext(
                "The seconded officer is appointed between the Chair's appointment (%(day)s) "
                "and today."
            )
            % {"day": date_format(chair.starts_on)},
            field="starts_on",
        )
    already = gettext("%(person)s is the seconded officer already.")
    _, mandate = _appoint(
        group, Seat.Role.SECONDED_OFFICER, person, chair.member,
        already=already, starts_on=starts_on, actor=actor, today=today, field="starts_on",
    )  # fmt: skip
    return mandate


@transaction.atomic
def group_meeting_schedule(
    *,
    group_id: int,
    title: str,
    starts_at: datetime,
    actor: User,
    today: date,
    ends_at: datetime | None = None,
    place: str = "",
    online_url: str = "",
    field: str = "starts_at",
) -> Meeting:
    """Plans a meeting of the group, far enough ahead for its notice.

    Procedures art. 11.4: invitations and draft agendas go to members at least four weeks, and
    working documents two weeks, before the meeting (rules.meetings.notice_deadlines); a
    meeting whose invitation deadline has passed is refused.
    """
    group = _locked_group(group_id)
    _require_running(group, field=field)
    _require_manager(actor, group, on=today, field=field)
    deadlines = notice_deadlines(BodyKind.WORKING_GROUP, timezone.localdate(starts_at))
    if deadlines.invitation < today:
        raise DomainError(
            gettext(
                "Invitations and draft agendas go to members at least four weeks "
                "before the meeting (%(article)s): a meeting on %(day)s needed them by "
                "%(deadline)s. Choose %(earliest)s or later."
            )
            % {
                "article": deadlines.article,
                "day": date_format(deadlines.meeting_day),
                "deadline": date_format(deadlines.invitation),
                "earliest": date_format(today + (deadlines.meeting_day - deadlines.invitation)),
            },
            field=field,
        )
    if not place.strip() and not online_url.strip():
        raise DomainError(
            gettext("Give the place of the meeting or its online link."),
            field="place",
        )
    return meeting_schedule(
        body=group.body,
        title=title,
        starts_at=starts_at,
        actor=actor,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        today=today,
    )


@transaction.atomic
def group_activity_record(
    *,
    group_id: int,
    kind: str,
    title: str,
    happened_on: date,
    actor: User,
    today: date,
    description: str = "",
    link: str = "",
) -> GroupActivity:
    """Lists an activity or output of the group on its page: an event, a publication, a study,
    a representation at an external meeting (Statute, as quoted on the AER Working Groups page).
    """
    group = _locked_group(group_id)
    _require_running(group, field="title")
    _require_manager(actor, group, on=today, field="title")
    activity = GroupActivity(
        group=group,
        kind=kind,
        title=title.strip(),
        happened_on=happened_on,
        description=description.strip(),
        link=link.strip(),
        recorded_by=actor,
    )
    full_clean(activity)
    activity.save()
    return activity


@transaction.atomic
def group_dissolve(
    *, group_id: int, dissolved_on: date, reason: str, actor: User, today: date
) -> WorkingGroup:
    """Records the Executive Board's decision to dissolve a group; its page says so after.

    AER Working Groups page: "The Executive Board establishes or dissolves the Working Groups".
    The Chair's and seconded officer's mandates end that day.
    """
    require_staff(actor, field="reason")
    group = _locked_group(group_id)
    _require_running(group, field="dissolved_on")
    if not group.established_on <= dissolved_on <= today:
        raise DomainError(
            gettext("The decision is taken between the establishment (%(day)s) and today.")
            % {"day": date_format(group.established_on)},
            field="dissolved_on",
        )
    if not reason.strip():
        raise DomainError(gettext("Give the Board's reason."), field="reason")
    for role in (Seat.Role.CHAIR, Seat.Role.SECONDED_OFFICER):
        office = _current_office(group, role, on=dissolved_on)
        if office is not None and office.starts_on < dissolved_on:
            mandate_end(
                mandate=office,
                last_day=dissolved_on,
                actor=actor,
                field="dissolved_on",
                today=today,
            )
    group.dissolved_on = dissolved_on
    group.dissolution_reason = reason.strip()
    group.dissolution_recorded_by = actor
    full_clean(group)
    group.save(update_fields=["dissolved_on", "dissolution_reason", "dissolution_recorded_by"])
    return group
