"""Invoices as the portal shows them: who may see which, one invoice with its credit notes and
suspensions; payments and statement lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import BigIntegerField, CharField, Q, QuerySet

from aer_portal.prepared import Late, prefetched, prepared_count, prepared_objects
from fees.models import (
    BankLine,
    CreditNote,
    Exemption,
    Invoice,
    InvoiceLine,
    Payment,
    ReductionProposal,
)
from fees.selectors.balances import CENT, with_balances
from members.models import Suspension, User

MEMBERSHIP_KINDS = (Invoice.Kind.ANNUAL, Invoice.Kind.FIRST_YEAR)


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
