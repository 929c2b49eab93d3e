"""Read-only queries about members, people and accounts, scoped to who asks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext

from aer_portal.rules.membership import MemberCategory, observer_status_last_day
from members.models import (
    ContactRole,
    Country,
    Member,
    Membership,
    MemberStatistics,
    Person,
    PortalAccess,
    RegionalMandate,
    Suspension,
    User,
)


def user_accesses(*, user: User) -> QuerySet[PortalAccess]:
    """The members an account acts for, with their country, in one query."""
    return (
        PortalAccess.objects.filter(user=user)
        .select_related("member__country")
        .order_by("member__name")
    )


def suspended_member_ids(*, on: date) -> set[int]:
    """Members whose rights are suspended on the given day (Procedures art. 3.5), one query."""
    return set(
        Suspension.objects.filter(starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        .values_list("member_id", flat=True)
    )


def member_is_suspended(*, member_id: int, on: date) -> bool:
    """Whether one member's rights are suspended on the given day (Procedures art. 3.5)."""
    return (
        Suspension.objects.filter(member_id=member_id, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        .exists()
    )


def person_holds_regional_mandate(*, person_id: int, on: date) -> bool:
    """Whether a person holds a regional political mandate on the given day (art. 15.2)."""
    return (
        RegionalMandate.objects.filter(person_id=person_id, starts_on__lte=on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
        .filter(Q(lost_on__isnull=True) | Q(lost_on__gt=on))
        .exists()
    )


def contacts_for(*, role: str, member_ids: Iterable[int]) -> dict[int, list[Person]]:
    """The people who are each member's contact for one role (billing, Eurodyssey, …)."""
    contacts: dict[int, list[Person]] = {}
    people = (
        Person.objects.filter(contact_roles__role=role, member_id__in=list(member_ids))
        .exclude(email="")
        .order_by("last_name", "first_name")
    )
    for person in people:
        assert person.member_id is not None
        contacts.setdefault(person.member_id, []).append(person)
    return contacts


def billing_contacts(*, member_ids: Iterable[int]) -> dict[int, list[Person]]:
    """Who receives each member's invoices and fee reminders."""
    return contacts_for(role=ContactRole.Role.BILLING, member_ids=member_ids)


# --- Membership and the current category ------------------------------------------------


def current_membership_q(on: date, prefix: str = "") -> Q:
    """Membership periods running on the given day (an open end means still running)."""
    return Q(**{f"{prefix}board_decision__lte": on}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": on})
    )


def with_current_category(members: QuerySet[Member], *, on: date) -> QuerySet[Member]:
    """Annotates ``current_category`` and ``category_since`` (the decision that opened it).

    The category is derived from the membership history, never stored on the member: it is
    the category of the period running on ``on``, or ``None`` for a member that is not (or
    no longer) one.
    """
    current = Membership.objects.filter(current_membership_q(on), member=OuterRef("pk")).order_by(
        "-board_decision"
    )
    return members.annotate(
        current_category=Subquery(current.values("category")[:1]),
        category_since=Subquery(current.values("board_decision")[:1]),
    )


def category_label(category: str | None) -> str:
    """The category's name in the reader's language; "former member" for none."""
    if not category:
        return gettext("Not a member now")
    return gettext(MemberCategory(category).label)


def observer_last_day(*, category: str | None, since: date | None) -> date | None:
    """The last day of observer status (Procedures art. 2.1) for an annotated member."""
    if category != MemberCategory.OBSERVER or since is None:
        return None
    return observer_status_last_day(since)


# --- The member directory ---------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    """What a reader may narrow the directory by; empty values mean "all"."""

    query: str = ""
    country: str = ""
    category: str = ""
    kind: str = ""


@dataclass(frozen=True)
class DirectoryEntry:
    """One member in the directory, with what a reader may see of it."""

    member: Member
    category: str
    category_label: str
    since: date | None
    observer_until: date | None
    suspended: bool
    contacts: tuple[Person, ...]


def directory_countries() -> QuerySet[Country]:
    """The countries that have members, for the directory's filter (one query)."""
    return Country.objects.filter(members__isnull=False).distinct().order_by("name_en")


def member_directory(
    *, on: date, filters: DirectoryFilters, with_contacts: bool
) -> list[DirectoryEntry]:
    """Every current member with country and category, filtered; three queries at most.

    The directory is public; ``with_contacts`` (for logged-in readers only) adds each member's
    international relations contacts with their e-mail and phone.
    """
    members = with_current_category(Member.objects.select_related("country"), on=on)
    # The annotation is unknown to django-stubs, hence the filters by keyword dictionary.
    members = members.filter(**{"current_category__isnull": False})
    if filters.query:
        members = members.filter(
            Q(name__icontains=filters.query)
            | Q(native_name__icontains=filters.query)
            | Q(country__name_en__icontains=filters.query)
            | Q(country__name_fr__icontains=filters.query)
        )
    if filters.country:
        members = members.filter(country__code=filters.country.upper())
    if filters.category:
        members = members.filter(**{"current_category": filters.category})
    if filters.kind:
        members = members.filter(kind=filters.kind)
    if with_contacts:
        members = members.prefetch_related(
            Prefetch(
                "people",
                queryset=Person.objects.filter(
                    anonymised_on__isnull=True,
                    contact_roles__role=ContactRole.Role.INTERNATIONAL_RELATIONS,
                ).order_by("last_name", "first_name"),
                to_attr="directory_contacts",
            )
        )
    suspended = suspended_member_ids(on=on)
    return [
        DirectoryEntry(
            member=member,
            category=member.current_category,  # type: ignore[attr-defined]
            category_label=category_label(member.current_category),  # type: ignore[attr-defined]
            since=member.category_since,  # type: ignore[attr-defined]
            observer_until=observer_last_day(
                category=member.current_category,  # type: ignore[attr-defined]
                since=member.category_since,  # type: ignore[attr-defined]
            ),
            suspended=member.pk in suspended,
            contacts=tuple(getattr(member, "directory_contacts", ())),
        )
        for member in members.order_by("name")
    ]


# --- One member's record ("My region") --------------------------------------------------


def member_for_user(*, user: User, member_id: int) -> Member | None:
    """The member if the account may see its full record (staff, or acting for it)."""
    if not user.is_authenticated or not user.is_active:
        return None
    members = Member.objects.select_related("country")
    if not user.is_staff:
        members = members.filter(accesses__user=user)
    return members.filter(pk=member_id).first()


def may_edit_contacts(*, user: User, member_id: int) -> bool:
    """Staff and the member's officers correct its contacts; delegates and viewers read."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff:
        return True
    return PortalAccess.objects.filter(
        user=user, member_id=member_id, role=PortalAccess.Role.OFFICER
    ).exists()


@dataclass(frozen=True)
class PersonRecord:
    """One of a member's people on "My region": roles, regional and AER mandates."""

    person: Person
    roles: tuple[ContactRole, ...]
    regional_mandates: tuple[RegionalMandate, ...]
    holds_regional_mandate: bool
    lost_regional_mandate: RegionalMandate | None
    current_mandates: tuple[Any, ...]
    past_mandates: tuple[Any, ...]

    @property
    def is_delegate(self) -> bool:
        return bool(self.current_mandates or self.past_mandates) or any(
            role.role == ContactRole.Role.DELEGATE for role in self.roles
        )


@dataclass(frozen=True)
class MemberRecord:
    """Everything "My region" shows about one member, fetched in a constant number of queries."""

    member: Member
    memberships: tuple[Membership, ...]
    current: Membership | None
    observer_until: date | None
    observer_expired: bool
    statistics: tuple[MemberStatistics, ...]
    people: tuple[PersonRecord, ...]
    suspended: bool
    contact_changes: tuple[Any, ...]

    @property
    def contacts(self) -> tuple[PersonRecord, ...]:
        return tuple(p for p in self.people if p.roles)

    @property
    def delegates(self) -> tuple[PersonRecord, ...]:
        return tuple(p for p in self.people if p.is_delegate)

    @property
    def seats(self) -> tuple[Any, ...]:
        """The mandates the member's people hold now, by body: the bodies it sits in."""
        held = [m for p in self.people for m in p.current_mandates]
        return tuple(sorted(held, key=lambda m: (m.seat.body.name, str(m.seat))))


def _person_record(person: Person, on: date) -> PersonRecord:
    regional = tuple(person.regional_mandates.all())
    lost = [m for m in regional if m.lost_on is not None and m.lost_on <= on]
    mandates = list(person.mandates.all())

    def running(mandate: Any) -> bool:
        return bool(mandate.starts_on <= on and (mandate.ends_on is None or on <= mandate.ends_on))

    return PersonRecord(
        person=person,
        roles=tuple(person.contact_roles.all()),
        regional_mandates=regional,
        holds_regional_mandate=any(m.holds_on(on) for m in regional),
        lost_regional_mandate=max(lost, key=lambda m: m.lost_on or on, default=None),
        current_mandates=tuple(m for m in mandates if running(m)),
        past_mandates=tuple(m for m in mandates if not running(m) and m.starts_on <= on),
    )


def member_record(*, member: Member, on: date, changes: int = 10) -> MemberRecord:
    """A member's record, category history, statistics, people with their roles, regional and
    AER mandates, and the latest changes to its contacts (nine queries whatever the size).

    The people's mandates in AER bodies are read through the reverse relation
    ``Person.mandates`` (governance), so this app does not import the governance app.
    """
    # The mandates come with their seat, body and country in one query: prefetched one level
    # at a time, the seats' countries were read only when some seat had one, so the count of
    # queries depended on the data (seen by the bench across scales).
    mandate_model = Person._meta.get_field("mandates").related_model
    people = (
        Person.objects.filter(member=member, anonymised_on__isnull=True)
        .prefetch_related(
            "contact_roles",
            "regional_mandates",
            Prefetch(
                "mandates",
                queryset=mandate_model._default_manager.select_related(  # type: ignore[union-attr]
                    "seat__body", "seat__country"
                ),
            ),
        )
        .order_by("last_name", "first_name")
    )
    memberships = tuple(member.memberships.order_by("-board_decision"))
    current = next((m for m in memberships if m.is_current_on(on)), None)
    history_model = Person.history.model
    contact_changes = tuple(
        history_model.objects.filter(member_id=member.pk)
        .select_related("history_user")
        .order_by("-history_date")[:changes]
    )
    return MemberRecord(
        member=member,
        memberships=memberships,
        current=current,
        observer_until=current.observer_last_day if current else None,
        observer_expired=current.observer_status_expired_on(on) if current else False,
        statistics=tuple(member.statistics.order_by("-year")),
        people=tuple(_person_record(person, on) for person in people),
        suspended=member_is_suspended(member_id=member.pk, on=on),
        contact_changes=contact_changes,
    )


def contact_for_member(*, member_id: int, person_id: int) -> Person | None:
    """One of the member's (not anonymised) people, or None: an id of another region's
    contact finds nothing."""
    return (
        Person.objects.filter(pk=person_id, member_id=member_id, anonymised_on__isnull=True)
        .prefetch_related("contact_roles")
        .first()
    )


# --- Personal data (GDPR) ---------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def person_personal_data(*, person_id: int) -> dict[str, Any]:
    """Everything the portal holds about one person, for a request under GDPR art. 15/20.

    Their record, contact roles, regional political mandates, mandates in AER bodies, portal
    account (without the password) and the audit history of their own record.
    """
    person = (
        Person.objects.select_related("member")
        .prefetch_related("contact_roles", "regional_mandates", "mandates__seat__body")
        .get(pk=person_id)
    )
    account = User.objects.filter(person=person).prefetch_related("accesses__member").first()
    history = Person.history.filter(id=person.pk).order_by("history_date")
    fields = ("first_name", "last_name", "email", "phone", "title", "languages", "gender")
    return {
        "person": {
            "id": person.pk,
            **{name: getattr(person, name) for name in fields},
            "member": str(person.member) if person.member else None,
            "anonymised_on": _plain(person.anonymised_on),
        },
        "contact_roles": [
            {"role": role.role, "unit": role.unit} for role in person.contact_roles.all()
        ],
        "regional_political_mandates": [
            {
                "mandate": mandate.kind,
                "from": _plain(mandate.starts_on),
                "to": _plain(mandate.ends_on),
                "lost_on": _plain(mandate.lost_on),
            }
            for mandate in person.regional_mandates.all()
        ],
        "mandates_in_aer_bodies": [
            {
                "body": str(mandate.seat.body),
                "seat": str(mandate.seat),
                "on_behalf_of": str(mandate.member) if mandate.member_id else None,
                "from": _plain(mandate.starts_on),
                "to": _plain(mandate.ends_on),
                "consecutive_term": mandate.consecutive_term,
            }
            for mandate in person.mandates.all()
        ],
        "portal_account": None
        if account is None
        else {
            "email": account.email,
            "full_name": account.full_name,
            "preferred_language": account.preferred_language,
            "invited_on": _plain(account.date_joined),
            "last_login": _plain(account.last_login),
            "active": account.is_active,
            "acts_for": [
                {"member": str(access.member), "role": access.role}
                for access in account.accesses.all()
            ],
        },
        "history_of_the_record": [
            {
                "changed_on": _plain(row.history_date),
                "change": row.get_history_type_display(),
                **{name: getattr(row, name) for name in fields},
            }
            for row in history
        ],
    }
