"""Celery tasks of the fees app; each takes primary keys and may run twice harmlessly.

The issuing and delivery tasks are recorded as pending work in the transaction of the write
that needs them (governance.services.pending): a broker outage or a killed worker delays
them, the periodic job ``governance.pending_work.complete`` publishes them again.
"""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from governance.pending import PendingWorkTask, delivery_task


@delivery_task("fees.invoice.deliver")
def invoice_deliver(invoice_id: int, send_email: bool = True) -> int:
    """Renders the invoice's PDF (once) and e-mails it to the billing contacts (once each)."""
    from fees.delivery import invoice_email_send
    from fees.pdf import invoice_pdf_store

    invoice_pdf_store(invoice_id=invoice_id)
    return invoice_email_send(invoice_id=invoice_id) if send_email else 0


@delivery_task("fees.credit_note.deliver")
def credit_note_deliver(credit_note_id: int, send_email: bool = True) -> int:
    """Renders the credit note's PDF (once) and e-mails it to the billing contacts."""
    from fees.delivery import credit_note_email_send
    from fees.pdf import credit_note_pdf_store

    credit_note_pdf_store(credit_note_id=credit_note_id)
    return credit_note_email_send(credit_note_id=credit_note_id) if send_email else 0


@shared_task(name="fees.call.issue", base=PendingWorkTask)
def fee_call_issue_task(year: int, actor_id: int | None, today: str) -> int:
    """Issues the call the secretariat confirmed (Procedures art. 3.1.2); returns how many
    invoices it created. Running it again invoices nobody twice (fees.services.calls)."""
    from fees.services.calls import fee_call_run

    return fee_call_run(year=year, actor_id=actor_id, today=date.fromisoformat(today))


@shared_task(name="fees.suspensions.update")
def suspensions_update_task() -> dict[str, int]:
    """The daily pass over unpaid invoices: suspends and lifts rights (Procedures art. 3.5)."""
    from fees.services.suspensions import suspensions_update

    changes = suspensions_update(today=timezone.localdate())
    return {"opened": changes.opened, "lifted": changes.lifted}
