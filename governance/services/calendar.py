"""The personal calendar feed's secret address: created, renewed, revoked."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from governance.models import CalendarFeed
from members.models import User


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Gives the account a new secret feed address; the old one stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(
        user=user, token=secrets.token_urlsafe(32), created_at=timezone.now()
    )


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> None:
    """Closes the account's feed address."""
    CalendarFeed.objects.filter(user=user).delete()
