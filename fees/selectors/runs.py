"""Where the issue of a year's call stands, read from its pending work (constant queries)."""

from __future__ import annotations

from dataclasses import dataclass

from fees.models import Invoice
from governance.models import PendingTask, ReminderSent
from governance.services.pending import GroupProgress, group_progress

ISSUE_TASK = "fees.call.issue"
DELIVER_TASK = "fees.invoice.deliver"


@dataclass(frozen=True)
class CallRunProgress:
    """The latest issue of the call, and the delivery of the call's invoices."""

    issue: PendingTask | None
    delivery: GroupProgress
    invoices: int
    pdfs: int
    emails: int

    @property
    def issuing(self) -> bool:
        return self.issue is not None and self.issue.state in ("queued", "running")

    @property
    def finished(self) -> bool:
        return not self.issuing and self.delivery.finished

    @property
    def percent(self) -> int:
        return 0 if self.issuing else self.delivery.percent


def call_run_progress(*, year: int) -> CallRunProgress:
    """Five queries, whatever the number of invoices."""
    group = f"fee-call:{year}"
    issue = PendingTask.objects.filter(task=ISSUE_TASK, group=group).order_by("-pk").first()
    invoices = Invoice.objects.filter(fee_call__year=year)
    return CallRunProgress(
        issue=issue,
        delivery=group_progress(group=group, task=DELIVER_TASK),
        invoices=invoices.count(),
        pdfs=invoices.exclude(pdf="").count(),
        emails=ReminderSent.objects.filter(
            kind="fees.invoice.issued", deadline_key__startswith=f"invoice:{year}-"
        ).count(),
    )
