"""Read-only queries about meetings."""

from __future__ import annotations

from datetime import datetime

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Meeting


def next_meeting_of(*, kind: BodyKind, after: datetime) -> Meeting | None:
    """The next meeting (not cancelled) of a body of this kind after the given moment."""
    return (
        Meeting.objects.filter(body__kind=kind, starts_at__gt=after)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("starts_at")
        .first()
    )
