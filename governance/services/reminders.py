"""Sending reminders exactly once, however often the scan or the send task runs."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
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


def reminder_send(*, reminder: DueReminder) -> bool:
    """Claims the ledger row and sends the e-mail in one transaction; False if sent before.

    On PostgreSQL a concurrent claim of the same row waits for the first transaction and then
    fails on the unique constraint, so two workers never both send. If the mail server refuses,
    the claim rolls back and a later scan tries again.
    """
    context = {
        **reminder.context,
        "deadline": reminder.deadline,
        "portal_name": settings.PORTAL_NAME,
    }
    with translation.override(reminder.language):
        subject = render_to_string(f"{reminder.template}_subject.txt", context).strip()
        body = render_to_string(f"{reminder.template}_message.txt", context)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                kind=reminder.kind,
                deadline_key=reminder.deadline_key,
                recipient=reminder.recipient,
                deadline=reminder.deadline,
                subject=subject[:300],
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [reminder.recipient])
    except IntegrityError:
        logger.info("Reminder %s for %s already sent", reminder.deadline_key, reminder.recipient)
        return False
    return True
