"""Celery tasks of the governance app: the reminder scan, one send per reminder, and the
mailings that convene meetings. Each takes primary keys or JSON and is idempotent."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.utils import timezone

from governance.pending import delivery_task
from governance.reminders import DueReminder
from governance.services.reminders import reminder_send, reminders_send_due


@shared_task(name="governance.reminders.scan")
def reminders_scan() -> dict[str, int]:
    """Sends every reminder due today, each in isolation; safe to run as often as beat likes.

    Beat runs it through aer_portal.periodic.run, once per period; the counts it returns
    (due, sent, skipped, failed) show on the Scheduled work page.
    """
    return reminders_send_due(today=timezone.localdate(), now=timezone.now())


@shared_task(
    name="governance.reminders.send",
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def reminder_send_task(payload: dict[str, Any]) -> bool:
    """Sends one reminder (idempotent: the ledger refuses a second send)."""
    return reminder_send(reminder=DueReminder.from_payload(payload))


@delivery_task("governance.meetings.mailing_send")
def meeting_mailing_send_task(mailing_id: int) -> int:
    """Sends a meeting's invitation or documents to whoever has not received it yet."""
    from governance.services.mailings import meeting_mailing_deliver

    return meeting_mailing_deliver(mailing_id=mailing_id)


@shared_task(name="governance.pending_work.complete")
def pending_work_complete_task() -> dict[str, int]:
    """Publishes again the work a write recorded and no worker finished (the outbox job)."""
    from governance.services.pending import pending_work_complete

    run = pending_work_complete()
    return {"published": run.published, "given_up": run.given_up, "purged": run.purged}
