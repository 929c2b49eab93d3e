"""The full record of a member and of its people, as its officers see it ("My region")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from django.db.models import QuerySet

from aer_portal.prepared import prepared_objects, prepared_rows
from members.models import (
    AccessRequest,
    ContactRole,
    Member,
    Membership,
    MemberStatistics,
    Person,
    RegionalMandate,
    person_name,
)
from members.selectors.memberships import member_is_suspended


@dataclass(frozen=True, slots=True)
class RecordPerson:
    """One of the member's (not anonymised) people, the columns "My region" shows."""

    pk: int
    first_name: str
    last_name: str
    title: str
    email: str
    phone: str
    languages: str

    def __str__(self) -> str:
        return person_name(self.first_name, self.last_name)  # not anonymised: the only ones listed


@dataclass(frozen=True, slots=True)
class RecordRole:
    """What a person is a contact for, named in the reader's language."""

    role: str
    label: str
    unit: str


@dataclass(frozen=True, slots=True)
class RecordAccessRequest:
    """The latest request for a person's portal account: its status, day and reason."""

    status: str
    requested_at: datetime
    refusal_reason: str


@dataclass(frozen=True, slots=True)
class RecordChange:
    """A change to one of the member's people, from their audit history."""

    history_date: datetime
    label: str
    first_name: str
    last_name: str
    anonymised_on: date | None
    by: str


@dataclass(frozen=True)
class PersonRecord:
    """One of a member's people on "My region": roles, regional and AER mandates."""

    person: RecordPerson
    roles: tuple[RecordRole, ...]
    regional_mandates: tuple[RegionalMandate, ...]
    holds_regional_mandate: bool
    lost_regional_mandate: RegionalMandate | None
    current_mandates: tuple[Any, ...]
    past_mandates: tuple[Any, ...]
    has_account: bool = False
    access_request: RecordAccessRequest | None = None

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
    statistics: tuple[dict[str, Any], ...]
    people: tuple[PersonRecord, ...]
    suspended: bool
    contact_changes: tuple[RecordChange, ...]

    @property
    def contacts(self) -> tuple[PersonRecord, ...]:
        return tuple(p for p in self.people if p.roles)

    @property
    def delegates(self) -> tuple[PersonRecord, ...]:
        return tuple(p for p in self.people if p.is_delegate)

    @property
    def cannot_answer(self) -> tuple[PersonRecord, ...]:
        """People the portal mails (support invitations go to international relations
        contacts, meeting invitations and reminders to those seated in a body) who have no
        account to answer with, and for whom no account is asked yet."""
        return tuple(
            p
            for p in self.people
            if p.person.email
            and not p.has_account
            and (p.access_request is None or p.access_request.status != "pending")
            and (
                p.current_mandates
                or any(r.role == ContactRole.Role.INTERNATIONAL_RELATIONS for r in p.roles)
            )
        )

    @property
    def seats(self) -> tuple[Any, ...]:
        """The mandates the member's people hold now, by body: the bodies it sits in."""
        held = [m for p in self.people for m in p.current_mandates]
        return tuple(sorted(held, key=lambda m: (m.seat.body.name, str(m.seat))))


#: Each contact role's name (translated when shown), by stored value.
_ROLE_LABELS: dict[str, Any] = dict(ContactRole.Role.choices)


def _by_person(rows: Any) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for person_id, row in rows:
        grouped.setdefault(person_id, []).append(row)
    return grouped


# The record's queries, by the member's id, compiled once per member
# (aer_portal.prepared): building them took the ORM longer than the database's answers.


def _people(member_id: int) -> QuerySet[Person, tuple[Any, ...]]:
    return (
        Person.objects.filter(member_id=member_id, anonymised_on__isnull=True)
        .order_by("last_name", "first_name")
        .values_list(
            "pk", "first_name", "last_name", "title", "email", "phone", "languages", "account"
        )
    )


def _roles(member_id: int) -> QuerySet[ContactRole, tuple[Any, ...]]:
    return (
        ContactRole.objects.filter(person__member_id=member_id)
        .order_by("pk")
        .values_list("person_id", "role", "unit")
    )


def _access_requests(member_id: int) -> QuerySet[AccessRequest, tuple[Any, ...]]:
    return (
        AccessRequest.objects.filter(person__member_id=member_id)
        .order_by("-requested_at", "-pk")
        .values_list("person_id", "status", "requested_at", "refusal_reason")
    )


def _regional(member_id: int) -> QuerySet[RegionalMandate]:
    return RegionalMandate.objects.filter(person__member_id=member_id).order_by(
        "person_id", "-starts_on"
    )


def _mandates(member_id: int) -> QuerySet[Any]:
    # Read through the reverse relation ``Person.mandates`` (governance): this app does not
    # import the governance app.
    mandate_model = Person._meta.get_field("mandates").related_model
    return (
        cast(Any, mandate_model)
        ._default_manager.filter(person__member_id=member_id)
        .order_by("-starts_on")
    )


def _memberships(member_id: int) -> QuerySet[Membership]:
    return Membership.objects.filter(member_id=member_id).order_by("-board_decision")


_STATISTICS = (
    "year",
    "population",
    "relative_gdp",
    "total_revenue",
    "population_source",
    "relative_gdp_source",
    "total_revenue_source",
)


