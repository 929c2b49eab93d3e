"""The full record of a member or person, for its officers and for data-protection requests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from members.models import (
    AccessRequest,
    ContactRole,
    Member,
    Membership,
    MemberStatistics,
    Person,
    RegionalMandate,
    User,
)
from members.selectors.memberships import member_is_suspended


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
    has_account: bool = False
    access_request: AccessRequest | None = None

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


def _person_record(person: Person, on: date) -> PersonRecord:
    # Prefetched into lists (``to_attr``) by :func:`member_record`.
    regional: tuple[RegionalMandate, ...] = tuple(person.record_regional_mandates)  # type: ignore[attr-defined]
    lost = [m for m in regional if m.lost_on is not None and m.lost_on <= on]
    mandates: list[Any] = person.record_mandates  # type: ignore[attr-defined]

    def running(mandate: Any) -> bool:
        # A governance Mandate, read through the reverse relation (members imports no app above).
        return bool(mandate.runs_on(on))

    return PersonRecord(
        person=person,
        roles=tuple(person.record_roles),  # type: ignore[attr-defined]
        regional_mandates=regional,
        holds_regional_mandate=any(m.holds_on(on) for m in regional),
        lost_regional_mandate=max(lost, key=lambda m: m.lost_on or on, default=None),
        current_mandates=tuple(m for m in mandates if running(m)),
        past_mandates=tuple(m for m in mandates if not running(m) and m.starts_on <= on),
        has_account=hasattr(person, "account"),
        access_request=next(iter(person.record_access_requests), None),  # type: ignore[attr-defined]
    )


def member_record(*, member: Member, on: date, changes: int = 10) -> MemberRecord:
    """A member's record, category history, statistics, people with their roles, regional and
    AER mandates, whether each has a portal account and the latest request for one, and the
    latest changes to its contacts (ten queries whatever the size).

    The people's mandates in AER bodies are read through the reverse relation
    ``Person.mandates`` (governance), so this app does not import the governance app.
    """
    # The mandates come with their seat, body and country in one query: prefetched one level
    # at a time, the seats' countries were read only when some seat had one, so the count of
    # queries depended on the data (seen by the bench across scales).
    mandate_model = Person._meta.get_field("mandates").related_model
    people = (
        Person.objects.filter(member=member, anonymised_on__isnull=True)
        .select_related("account")
        # Into lists (``to_attr``): a related manager and its queryset built for each person
        # and each relation cost more than the four queries.
        .prefetch_related(
            Prefetch("contact_roles", to_attr="record_roles"),
            Prefetch(
                "access_requests",
                # The page shows the request's status, day and reason, not who decided.
                queryset=AccessRequest.objects.order_by("-requested_at", "-pk"),
                to_attr="record_access_requests",
            ),
            Prefetch("regional_mandates", to_attr="record_regional_mandates"),
            Prefetch(
                "mandates",
                queryset=mandate_model._default_manager.select_related(  # type: ignore[union-attr]
                    "seat__body", "seat__country"
                ),
                to_attr="record_mandates",
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
