"""What invoices owe: balances and statuses in words, the invoices that still owe a cent and
those overdue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from aer_portal.prepared import prepared_count, prepared_rows
from aer_portal.rules import N_
from aer_portal.rules.fee_terms import fee_overdue
from fees.models import CreditNote, Invoice, Payment

CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=2)  # type: ignore[var-annotated]


# --- Balances -----------------------------------------------------------------------------


def _summed(model: type[Payment] | type[CreditNote]) -> Subquery:
    """The sum of one invoice's ``amount``s, as a correlated subquery without GROUP BY.

    ``.values("invoice").annotate(Sum(...))`` groups the subquery's rows for each invoice
    it is run for: the staff dashboard's overdue count ran it twice per invoice, a third
    of its time at 4 000 invoices (issue 16). ``SUM`` over the filtered rows is the same.
    """
    return Subquery(
        model.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .annotate(total=Func(F("amount"), function="SUM", output_field=MONEY))
        .values("total"),
        output_field=MONEY,
    )


def with_balances(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Annotates ``paid``, ``credited`` and ``balance`` with two subqueries, not joins."""
    return invoices.annotate(
        paid=Coalesce(_summed(Payment), Value(Decimal(0)), output_field=MONEY),
        credited=Coalesce(_summed(CreditNote), Value(Decimal(0)), output_field=MONEY),
    ).annotate(
        balance=ExpressionWrapper(F("total") - F("credited") - F("paid"), output_field=MONEY)
    )


class InvoiceStatus(StrEnum):
    """Where an invoice stands; shown in words, never by colour alone."""

    OPEN = "open"
    OVERDUE = "overdue"
    PAID = "paid"
    OVERPAID = "overpaid"
    CREDITED = "credited"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_CLASSES = {
    InvoiceStatus.OPEN: "text-bg-warning",
    InvoiceStatus.OVERDUE: "text-bg-danger",
    InvoiceStatus.PAID: "text-bg-success",
    InvoiceStatus.OVERPAID: "text-bg-info",
    InvoiceStatus.CREDITED: "text-bg-secondary",
}
_STATUS_LABELS = {
    InvoiceStatus.OPEN: N_("Open"),
    InvoiceStatus.OVERDUE: N_("Overdue"),
    InvoiceStatus.PAID: N_("Paid"),
    InvoiceStatus.OVERPAID: N_("Overpaid"),
    InvoiceStatus.CREDITED: N_("Cancelled by credit note"),
}


def invoice_status(invoice: Invoice, *, today: date) -> InvoiceStatus:
    """The status of an invoice annotated by :func:`with_balances`."""
    return balance_status(
        balance=invoice.balance,  # type: ignore[attr-defined]
        total=invoice.total,
        paid=invoice.paid,  # type: ignore[attr-defined]
        credited=invoice.credited,  # type: ignore[attr-defined]
        due_on=invoice.due_on,
        today=today,
    )


def balance_status(
    *,
    balance: Decimal,
    total: Decimal,
    paid: Decimal,
    credited: Decimal,
    due_on: date,
    today: date,
) -> InvoiceStatus:
    """The status of an invoice of this total, paid and credited so much, due on that day."""
    balance = Decimal(balance).quantize(CENT)
    if balance < 0:
        return InvoiceStatus.OVERPAID
    if balance == 0:
        if paid == 0 and credited >= total > 0:
            return InvoiceStatus.CREDITED
        return InvoiceStatus.PAID
    if fee_overdue(due=due_on, today=today, paid_in_full=False):
        return InvoiceStatus.OVERDUE
    return InvoiceStatus.OPEN


class _StatusWords:
    """A row's status as a person reads it: the word, and Bootstrap's colour that repeats
    it (never replaces it)."""

    status: InvoiceStatus

    @property
    def status_label(self) -> str:
        return gettext(self.status.label)

    @property
    def status_class(self) -> str:
        return _STATUS_CLASSES[self.status]


@dataclass(frozen=True)
class InvoiceRow(_StatusWords):
    """An invoice with its money and status, ready for a template."""

    invoice: Invoice
    status: InvoiceStatus

    @property
    def amount_due(self) -> Decimal:
        return max(Decimal(self.invoice.balance), Decimal(0)).quantize(CENT)  # type: ignore[attr-defined]