def _statistics(member_id: int) -> QuerySet[MemberStatistics, tuple[Any, ...]]:
    return (
        MemberStatistics.objects.filter(member_id=member_id)
        .order_by("-year")
        .values_list(*_STATISTICS)
    )


def _changes(member_id: int, latest: int) -> QuerySet[Any, tuple[Any, ...]]:
    return (
        Person.history.model.objects.filter(member_id=member_id)
        .order_by("-history_date")
        .values_list(
            "history_date",
            "history_type",
            "first_name",
            "last_name",
            "anonymised_on",
            "history_user__full_name",
            "history_user__email",
        )[:latest]
    )


def member_record(*, member: Member, on: date, changes: int = 10) -> MemberRecord:
    """A member's record, category history, statistics, people with their roles, regional and
    AER mandates, whether each has a portal account and the latest request for one, and the
    latest changes to its contacts (nine queries whatever the size).

    The people's mandates in AER bodies are read through the reverse relation
    ``Person.mandates`` (governance), so this app does not import the governance app. Each
    relation is read by the member's id, as plain columns where the page shows only words:
    prefetching into model instances was most of the page's time. The SQL of each is
    compiled once per member (aer_portal.prepared).
    """
    people_rows = prepared_rows(_people, member.pk)
    roles = _by_person(
        (person_id, RecordRole(role=role, label=str(_ROLE_LABELS.get(role, role)), unit=unit))
        for person_id, role, unit in prepared_rows(_roles, member.pk)
    )
    # The page shows the latest request's status, day and reason, not who decided.
    requests = _by_person(
        (person_id, RecordAccessRequest(status=status, requested_at=at, refusal_reason=reason))
        for person_id, status, at, reason in prepared_rows(_access_requests, member.pk)
    )
    regional = _by_person((m.person_id, m) for m in prepared_objects(_regional, member.pk))
    # The mandates come with their seat, body and country in one query: read one level at a
    # time, the seats' countries were read only when some seat had one, so the count of
    # queries depended on the data (seen by the bench across scales). Their person too: the
    # page names the holder of each seat.
    mandates = _by_person(
        (m.person_id, m)
        for m in prepared_objects(
            _mandates, member.pk, related=("seat", "seat__body", "seat__country", "person")
        )
    )
    memberships = tuple(prepared_objects(_memberships, member.pk))
    current = next((m for m in memberships if m.is_current_on(on)), None)
    return MemberRecord(
        member=member,
        memberships=memberships,
        current=current,
        observer_until=current.observer_last_day if current else None,
        observer_expired=current.observer_status_expired_on(on) if current else False,
        statistics=tuple(
            dict(zip(_STATISTICS, row, strict=True))
            for row in prepared_rows(_statistics, member.pk)
        ),
        people=tuple(
            _person_record(
                RecordPerson(*row[:7]),
                on=on,
                roles=roles.get(row[0], ()),
                regional=regional.get(row[0], ()),
                mandates=mandates.get(row[0], ()),
                has_account=row[7] is not None,
                access_request=next(iter(requests.get(row[0], ())), None),
            )
            for row in people_rows
        ),
        suspended=member_is_suspended(member_id=member.pk, on=on),
        contact_changes=_contact_changes(member_id=member.pk, latest=changes),
    )


def _person_record(
    person: RecordPerson,
    *,
    on: date,
    roles: Any,
    regional: Any,
    mandates: Any,
    has_account: bool,
    access_request: RecordAccessRequest | None,
) -> PersonRecord:
    lost = [m for m in regional if m.lost_on is not None and m.lost_on <= on]

    def running(mandate: Any) -> bool:
        # A governance Mandate, read through the reverse relation (members imports no app above).
        return bool(mandate.runs_on(on))

    return PersonRecord(
        person=person,
        roles=tuple(roles),
        regional_mandates=tuple(regional),
        holds_regional_mandate=any(m.holds_on(on) for m in regional),
        lost_regional_mandate=max(lost, key=lambda m: m.lost_on or on, default=None),
        current_mandates=tuple(m for m in mandates if running(m)),
        past_mandates=tuple(m for m in mandates if not running(m) and m.starts_on <= on),
        has_account=has_account,
        access_request=access_request,
    )


def _contact_changes(*, member_id: int, latest: int) -> tuple[RecordChange, ...]:
    """The latest changes to the member's people, newest first, with who made them."""
    history_model = Person.history.model
    labels = dict(history_model._meta.get_field("history_type").choices or ())
    rows = prepared_rows(_changes, member_id, latest)
    return tuple(
        RecordChange(
            history_date=when,
            label=str(labels.get(kind, kind)),
            first_name=first_name,
            last_name=last_name,
            anonymised_on=anonymised_on,
            # As User.__str__ names the account; nobody for a change made outside a request.
            by=(full_name or email or "") if email is not None else "",
        )
        for when, kind, first_name, last_name, anonymised_on, full_name, email in rows
    )


def contact_for_member(*, member_id: int, person_id: int) -> Person | None:
    """One of the member's (not anonymised) people, or None: an id of another region's
    contact finds nothing."""
    return (
        Person.objects.filter(pk=person_id, member_id=member_id, anonymised_on__isnull=True)
        .prefetch_related("contact_roles")
        .first()
    )
