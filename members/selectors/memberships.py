"""Who is a member, in which category and with which suspensions and contacts, on a given day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext

from aer_portal.prepared import prepared_objects, prepared_rows
from aer_portal.rules.membership import MemberCategory, observer_status_last_day
from members.models import (
    ContactRole,
    Member,
    Membership,
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
    return {member_id for (member_id,) in prepared_rows(_suspended, on)}


def _suspended(on: date) -> QuerySet[Suspension, tuple[Any, ...]]:
    # Unordered: the ordering of the model joined the members for their names, for a set.
    return Suspension.objects.in_force_on(on).order_by().values_list("member_id")


def member_is_suspended(*, member_id: int, on: date) -> bool:
    """Whether one member's rights are suspended on the given day (Procedures art. 3.5)."""
    return Suspension.objects.in_force_on(on).filter(member_id=member_id).exists()


def person_holds_regional_mandate(*, person_id: int, on: date) -> bool:
    """Whether a person holds a regional political mandate on the given day (art. 15.2)."""
    return RegionalMandate.objects.holding_on(on).filter(person_id=person_id).exists()


def _contacts(role: str, member_ids: tuple[int, ...]) -> QuerySet[Person]:
    return (
        Person.objects.filter(contact_roles__role=role, member_id__in=member_ids)
        .exclude(email="")
        .order_by("last_name", "first_name")
    )


def contacts_for(*, role: str, member_ids: Iterable[int]) -> dict[int, list[Person]]:
    """The people who are each member's contact for one role (billing, Eurodyssey, …), with
    an e-mail address, by name.

    Compiled once per role and members (aer_portal.prepared): the fee-call preview asks for
    its rows' contacts on every view, and the ORM took three times as long to build the query
    as the database to answer it. No member, no query.
    """
    contacts: dict[int, list[Person]] = {}
    # Sorted: the same members asked in another order (a set) reuse the same SQL.
    for person in prepared_objects(_contacts, role, tuple(sorted(set(member_ids)))):
        assert person.member_id is not None
        contacts.setdefault(person.member_id, []).append(person)
    return contacts


def officer_addresses(
    *, member_ids: Iterable[int] | QuerySet[Any, Any]
) -> dict[int, set[tuple[str, str]]]:
    """Each member's officers with an active account, as (e-mail in lower case, preferred
    language): who is written to for a region. ``member_ids`` may be a subquery (one query)."""
    addresses: dict[int, set[tuple[str, str]]] = {}
    for member_id, email, language in PortalAccess.objects.filter(
        role=PortalAccess.Role.OFFICER, user__is_active=True, member_id__in=member_ids
    ).values_list("member_id", "user__email", "user__preferred_language"):
        addresses.setdefault(member_id, set()).add((email.lower(), language))
    return addresses


def billing_contacts(*, member_ids: Iterable[int]) -> dict[int, list[Person]]:
    """Who receives each member's invoices and fee reminders."""
    return contacts_for(role=ContactRole.Role.BILLING, member_ids=member_ids)


# --- Membership and the current category ------------------------------------------------


def current_member_ids(*, on: date) -> set[int]:
    """Members with a membership of any category on the given day, observers included (one
    query)."""
    return set(Membership.objects.current_on(on).order_by().values_list("member_id", flat=True))


def full_member_ids(*, on: date) -> set[int]:
    """Members whose category is full membership on the given day (one query)."""
    return set(
        Membership.objects.current_on(on)
        .filter(category=MemberCategory.FULL)
        .order_by()
        .values_list("member_id", flat=True)
    )


def current_categories(*, member_ids: Iterable[int], on: date) -> dict[int, str]:
    """Each member's membership category on the given day (one query); absent: none."""
    return dict(prepared_rows(_categories, tuple(sorted(set(member_ids))), on))


def _categories(member_ids: tuple[int, ...], on: date) -> QuerySet[Membership, tuple[Any, ...]]:
    return (
        Membership.objects.current_on(on)
        .filter(member_id__in=member_ids)
        # The model's order within a member, without joining the members for their names.
        .order_by("member_id", "-board_decision")
        .values_list("member_id", "category")
    )


def people_with_regional_mandate(*, person_ids: Iterable[int], on: date) -> set[int]:
    """Of the given people, those holding a regional political mandate (art. 15.2), one query."""
    asked = tuple(sorted(set(person_ids)))
    return {person_id for (person_id,) in prepared_rows(_holding, asked, on)}


def _holding(person_ids: tuple[int, ...], on: date) -> QuerySet[RegionalMandate, tuple[Any, ...]]:
    return (
        RegionalMandate.objects.holding_on(on)
        .filter(person_id__in=person_ids)
        .order_by()
        .values_list("person_id")
    )


def with_current_category(members: QuerySet[Member], *, on: date) -> QuerySet[Member]:
    """Annotates ``current_category`` and ``category_since`` (the decision that opened it).

    The category is derived from the membership history, never stored on the member: it is
    the category of the period running on ``on``, or ``None`` for a member that is not (or
    no longer) one.
    """
    current = (
        Membership.objects.current_on(on).filter(member=OuterRef("pk")).order_by("-board_decision")
    )
    return members.annotate(
        current_category=Subquery(current.values("category")[:1]),
        category_since=Subquery(current.values("board_decision")[:1]),
    )


def current_category_of(*, member_id: int, on: date) -> tuple[str | None, date | None]:
    """One member's ``current_category`` and ``category_since`` as
    :func:`with_current_category` annotates them (one query on its memberships, without the
    member and its two subqueries): ``(None, None)`` for a member that is not one on ``on``.
    """
    current = (
        Membership.objects.current_on(on)
        .filter(member_id=member_id)
        .order_by("-board_decision")
        .values_list("category", "board_decision")
        .first()
    )
    return (current[0], current[1]) if current is not None else (None, None)


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
