"""SWIFT MT940 customer statements (``.sta``, ``.mt940``, often renamed ``.txt``), read by the
``mt-940`` library.

Each ``:61:`` statement line is one line; its ``:86:`` information is the reference. The payer's
name is taken from the usual sub-fields of ``:86:`` (``/NAME/``, ``/ORDP/`` and the German
``?32``/``?33``) when the bank writes them. The statement's period runs from the date of its
opening balance (``:60F:``) to the date of its closing balance (``:62F:``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

import mt940
from django.utils.translation import gettext as _

from fees.statements.base import (
    MT940,
    ParsedStatement,
    StatementLine,
    StatementRejected,
    checked_line,
    collect,
)

_BALANCE = re.compile(r"^:6([02])[FM]:[CD](\d{2})(\d{2})(\d{2})", re.MULTILINE)
_NAME = re.compile(r"/(?:NAME|ORDP)/(?:ID/)?([^/]+)")
_GERMAN_NAME = re.compile(r"\?3[23]([^?]*)")


def _counterparty(details: str) -> str:
    found = _NAME.search(details)
    if found:
        return found.group(1).strip()
    return " ".join(part.strip() for part in _GERMAN_NAME.findall(details)).strip()


def _period(text: str) -> tuple[date | None, date | None]:
    opening: list[date] = []
    closing: list[date] = []
    for kind, yy, mm, dd in _BALANCE.findall(text):
        try:
            day = date(2000 + int(yy), int(mm), int(dd))
        except ValueError:
            raise StatementRejected(
                [_("A balance (:60F:/:62F:) of the MT940 statement has no valid date.")]
            ) from None
        (opening if kind == "0" else closing).append(day)
    return (min(opening) if opening else None, max(closing) if closing else None)


@contextmanager
def _library_quiet() -> Iterator[None]:
    """The library logs every field it fails to read at ERROR; a bad file is reported to the
    person who sent it, so those lines are kept out of the server's error log."""
    logger = logging.getLogger("mt940")
    before = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(before)


def parse_mt940(content: bytes) -> ParsedStatement:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("latin-1")
    try:
        with _library_quiet():
            transactions = mt940.models.Transactions()
            transactions.parse(text)
    except Exception as error:
        raise StatementRejected(
            [_("This MT940 statement cannot be read (%(error)s).") % {"error": error}]
        ) from None
    items: list[tuple[str, Callable[..., StatementLine]]] = []
    for number, transaction in enumerate(transactions, start=1):
        data: dict[str, Any] = transaction.data
        where = _("transaction %(number)s (:61:)") % {"number": number}
        amount = data.get("amount")
        value: Decimal | None = getattr(amount, "amount", None)
        booked = data.get("entry_date") or data.get("date")
        details = str(data.get("transaction_details") or "")
        bank_reference = str(data.get("bank_reference") or "")
        customer_reference = str(data.get("customer_reference") or "")
        reference = " ".join(
            part
            for part in (details, "" if customer_reference == "NONREF" else customer_reference)
            if part
        )

        currency = str(getattr(amount, "currency", "") or data.get("currency") or "")

        def build(
            number=number,
            where=where,
            value=value,
            booked=booked,
            currency=currency,
            reference=reference,
            details=details,
            bank_reference=bank_reference,
        ) -> StatementLine:
            return checked_line(
                line_number=number,
                position=where,
                day=date(booked.year, booked.month, booked.day) if booked else "",
                amount=value if value is not None else "",
                currency=currency,
                reference=reference,
                counterparty=_counterparty(details),
                bank_reference=bank_reference,
            )

        items.append((where, build))
    lines = collect(items)
    if not lines:
        raise StatementRejected([_("The MT940 statement has no transactions (:61:).")])
    start, end = _period(text)
    return ParsedStatement(MT940, lines, period_start=start, period_end=end)
