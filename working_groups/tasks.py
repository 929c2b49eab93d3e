"""Celery tasks of the working_groups app: the e-mails each step sends.

Tasks take primary keys and are idempotent: every e-mail claims a row in the governance
reminder ledger, so a retried or redelivered task never mails a person twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from governance.pending import delivery_task
from governance.reminders import DueReminder
from governance.services.reminders import reminder_send
from working_groups.notifications import (
    decision_mails,
    establishment_mails,
    submission_mails,
    support_invitation_mails,
)


def _send(mails: Iterable[DueReminder]) -> int:
    return sum(reminder_send(reminder=mail) for mail in mails)


@delivery_task("working_groups.notify_support_invited")
def notify_support_invited(support_id: int) -> int:
    """Tells an invited region's officers, with the link to confirm or decline."""
    return _send(support_invitation_mails(support_id))


@delivery_task("working_groups.notify_board_of_submission")
def notify_board_of_submission(proposal_id: int) -> int:
    """Tells every Executive Board member that a proposal awaits their review."""
    return _send(submission_mails(proposal_id))


@delivery_task("working_groups.notify_decision")
def notify_decision(proposal_id: int) -> int:
    """Tells the lead and supporting regions the Board's decision and its reason."""
    return _send(decision_mails(proposal_id))


@delivery_task("working_groups.announce_group")
def announce_group(group_id: int) -> int:
    """Tells every member of AER about a new working group and how to join it."""
    return _send(establishment_mails(group_id))
