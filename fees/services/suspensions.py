"""Suspension of a member's rights while a fee is unpaid after its due date (art. 3.5).

The fees app writes members.Suspension; members.selectors.member_is_suspended and
suspended_member_ids read it for every eligibility check. A suspension opens the day after
the due date and is lifted, by itself, on the day the invoice is paid (or credited) in full.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, QuerySet

from aer_portal.dates import day
from aer_portal.rules.fee_collection import suspension_first_day
from aer_portal.rules.fee_terms import fee_overdue
from fees.models import CreditNote, Invoice, Payment
from fees.selectors.balances import CENT, with_balances
from members.models import Suspension

SOURCE_PREFIX = "invoice "


@dataclass(frozen=True)
class SuspensionChanges:
    opened: int
    lifted: int


def _paid_in_full_on(invoice_ids: Iterable[int]) -> dict[int, date]:
    """The day each invoice's last payment or credit note arrived (two queries)."""
    days: dict[int, date] = {}
    for model, field in ((Payment, "received_on"), (CreditNote, "issued_on")):
        rows = (
            model.objects.filter(invoice_id__in=list(invoice_ids))
            .values("invoice_id")
            .annotate(last=Max(field))
            .values_list("invoice_id", "last")
        )
        for invoice_id, last in rows:
            days[invoice_id] = max(days.get(invoice_id, last), last)
    return days


def _settled_marks_keep(invoices: list[Invoice]) -> None:
    """Marks these invoices (annotated with balances) settled when paid or credited in full,
    and unsettled otherwise, where the mark changed (Invoice.settled)."""
    settled = {i.pk: Decimal(i.balance) < CENT for i in invoices}  # type: ignore[attr-defined]
    for mark in (True, False):
        ids = [i.pk for i in invoices if settled[i.pk] is mark and i.settled is not mark]
        if ids:
            Invoice.objects.filter(pk__in=ids).update(settled=mark)


@transaction.atomic
def suspensions_update_for(*, invoices: QuerySet[Invoice], today: date) -> SuspensionChanges:
    """Opens and lifts the suspensions these invoices (annotated with balances) call for, and
    keeps their settled mark: every payment and credit note recorded, and the daily pass,
    come through here with the invoices they touched."""
    invoices_list = list(invoices.select_related("member"))
    _settled_marks_keep(invoices_list)
    sources = {invoice.suspension_source: invoice for invoice in invoices_list}
    open_rows = {
        row.source: row
        for row in Suspension.objects.select_for_update().filter(
            source__in=sources, ends_on__isnull=True
        )
    }
    settled = [
        invoice
        for invoice in invoices_list
        if Decimal(invoice.balance) < CENT and invoice.suspension_source in open_rows  # type: ignore[attr-defined]
    ]
    paid_on = _paid_in_full_on(invoice.pk for invoice in settled)
    lifted = 0
    for invoice in settled:
        row = open_rows[invoice.suspension_source]
        # Paid before the suspension began (a late bank statement): it lasted no day at all.
        row.ends_on = max(row.starts_on, paid_on.get(invoice.pk, today))
        row.save(update_fields=["ends_on"])
        lifted += 1
    opened = []
    for invoice in invoices_list:
        owed = Decimal(invoice.balance) >= CENT  # type: ignore[attr-defined]
        if invoice.suspension_source in open_rows or not owed:
            continue
        if fee_overdue(due=invoice.due_on, today=today, paid_in_full=False):
            opened.append(
                Suspension(
                    member=invoice.member,
                    starts_on=suspension_first_day(invoice.due_on),
                    reason=(
                        f"Invoice {invoice.number} unpaid after its due date "
                        f"{day(invoice.due_on)} (Procedures art. 3.5)"
                    ),
                    source=invoice.suspension_source,
                )
            )
    for suspension in opened:
        suspension.save()  # one by one, so that the audit history records each
    return SuspensionChanges(opened=len(opened), lifted=lifted)


def suspensions_update(*, today: date) -> SuspensionChanges:
    """The daily pass: every invoice owed after its due date, and every open suspension."""
    open_sources = Suspension.objects.filter(
        ends_on__isnull=True, source__startswith=SOURCE_PREFIX
    ).values_list("source", flat=True)
    numbers = [source.removeprefix(SOURCE_PREFIX) for source in open_sources]
    owed = with_balances(Invoice.objects.filter(due_on__lt=today)).filter(
        balance__gte=CENT  # type: ignore[misc]
    )
    ids = set(owed.values_list("pk", flat=True))
    ids |= set(Invoice.objects.filter(number__in=numbers).values_list("pk", flat=True))
    return suspensions_update_for(
        invoices=with_balances(Invoice.objects.filter(pk__in=ids)), today=today
    )
