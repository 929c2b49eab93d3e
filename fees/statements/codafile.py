"""CODA 2.x, the Belgian banks' statement format (Febelfin's "Coded statement of account"),
read by the maintained ``febelfin-coda`` parser (the Tryton project's).

Each movement (record 21, with its records 22 and 23) is one line; the structured
communication (type 101, the Belgian ``+++…+++``) or the free communication is its reference
and the counterparty's name is taken from record 23. A movement totalised by the customer or
by the bank (type 1 or 2: a batch) whose details are given (types 5, 6, 7) becomes one line per
detail, so each payment of the batch is matched on its own. The statement's period runs from
its old balance's date (record 1) to its new balance's date (record 8).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import coda
from django.utils.translation import gettext as _

from fees.statements.base import (
    CODA,
    ParsedStatement,
    StatementLine,
    StatementRejected,
    checked_line,
    collect,
)

BATCH_TYPES = {"1", "2"}
BATCH_DETAIL_TYPES = {"5", "6", "7"}


def _communication(move: Any) -> str:
    """The movement's communication; a Belgian structured one (type 101) as ``+++…+++``."""
    try:
        text = str(move.communication or "")
        kind = move.communication_type
    except (AttributeError, IndexError, TypeError):
        return ""
    digits = text.strip()
    if kind in {"101", "102"} and len(digits) == 12 and digits.isdigit():
        return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"
    return " ".join(text.split())


def parse_coda(content: bytes) -> ParsedStatement:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        text = content.decode("windows-1252", errors="replace")
    records = [line.ljust(128) + "\n" for line in text.splitlines() if line.strip()]
    try:
        parsed = coda.CODA(io.StringIO("".join(records)))
    except Exception as error:
        raise StatementRejected(
            [
                _(
                    "This CODA statement cannot be read: a record is malformed or its "
                    "totals do not add up (%(error)s)."
                )
                % {"error": str(error) or type(error).__name__}
            ]
        ) from None
    items: list[tuple[str, Callable[..., StatementLine]]] = []
    starts = []
    ends = []
    for statement in parsed.statements:
        if statement.old_balance_date:
            starts.append(statement.old_balance_date)
        if statement.new_balance_date:
            ends.append(statement.new_balance_date)
        try:
            currency = statement.account_currency or "EUR"
        except (AttributeError, TypeError):
            currency = "EUR"
        for move in statement.moves:
            details = [m for m in move.moves if m.transaction_type in BATCH_DETAIL_TYPES]
            chosen = details if move.transaction_type in BATCH_TYPES and details else [move]
            for one in chosen:
                number = len(items) + 1
                if one is move:
                    where = _("movement %(sequence)s") % {"sequence": move.sequence}
                else:
                    where = _("movement %(sequence)s, detail %(detail)s") % {
                        "sequence": move.sequence,
                        "detail": one.detail_sequence,
                    }

                def build(one=one, number=number, where=where, currency=currency) -> StatementLine:
                    return checked_line(
                        line_number=number,
                        position=where,
                        day=one.entry_date or one.value_date,
                        amount=one.amount,
                        currency=currency,
                        reference=_communication(one),
                        counterparty=str(one.counterparty_name or ""),
                        bank_reference=f"{(one.bank_reference or '').strip()}/{one.sequence}/"
                        f"{one.detail_sequence}",
                    )

                items.append((where, build))
    lines = collect(items)
    if not lines:
        raise StatementRejected([_("The CODA statement has no movements (record 21).")])
    return ParsedStatement(
        CODA,
        lines,
        period_start=min(starts) if starts else None,
        period_end=max(ends) if ends else None,
    )
