"""Read-only queries about members, people and accounts, scoped to who asks."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet

from members.models import ContactRole, Person, PortalAccess, RegionalMandate, Suspension, User


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
