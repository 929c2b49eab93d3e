"""Writes to meetings."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from aer_portal.errors import DomainError
from governance.models import Body, Meeting
from members.models import User


@transaction.atomic
def meeting_schedule(
    *,
    body: Body,
    title: str,
    starts_at: datetime,
    actor: User | None,
    ends_at: datetime | None = None,
    place: str = "",
    online_url: str = "",
) -> Meeting:
    """Plans a meeting of a body; its notice deadlines follow from aer_portal.rules.meetings."""
    meeting = Meeting(
        body=body,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
    )
    try:
        meeting.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(f"{field}: {messages[0]}", field=field) from error
    meeting.save()
    return meeting
