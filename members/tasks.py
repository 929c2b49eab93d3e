"""Celery tasks of the members app."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone


@shared_task(name="members.observers.expire")
def observer_status_expire_task() -> dict[str, int]:
    """The daily pass that ends observer status after its year (Procedures art. 2.1)."""
    from members.services.withdrawals import observer_status_expire

    return {"ended": observer_status_expire(today=timezone.localdate())}
