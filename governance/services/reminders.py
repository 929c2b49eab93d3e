"""Sending reminders exactly once, however often the scan or the send task runs."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from governance.models import ReminderSent
from governance.reminders import DueReminder, reminder_sources

logger = logging.getLogger(__name__)


def reminders_due(*, today: date) -> list[DueReminder]:
    """Every reminder the registered sources say is due today and the ledger has not seen."""
    due = [reminder for source in reminder_sources().values() for reminder in source(today)]
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
        "portal_name": settings.PORTAL_NAME,
    }
    with translation.override(reminder.language):
        subject = render_to_string(f"{reminder.template}_subject.txt", context).strip()
        body = render_to_string(f"{reminder.template}_message.txt", context)
    message = EmailMessage(
        subject=subject.replace("\n", " "),
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
