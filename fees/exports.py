"""What the accountant receives: invoices, credit notes and payments of a year.

In XLSX, amounts are numbers shown with two decimals, dates are dates and text is a text cell,
which a spreadsheet never runs as a formula (members.resources.typed_xlsx). In CSV, where a
spreadsheet guesses every cell's type, text that it would run as a formula (starting with =,
+, -, @, a tab or a carriage return) is neutralised with a leading apostrophe.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import tablib

from fees.models import CreditNote, Invoice, Payment
from fees.selectors.balances import invoice_rows, with_balances
from members.resources import typed_xlsx

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that could be read as a formula gets a leading apostrophe; other values pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _dataset(headers: list[str], rows: list[list[object]], title: str) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=headers, title=title)
    for row in rows:
        dataset.append(row)
    return dataset


def render_export(dataset: tablib.Dataset, fmt: str) -> bytes:
    """The dataset as CSV (UTF-8 with a byte-order mark, formulas neutralised) or typed XLSX."""
    if fmt == "xlsx":
        return typed_xlsx(dataset)
    guarded = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        guarded.append([neutralise(value) for value in row])
    # The byte-order mark makes spreadsheet programs read UTF-8.
    return ("\ufeff" + guarded.export("csv")).encode("utf-8")


def _money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def invoices_dataset(*, year: int, today: date) -> tablib.Dataset:
    invoices = with_balances(Invoice.objects.filter(year=year).select_related("member")).order_by(
        "sequence"
    )
    rows = [
        [
            row.invoice.number,
            row.invoice.get_kind_display(),
            row.invoice.year,
            row.invoice.member_name,
            row.invoice.country_name,
            row.invoice.issued_on,
            row.invoice.due_on,
            _money(row.invoice.total),
            _money(row.invoice.credited),  # type: ignore[attr-defined]
            _money(row.invoice.paid),  # type: ignore[attr-defined]
            _money(row.invoice.balance),  # type: ignore[attr-defined]
            str(row.status.label),
        ]
        for row in invoice_rows(invoices, today=today)
    ]
    headers = [
        "number", "kind", "year", "member", "country", "issued_on", "due_on",
        "total", "credited", "paid", "balance", "status",
    ]  # fmt: skip
    return _dataset(headers, rows, f"Invoices {year}")


def credit_notes_dataset(*, year: int, today: date) -> tablib.Dataset:
    notes = CreditNote.objects.filter(year=year).select_related("invoice").order_by("sequence")
    rows = [
        [
            note.number,
            note.issued_on,
            note.invoice.number,
            note.invoice.member_name,
            _money(note.amount),
            note.reason,
        ]
        for note in notes
    ]
    headers = ["number", "issued_on", "invoice", "member", "amount", "reason"]
    return _dataset(headers, rows, f"Credit notes {year}")


def payments_dataset(*, year: int, today: date) -> tablib.Dataset:
    payments = (
        Payment.objects.filter(received_on__year=year)
        .select_related("invoice", "recorded_by")
        .order_by("received_on", "pk")
    )
    rows = [
        [
            payment.received_on,
            payment.invoice.number,
            payment.invoice.member_name,
            _money(payment.amount),
            payment.reference,
            payment.get_source_display(),
            payment.recorded_by.email if payment.recorded_by else "",
        ]
        for payment in payments
    ]
    headers = ["received_on", "invoice", "member", "amount", "reference", "source", "recorded_by"]
    return _dataset(headers, rows, f"Payments {year}")


EXPORTS: dict[str, Callable[..., tablib.Dataset]] = {
    "invoices": invoices_dataset,
    "credit-notes": credit_notes_dataset,
    "payments": payments_dataset,
}


def export_dataset(what: str, *, year: int, today: date) -> tablib.Dataset:
    return EXPORTS[what](year=year, today=today)
