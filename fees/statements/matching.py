"""Which invoice a statement line pays, in the order a treasurer would look:

1. a valid structured reference (ISO 11649 ``RF…`` or the Belgian ``+++…+++``) naming one
   invoice (fees.references, whose check digits keep a typo from matching another invoice);
2. else one invoice number written anywhere in the text (``2026-0042``, ``2026/42``);
3. else the amount and the payer: exactly one open invoice whose balance is the amount and
   whose member's name the payer's name contains (or the other way round).

A line naming several invoices is left for a person, who may split it. The balances are
updated as lines match, so a batch paying the same invoice twice is seen as an overpayment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from fees.references import invoice_numbers_in
from fees.statements.base import StatementLine

REFERENCE = "reference"
NUMBER = "number"
AMOUNT_PAYER = "amount_payer"


@dataclass
class Candidate:
    """An invoice as matching sees it: its number, what is left to pay, who owes it."""

    number: str
    balance: Decimal
    payer: str


def _normal(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", plain.lower()))


def same_payer(counterparty: str, member_name: str) -> bool:
    """Whether a statement's payer is plausibly the member (accents, case, punctuation aside)."""
    payer, member = _normal(counterparty), _normal(member_name)
    if len(payer) < 4 or len(member) < 4:
        return False
    return f" {member} " in f" {payer} " or f" {payer} " in f" {member} "


def match_line(line: StatementLine, invoices: dict[str, Candidate]) -> tuple[Candidate | None, str]:
    """The invoice ``line`` pays and how it was found, or (None, "") when a person must say."""
    structured = [n for n in invoice_numbers_in(line.reference) if n in invoices]
    if len(structured) == 1:
        return invoices[structured[0]], REFERENCE
    if len(structured) > 1:
        return None, ""
    named = [n for n in line.invoice_numbers() if n in invoices]
    if len(named) == 1:
        return invoices[named[0]], NUMBER
    if len(named) > 1:
        return None, ""
    if not line.counterparty:
        return None, ""
    fitting = [
        c
        for c in invoices.values()
        if c.balance > 0 and c.balance == line.amount and same_payer(line.counterparty, c.payer)
    ]
    if len(fitting) == 1:
        return fitting[0], AMOUNT_PAYER
    return None, ""
