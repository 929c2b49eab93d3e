"""What every statement reader shares: the line, the statement, amounts, dates, fingerprints.

Parsing either returns every line or raises :class:`StatementRejected` listing every problem;
it never returns half a file.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from django.utils.translation import gettext as _

CSV = "csv"
CAMT053 = "camt053"
CAMT054 = "camt054"
MT940 = "mt940"
CODA = "coda"

#: An invoice number in a payment reference: 2026-0042 (a credit note's CN-2026-0001 is not).
INVOICE_NUMBER = re.compile(r"(?<![0-9A-Za-z-])(\d{4})[-/](\d{4,6})(?![0-9])")


class StatementRejected(Exception):
    """The file cannot be imported; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class StatementLine:
    """One movement on the account; a positive amount is money received."""

    line_number: int
    booked_on: date
    amount: Decimal
    currency: str
    reference: str
    counterparty: str = ""
    bank_reference: str = ""
    #: Where the line is in the file, in a person's words ("line 3", "entry 2, transaction 1").
    position: str = ""

    @property
    def where(self) -> str:
        return self.position or _("line %(number)s") % {"number": self.line_number}

    @property
    def is_credit(self) -> bool:
        return self.amount > 0

    def invoice_numbers(self) -> list[str]:
        """Invoice numbers the reference names, in the portal's spelling, without repeats."""
        found = [f"{year}-{int(seq):04d}" for year, seq in INVOICE_NUMBER.findall(self.reference)]
        return list(dict.fromkeys(found))


@dataclass(frozen=True)
class ParsedStatement:
    """A statement read from a file: its format, its lines and, where the file says, the
    period it covers (first and last day)."""

    format: str
    lines: list[StatementLine]
    period_start: date | None = None
    period_end: date | None = None


def fingerprints(lines: list[StatementLine]) -> list[str]:
    """What identifies each line across files: the bank's own reference when it gives one,
    else its content and how many identical lines came before it in the file."""
    seen: Counter[tuple[object, ...]] = Counter()
    prints = []
    for line in lines:
        if line.bank_reference:
            key: tuple[object, ...] = ("bank", line.bank_reference)
        else:
            content = (
                line.booked_on.isoformat(),
                str(line.amount),
                line.currency,
                line.reference.strip(),
                line.counterparty.strip(),
            )
            seen[content] += 1
            key = ("content", *content, seen[content])
        prints.append(hashlib.sha256(repr(key).encode()).hexdigest())
    return prints


def without_spacing(text: str) -> str:
    """An amount as written, without spaces, apostrophes or euro sign (``1 234,56 €``)."""
    return re.sub(r"[\s\u00a0\u202f'€]", "", text)


def amount_of(cleaned: str, text: str) -> Decimal:
    """``cleaned`` (a sign, digits, at most one decimal point and two decimals) as a Decimal;
    ValueError naming ``text``, the amount as written, otherwise."""
    if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern above excludes it
        raise ValueError(text) from error


def parse_amount(text: str) -> Decimal:
    """``1234.56``, ``1 234,56``, ``1.234,56``, ``-50`` → Decimal; ValueError otherwise."""
    cleaned = without_spacing(text)
    if "," in cleaned and "." in cleaned:
        decimal_mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        cleaned = cleaned.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in cleaned:
        cleaned = (
            cleaned.replace(",", ".")
            if re.search(r",\d{1,2}$", cleaned)
            else cleaned.replace(",", "")
        )
    return amount_of(cleaned, text)


def parse_date(text: str) -> date:
    """``2026-03-31``, ``31/03/2026``, ``31.03.2026`` → date; ValueError otherwise."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(text)


def decode_text(content: bytes, *, encoding: str = "utf-8") -> str:
    """The text of a file; UTF-8 (with or without a byte-order mark) unless told otherwise."""
    try:
        if encoding.lower().replace("-", "") in {"utf8", "utf8sig"}:
            return content.decode("utf-8-sig")
        return content.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise StatementRejected(
            [
                _("The file is not %(encoding)s text; export the statement as %(encoding)s.")
                % {"encoding": encoding.upper()}
            ]
        ) from None


def collect(items: Sequence[tuple[str, Callable[..., StatementLine]]]) -> list[StatementLine]:
    """Builds every line, or raises one rejection naming every line that failed."""
    lines: list[StatementLine] = []
    problems: list[str] = []
    for where, build in items:
        try:
            lines.append(build())
        except LineProblems as error:
            problems.append(
                _("%(where)s: %(problems)s.")
                % {"where": where, "problems": "; ".join(error.problems)}
            )
    if problems:
        raise StatementRejected(problems)
    return lines


class LineProblems(Exception):
    """What is wrong with one line (each part names its field)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


_T = TypeVar("_T")


def _read(
    given: str | _T | None,
    kind: type[_T],
    parse: Callable[[str], _T],
    problem: str,
    problems: list[str],
) -> _T | None:
    """``given`` as a ``kind``, parsed if it is text; ``None`` and the ``problem`` (naming the
    text) added to ``problems`` if it cannot be read."""
    if isinstance(given, kind):
        return given
    try:
        return parse(str(given or ""))
    except ValueError:
        problems.append(problem % {"value": given or ""})
        return None


def checked_line(
    *,
    line_number: int,
    position: str,
    day: str | date | None,
    amount: str | Decimal | None,
    currency: str,
    reference: str,
    counterparty: str = "",
    bank_reference: str = "",
    debit: bool = False,
) -> StatementLine:
    """A line from the texts a file gives, or :class:`LineProblems` naming each bad field."""
    problems: list[str] = []
    booked_on = _read(day, date, parse_date, _("“%(value)s” is not a date"), problems)
    value = _read(amount, Decimal, parse_amount, _("“%(value)s” is not an amount"), problems)
    if value is not None and value == 0:
        problems.append(_("Zero is not a payment"))
    currency = (currency or "EUR").strip().upper()
    if currency != "EUR":
        problems.append(_("Only euros are accepted, not “%(value)s”") % {"value": currency})
    if problems or booked_on is None or value is None:
        raise LineProblems(problems)
    return StatementLine(
        line_number=line_number,
        booked_on=booked_on,
        amount=-abs(value) if debit else value,
        currency=currency,
        reference=reference.strip(),
        counterparty=counterparty.strip(),
        bank_reference=bank_reference.strip(),
        position=position,
    )
