"""Read-only queries about members, people and accounts, scoped to who asks."""

from __future__ import annotations

from django.db.models import QuerySet

from members.models import PortalAccess, User


def user_accesses(*, user: User) -> QuerySet[PortalAccess]:
    """The members an account acts for, with their country, in one query."""
    return (
        PortalAccess.objects.filter(user=user)
        .select_related("member__country")
        .order_by("member__name")
    )