def invoice_rows(invoices: Iterable[Invoice], *, today: date) -> list[InvoiceRow]:
    return [InvoiceRow(invoice, invoice_status(invoice, today=today)) for invoice in invoices]


# --- Invoices that owe --------------------------------------------------------------------


@dataclass(frozen=True)
class OwedInvoice(_StatusWords):
    """An invoice that still owes a cent, as the dashboard names it: plain values."""

    number: str
    member_name: str
    due_on: date
    amount_due: Decimal
    status: InvoiceStatus


def _owing_sql() -> tuple[str, str, str]:
    """One invoice's payments and credit notes summed, and whether it still owes a cent, as
    plain SQL on the invoice table itself (not usable where that table is aliased, as in a
    subquery).

    :func:`with_balances` says the same with Subquery, Coalesce and ExpressionWrapper
    expressions, whose compiling took most of the dashboard's fees panel (issue 16): the
    database does the same work either way.
    """
    qn = connection.ops.quote_name
    invoice = qn(Invoice._meta.db_table)

    def summed(model: type[Payment] | type[CreditNote]) -> str:
        table = qn(model._meta.db_table)
        # Names from the models, no value: nothing to inject.
        return (
            f"SELECT COALESCE(SUM({table}.{qn('amount')}), 0) FROM {table}"  # noqa: S608
            f" WHERE {table}.{qn('invoice_id')} = {invoice}.{qn('id')}"
        )

    paid, credited = summed(Payment), summed(CreditNote)
    return paid, credited, f"{invoice}.{qn('total')} - ({credited}) - ({paid}) >= {CENT}"


def _owed(member_ids: tuple[int, ...]) -> QuerySet[Invoice, tuple[Any, ...]]:
    paid, credited, owing = _owing_sql()
    return (
        Invoice.objects.filter(member_id__in=member_ids)
        .filter(RawSQL(owing, (), output_field=BooleanField()))  # noqa: S611
        .annotate(
            paid=RawSQL(paid, (), output_field=MONEY),  # noqa: S611
            credited=RawSQL(credited, (), output_field=MONEY),  # noqa: S611
        )
        .order_by("-year", "-issued_on", "-number")
        .values_list("number", "member_name", "due_on", "total", "paid", "credited")
    )


def owed_invoices(*, member_ids: Iterable[int], today: date) -> list[OwedInvoice]:
    """The invoices of these members that still owe a cent, newest first, with their amount
    due and status (one query): the dashboard's panel for the members an account acts for.

    By the members' ids, not through the accounts' access (a join and a DISTINCT), and
    without the member: the invoice keeps the name it was issued to. Its SQL is compiled once
    per members (aer_portal.prepared).
    """
    rows = prepared_rows(_owed, tuple(member_ids))
    owed = []
    for number, member_name, due_on, total, paid_sum, credited_sum in rows:
        balance = total - credited_sum - paid_sum
        status = balance_status(
            balance=balance,
            total=total,
            paid=paid_sum,
            credited=credited_sum,
            due_on=due_on,
            today=today,
        )
        owed.append(
            OwedInvoice(
                number=number,
                member_name=member_name,
                due_on=due_on,
                amount_due=max(balance, Decimal(0)).quantize(CENT),
                status=status,
            )
        )
    return owed


def _overdue(today: date) -> QuerySet[Invoice]:
    owing = _owing_sql()[2]
    return Invoice.objects.filter(settled=False, due_on__lt=today).filter(
        RawSQL(owing, (), output_field=BooleanField())  # noqa: S611
    )


def overdue_invoice_count(*, today: date) -> int:
    """How many invoices owe money after their due date (Procedures arts. 3.1, 3.5): the
    staff dashboard's figure, counted by the database in one query compiled once a day.

    The invoices marked settled are left out by their index; the balance of every other one
    is still checked, so the count is exact even for an invoice never marked. Summing every
    past invoice's payments grew with the years (issue 16).
    """
    return prepared_count(_overdue, today)
