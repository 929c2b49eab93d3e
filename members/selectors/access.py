"""Requests for portal access, as the secretariat decides them."""

from __future__ import annotations

from django.db.models import QuerySet

from aer_portal.prepared import prepared_count
from members.models import AccessRequest


def pending_access_requests() -> list[AccessRequest]:
    """Every request waiting for the secretariat, oldest first (one query)."""
    return list(
        AccessRequest.objects.filter(status=AccessRequest.Status.PENDING)
        .select_related("person", "member", "requested_by")
        .order_by("requested_at", "pk")
    )


def pending_access_request_count() -> int:
    """How many requests wait for the secretariat (the dashboard's count; compiled once,
    aer_portal.prepared)."""
    return prepared_count(_pending)


def _pending() -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(status=AccessRequest.Status.PENDING)


def decided_access_requests(*, limit: int = 20) -> list[AccessRequest]:
    """The latest decisions, newest first, so staff see what was done (one query)."""
    return list(
        AccessRequest.objects.exclude(status=AccessRequest.Status.PENDING)
        .select_related("person", "member", "requested_by", "decided_by")
        .order_by("-decided_at", "-pk")[:limit]
    )
