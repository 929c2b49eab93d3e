"""Fee reminders for governance.reminders: before the due date, after it, and the weekly list.

- ``fees.invoice.due_soon``: to each billing contact, from FEES_REMINDER_DAYS_BEFORE_DUE days
  before the due date until the due date, while money is owed.
- ``fees.invoice.overdue``: to each billing contact, the n-th notice once the invoice is that
  many days late (FEES_OVERDUE_NOTICE_DAYS, e.g. 1, 30, 60), while money is owed. Only the
  latest notice reached is offered, so a scan after an outage does not send all at once.
- ``fees.overdue.weekly``: to SECRETARIAT_EMAIL on FEES_OVERDUE_LIST_WEEKDAY, the list of
  every overdue invoice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings

from aer_portal.rules.messages import format_euros
from fees.delivery import contact_language
from fees.models import Invoice
from fees.selectors.balances import CENT, with_balances
from governance.reminders import DueReminder, JSONValue
from members.selectors.memberships import billing_contacts


def _invoice_context(invoice: Invoice) -> dict[str, JSONValue]:
    return {
        "number": invoice.number,
        "member": invoice.member_name,
        "due_on": invoice.due_on.isoformat(),
        "total": format_euros(invoice.total),
        "balance": format_euros(max(invoice.balance, 0)),  # type: ignore[attr-defined]
    }


def overdue_notice_reached(*, due: date, today: date) -> int:
    """Which overdue notice (1, 2, …) is due ``today`` for a fee due on ``due``; 0: none."""
    late = (today - due).days
    reached = [n for n, days in enumerate(settings.FEES_OVERDUE_NOTICE_DAYS, 1) if late >= days]
    return max(reached, default=0)


def invoice_reminders(today: date) -> Iterator[DueReminder]:
    """Every fee reminder due today (whether sent before or not: the ledger decides)."""
    window_end = today + timedelta(days=settings.FEES_REMINDER_DAYS_BEFORE_DUE)
    owed = list(
        with_balances(Invoice.objects.filter(due_on__lte=window_end))
        .filter(balance__gte=CENT)  # type: ignore[misc]
        .order_by("due_on", "number")
    )
    contacts = billing_contacts(member_ids={invoice.member_id for invoice in owed})
    for invoice in owed:
        context = _invoice_context(invoice)
        if today <= invoice.due_on:
            kind, key, template = (
                "fees.invoice.due_soon",
                f"invoice:{invoice.number}:due-soon",
                "fees/email/invoice_due_soon",
            )
        else:
            notice = overdue_notice_reached(due=invoice.due_on, today=today)
            if not notice:
                continue
            kind, key, template = (
                "fees.invoice.overdue",
                f"invoice:{invoice.number}:overdue:{notice}",
                "fees/email/invoice_overdue",
            )
            context = {**context, "notice": notice}
        for person in contacts.get(invoice.member_id, []):
            yield DueReminder(
                kind=kind,
                deadline_key=key,
                deadline=invoice.due_on,
                recipient=person.email,
                template=template,
                context=context,
                language=contact_language(person),
            )
    if today.weekday() == settings.FEES_OVERDUE_LIST_WEEKDAY:
        overdue = [invoice for invoice in owed if invoice.due_on < today]
        if overdue:
            year, week, _weekday = today.isocalendar()
            yield DueReminder(
                kind="fees.overdue.weekly",
                deadline_key=f"overdue-list:{year}-W{week:02d}",
                deadline=today,
                recipient=settings.SECRETARIAT_EMAIL,
                template="fees/email/overdue_list",
                context={
                    "invoices": [_invoice_context(invoice) for invoice in overdue],
                    "count": len(overdue),
                },
            )
