"""Invoices as the portal shows them: balances, statuses, who may see which; payments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import connection
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DecimalField,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from aer_portal.prepared import (
    Late,
    prefetched,
    prepared_count,
    prepared_objects,
    prepared_rows,
)
from aer_portal.rules import N_
from aer_portal.rules.fee_terms import fee_overdue
from fees.models import (
    BankLine,
    CreditNote,
    Exemption,
    Invoice,
    InvoiceLine,
    Payment,
    ReductionProposal,
)
from members.models import Suspension, User

CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=14, decimal_places=2)  # type: ignore[var-annotated]
MEMBERSHIP_KINDS = (Invoice.Kind.ANNUAL, Invoice.Kind.FIRST_YEAR)


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


# --- The region's invoices ----------------------------------------------------------------


def visible_invoices(*, user: User, is_staff: bool) -> QuerySet[Invoice]:
    """Every invoice for staff; the invoices of the members the account acts for otherwise."""
    invoices = Invoice.objects.select_related("member")
    if is_staff:
        return invoices
    return invoices.filter(member__accesses__user=user).distinct()


def region_invoices(*, user: User, is_staff: bool, year: int | None = None) -> QuerySet[Invoice]:
    """The invoice list of the portal, newest first, with balances (one query)."""
    invoices = visible_invoices(user=user, is_staff=is_staff)
    if year is not None:
        invoices = invoices.filter(year=year)
    return with_balances(invoices).order_by("-year", "-issued_on", "-number")


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


#: An invoice's number and id, given to its page's queries when they run (aer_portal.prepared).
_NUMBER = Late("number", CharField())
_INVOICE = Late("invoice", BigIntegerField())


def _invoice(user_id: int | None, is_staff: bool) -> QuerySet[Invoice]:
    invoices = Invoice.objects.filter(number=_NUMBER)
    if not is_staff:
        # Anonymous (no id): nobody's invoice.
        invoices = invoices.filter(member__accesses__user_id=user_id or 0).distinct()
    return invoices.order_by()[:1]


def _lines() -> QuerySet[InvoiceLine]:
    # One invoice's lines: by position, without the model's join to order by invoice.
    return InvoiceLine.objects.filter(invoice_id=_INVOICE).order_by("position")


def _payments() -> QuerySet[Payment]:
    return Payment.objects.filter(invoice_id=_INVOICE).order_by("received_on", "pk")


def _credit_notes() -> QuerySet[CreditNote]:
    return CreditNote.objects.filter(invoice_id=_INVOICE).order_by("issued_on", "pk")


def _open_proposals() -> QuerySet[ReductionProposal]:
    return ReductionProposal.objects.filter(invoice_id=_INVOICE, credit_note__isnull=True).order_by(
        "proposed_on", "pk"
    )


def invoice_for(*, number: str, user: User, is_staff: bool) -> Invoice | None:
    """One invoice with its lines, payments and credit notes, if the account may see it, and
    its ``paid``, ``credited`` and ``balance`` as :func:`with_balances` gives them.

    The balance is summed here from the payments and credit notes read anyway: the two
    subqueries of :func:`with_balances` cost more to build than the page's other queries.
    The five queries are compiled once per kind of account (aer_portal.prepared), the
    number and the invoice given when they run: building them and their prefetches was most
    of the invoice's page.
    """
    found = prepared_objects(
        _invoice,
        None if is_staff or not user.is_authenticated else user.pk,
        is_staff,
        related=("member", "member__country"),
        bind={"number": number},
    )
    if not found:
        return None
    [invoice] = found
    of_invoice = {"invoice": invoice.pk}
    prefetched(invoice, "lines", prepared_objects(_lines, bind=of_invoice))
    prefetched(invoice, "payments", prepared_objects(_payments, bind=of_invoice))
    prefetched(
        invoice,
        "credit_notes",
        prepared_objects(
            _credit_notes,
            related=("proposal", "exemption", "exemption__proposal"),
            bind=of_invoice,
        ),
    )
    invoice.open_proposals = prepared_objects(_open_proposals, bind=of_invoice)  # type: ignore[attr-defined]
    paid = sum((payment.amount for payment in invoice.payments.all()), Decimal(0))
    credited = sum((note.amount for note in invoice.credit_notes.all()), Decimal(0))
    invoice.paid = paid  # type: ignore[attr-defined]
    invoice.credited = credited  # type: ignore[attr-defined]
    invoice.balance = invoice.total - credited - paid  # type: ignore[attr-defined]
    return invoice


def credit_note_for(*, number: str, user: User, is_staff: bool) -> CreditNote | None:
    visible = visible_invoices(user=user, is_staff=is_staff)
    return (
        CreditNote.objects.select_related("invoice")
        .filter(number=number, invoice__in=visible)
        .first()
    )


def _suspensions(member_ids: tuple[int, ...], on: date) -> QuerySet[Suspension]:
    return (
        Suspension.objects.in_force_on(on)
        .filter(member_id__in=member_ids)
        .select_related("member")
        .order_by("member__name", "starts_on")
    )


def open_suspensions(*, member_ids: Iterable[int], on: date) -> list[Suspension]:
    """Suspensions of rights running on ``on`` for these members (Procedures art. 3.5); the
    SQL compiled once per members and day (aer_portal.prepared)."""
    return prepared_objects(_suspensions, tuple(member_ids), on, related=("member",))


@dataclass(frozen=True)
class InvoiceSuspensions:
    """The suspensions an invoice page shows (Procedures art. 3.5).

    ``current``: the member's rights suspended on the day, for an unpaid invoice; ``past``:
    the suspension this invoice caused once it is paid (or credited) in full, as history with
    the day it began and the day it was lifted (``ends_on``; ``None`` when the daily pass has
    not recorded it yet).
    """

    current: list[Suspension]
    past: list[Suspension]


def invoice_suspensions(*, invoice: Invoice, on: date) -> InvoiceSuspensions:
    """The member's suspensions as the page of ``invoice`` (annotated by
    :func:`with_balances`) shows them (one query).

    A payment dated after the due date lifts the suspension from that day: once the invoice
    owes nothing, its suspension is history ("from … to …"), never a current state, even if
    the day it was lifted is after ``on``. A suspension that lasted no day (paid on time,
    recorded late) is not shown.
    """
    source = invoice.suspension_source
    settled = Decimal(invoice.balance) < CENT  # type: ignore[attr-defined]
    rows = (
        Suspension.objects.filter(member_id=invoice.member_id, starts_on__lte=on)
        .filter(Q(source=source) | Q(ends_on__isnull=True) | Q(ends_on__gt=on))
        .select_related("member")
        .order_by("starts_on", "pk")
    )
    current: list[Suspension] = []
    past: list[Suspension] = []
    for row in rows:
        running = row.ends_on is None or row.ends_on > on
        if row.source == source and (settled or not running):
            if row.ends_on is None or row.ends_on > row.starts_on:
                past.append(row)
        elif running:
            current.append(row)
    return InvoiceSuspensions(current=current, past=past)


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


# --- Payments and statements --------------------------------------------------------------


def recent_payments(*, limit: int = 50) -> QuerySet[Payment]:
    return Payment.objects.select_related("invoice", "recorded_by").order_by("-recorded_at", "-pk")[
        :limit
    ]


def lines_to_resolve_count() -> int:
    """How many statement lines :func:`lines_to_resolve` lists (one query, compiled once)."""
    return prepared_count(lines_to_resolve)


def lines_to_resolve() -> QuerySet[BankLine]:
    """Partial, overpaid and unmatched statement lines nobody has resolved yet."""
    return (
        BankLine.objects.filter(resolved_at__isnull=True)
        .exclude(match=BankLine.Match.PAID)
        .select_related("invoice", "statement")
        .order_by("statement__imported_at", "line_number")
    )


def exemptions_list() -> QuerySet[Exemption]:
    return Exemption.objects.select_related("member", "credit_note").order_by("-year", "member")


def reduction_proposals(*, limit: int = 50) -> list[ReductionProposal]:
    """Credit notes and discounts proposed by staff: awaiting the Treasurer first, then the
    latest decided (Procedures art. 3.4)."""
    rows = ReductionProposal.objects.select_related("member", "invoice", "credit_note")
    pending = list(rows.filter(status=ReductionProposal.Status.PROPOSED).order_by("proposed_on"))
    decided = list(
        rows.exclude(status=ReductionProposal.Status.PROPOSED).order_by("-decided_on", "-pk")[
            :limit
        ]
    )
    return pending + decided
