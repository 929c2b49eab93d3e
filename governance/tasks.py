"""Celery tasks of the governance app: the periodic reminder scan and one send per reminder."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone

from governance.reminders import DueReminder
from governance.services.reminders import reminder_send, reminders_due


@shared_task(name="governance.reminders.scan")
def reminders_scan() -> int:
    """Enqueues one send per reminder due today; safe to run as often as beat likes."""
    due = reminders_due(today=timezone.localdate())
    for reminder in due:
        reminder_send_task.delay(reminder.as_payload())
    return len(due)


@shared_task(
    name="governance.reminders.send",
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def reminder_send_task(payload: dict[str, Any]) -> bool:
    """Sends one reminder (idempotent: the ledger refuses a second send)."""
    return reminder_send(reminder=DueReminder.from_payload(payload))
