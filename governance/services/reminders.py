"""Sending reminders exactly once, however often the scan or the send task runs."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from aer_portal.dates import in_words
from aer_portal.messages import for_reader, portal_name
from aer_portal.scheduling import failure_record, failure_resolve, records_waiting
from governance.models import ReminderSent
from governance.reminders import DueReminder, reminder_sources

logger = logging.getLogger(__name__)

#: The periodic job (settings.PERIODIC_JOBS) whose failures the scan records.
SCAN_JOB = "reminders-scan"


def _due_from_sources(today: date, now: datetime | None) -> list[DueReminder]:
    """Asks every source; one that raises is logged (and recorded when ``now`` is given), and
    the others still answer."""
    due: list[DueReminder] = []
    for name, source in reminder_sources().items():
        try:
            due.extend(source(today))
        except Exception as error:
            logger.error("reminder source %s failed: %s", name, error, exc_info=True)
            if now is not None:
                failure_record(job=SCAN_JOB, record=f"source {name}", reason=repr(error), now=now)
        else:
            if now is not None:
                failure_resolve(job=SCAN_JOB, record=f"source {name}", now=now)
    return due


def reminders_due(*, today: date, now: datetime | None = None) -> list[DueReminder]:
    """Every reminder the registered sources say is due today and the ledger has not seen."""
    due = _due_from_sources(today, now)
    if not due:
        return []
    sent = set(
        ReminderSent.objects.filter(deadline_key__in={r.deadline_key for r in due}).values_list(
            "kind", "deadline_key", "recipient"
        )
    )
    return [r for r in due if (r.kind, r.deadline_key, r.recipient) not in sent]


def ledger_send(*, kind: str, deadline_key: str, deadline: date, message: EmailMessage) -> bool:
    """Claims the ledger row of (kind, deadline_key, recipient) and sends in one transaction.

    False, and nothing sent, when the row exists already. On PostgreSQL a concurrent claim of
    the same row waits for the first transaction and then fails on the unique constraint, so
    two workers never both send. If the mail server refuses, the claim rolls back and a later
    run tries again. Invitations and documents use the same ledger as reminders.
    """
    message.subject = header_clean(str(message.subject))
    message.to = [header_clean(address) for address in message.to]
    (recipient,) = message.to
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                kind=kind,
                deadline_key=deadline_key,
                recipient=recipient,
                deadline=deadline,
                subject=message.subject[:300],
            )
            message.send()
    except IntegrityError:
        logger.info("%s for %s already sent to %s", kind, deadline_key, recipient)
        return False
    return True


def reminder_send(*, reminder: DueReminder) -> bool:
    """Renders one reminder and sends it once (see :func:`ledger_send`); False if sent before."""
    context = {
        **reminder.context,
        "deadline": reminder.deadline,
        "portal_name": portal_name(),
    }
    with translation.override(reminder.language):
        context = for_reader(in_words(context))
        subject = plain_text_render(f"{reminder.template}_subject.txt", context)
        body = plain_text_render(f"{reminder.template}_message.txt", context)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.recipient],
    )
    return ledger_send(
        kind=reminder.kind,
        deadline_key=reminder.deadline_key,
        deadline=reminder.deadline,
        message=message,
    )


def header_clean(value: str) -> str:
    """One line: CR, LF and runs of white space become one space (a topic typed with a line
    break made Django refuse the whole message with BadHeaderError)."""
    return " ".join(value.split())


def plain_text_render(template_name: str, context: dict[str, Any]) -> str:
    """Renders a plain-text e-mail template without HTML escaping ("R&D", not "R&amp;D")."""
    template = get_template(template_name)
    return template.template.render(Context(context, autoescape=False))  # type: ignore[attr-defined]


def reminder_record(reminder: DueReminder) -> str:
    """How the Scheduled work page names a reminder that failed."""
    return f"{reminder.kind} · {reminder.deadline_key} → {reminder.recipient}"


def reminders_send_due(*, today: date, now: datetime) -> dict[str, int]:
    """The periodic scan: sends every due reminder, each in isolation.

    A reminder that fails (a template error, a refused address, the mail server) is logged,
    recorded with its reason for the Scheduled work page, and tried again after a backoff;
    the others go out. The ledger keeps each single, however many scans run at once.
    Returns the counts: due, sent, skipped (sent meanwhile or waiting for a retry), failed.
    """
    due = reminders_due(today=today, now=now)
    waiting = records_waiting(job=SCAN_JOB, now=now)
    counts = {"due": len(due), "sent": 0, "skipped": 0, "failed": 0}
    for reminder in due:
        record = reminder_record(reminder)
        if record in waiting:
            counts["skipped"] += 1
            continue
        try:
            sent = reminder_send(reminder=reminder)
        except Exception as error:
            logger.error("reminder %s was not sent: %r", record, error, exc_info=True)
            failure_record(job=SCAN_JOB, record=record, reason=repr(error), now=now)
            counts["failed"] += 1
            continue
        failure_resolve(job=SCAN_JOB, record=record, now=now)
        counts["sent" if sent else "skipped"] += 1
    return counts
