"""Every source of reminders the periodic scan asks, named in one place.

The scan, the ledger of what was sent and `DueReminder` are governance's (governance.reminders,
governance.services.reminders); the sources are each app's (`<app>/reminders.py`, governance's
in governance.selectors.reminders). They are listed here, above every app, instead of each app
registering its own from its AppConfig, so that one file shows what may send a reminder.
"""

from __future__ import annotations

import elections.reminders
import fees.reminders
import governance.selectors.reminders
import working_groups.reminders
from governance.reminders import ReminderSource, register_reminder_source

REMINDER_SOURCES: dict[str, ReminderSource] = {
    **governance.selectors.reminders.SOURCES,
    "fees.invoices": fees.reminders.invoice_reminders,
    "working_groups.review": working_groups.reminders.review_reminders,
    "working_groups.decision_missing": working_groups.reminders.decision_missing_reminders,
    "working_groups.mandate_ending": working_groups.reminders.mandate_ending_reminders,
    "elections.members": elections.reminders.member_reminders,
    "elections.secretariat": elections.reminders.secretariat_reminders,
}


def register_reminder_sources() -> None:
    """Hands every source to the scan (called once, when the portal app is ready)."""
    for name, source in REMINDER_SOURCES.items():
        register_reminder_source(name, source)
