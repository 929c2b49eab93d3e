"""Reading bank statements: CSV exports and ISO 20022 camt.053 XML (the standard library's
xml.etree, with document type declarations refused so no entity can expand).

Parsing either returns every line or raises :class:`StatementRejected` listing every problem;
it never returns half a file. Matching lines to invoices happens in fees.services.payments.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

CSV = "csv"
CAMT053 = "camt053"

#: Column names accepted in a CSV header (lower case), for each thing a line must say.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "booking date", "booked on", "value date", "datum", "date comptable"),
    "amount": ("amount", "montant", "belopp", "betrag"),
    "reference": (
        "reference",
        "communication",
        "remittance information",
        "description",
        "message",
        "référence",
    ),
    "currency": ("currency", "devise", "valuta", "währung"),
    "counterparty": ("counterparty", "from", "payer", "name", "debtor", "donneur d'ordre"),
    "id": ("id", "bank reference", "transaction id", "entry reference"),
}
REQUIRED_CSV_COLUMNS = ("date", "amount", "reference")
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

    @property
    def is_credit(self) -> bool:
        return self.amount > 0

    def invoice_numbers(self) -> list[str]:
        """Invoice numbers the reference names, in the portal's spelling, without repeats."""
        found = [f"{year}-{int(seq):04d}" for year, seq in INVOICE_NUMBER.findall(self.reference)]
        return list(dict.fromkeys(found))


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


def parse_amount(text: str) -> Decimal:
    """``1234.56``, ``1 234,56``, ``1.234,56``, ``-50`` → Decimal; ValueError otherwise."""
    cleaned = re.sub(r"[\s\u00a0\u202f'€]", "", text)
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
    if not re.fullmatch(r"[+-]?\d+(\.\d{1,2})?", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern above excludes it
        raise ValueError(text) from error


def parse_date(text: str) -> date:
    """``2026-03-31``, ``31/03/2026``, ``31.03.2026`` → date; ValueError otherwise."""
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(text)


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StatementRejected(
            [_("file: the file is not UTF-8 text; export the statement as UTF-8 CSV or XML.")]
        ) from None


def parse_csv(content: bytes) -> list[StatementLine]:
    """A CSV statement with a header row naming at least date, amount and reference."""
    text = _decode(content)
    if not text.strip():
        raise StatementRejected([_("file: the file is empty.")])
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    reader = csv.reader(io.StringIO(text), dialect)
    header = [cell.strip().lower() for cell in next(reader, [])]
    columns: dict[str, int] = {}
    for key, names in CSV_COLUMNS.items():
        for index, title in enumerate(header):
            if title in names:
                columns[key] = index
                break
    missing = [key for key in REQUIRED_CSV_COLUMNS if key not in columns]
    if missing:
        raise StatementRejected(
            [
                _(
                    "file: this is not a bank statement the portal reads: the first row must "
                    "name the columns, and %(missing)s is missing (expected: date, amount, "
                    "reference; optional: currency, counterparty, id)."
                )
                % {"missing": ", ".join(missing)}
            ]
        )
    lines: list[StatementLine] = []
    problems: list[str] = []
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        line_problems = []
        try:
            booked_on = parse_date(cell("date"))
        except ValueError:
            line_problems.append(_("date: “%(value)s” is not a date") % {"value": cell("date")})
        try:
            amount = parse_amount(cell("amount"))
            if amount == 0:
                line_problems.append(_("amount: zero is not a payment"))
        except ValueError:
            line_problems.append(
                _("amount: “%(value)s” is not an amount") % {"value": cell("amount")}
            )
        currency = (cell("currency") or "EUR").upper()
        if currency != "EUR":
            line_problems.append(
                _("currency: only euros are accepted, not “%(value)s”") % {"value": currency}
            )
        if line_problems:
            problems.append(
                _("line %(line)s: %(problems)s.")
                % {"line": row_number, "problems": "; ".join(line_problems)}
            )
            continue
        lines.append(
            StatementLine(
                line_number=row_number,
                booked_on=booked_on,
                amount=amount,
                currency=currency,
                reference=cell("reference"),
                counterparty=cell("counterparty"),
                bank_reference=cell("id"),
            )
        )
    if problems:
        raise StatementRejected(problems)
    if not lines:
        raise StatementRejected([_("file: the statement has no lines after its header.")])
    return lines


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_camt053(content: bytes) -> list[StatementLine]:
    """An ISO 20022 camt.053 bank-to-customer statement (any version: namespaces ignored)."""
    head = content[:4096].decode("utf-8", errors="replace").upper()
    if "<!DOCTYPE" in head or "<!ENTITY" in content.decode("utf-8", errors="replace").upper():
        raise StatementRejected(
            [_("file: XML with a document type declaration is refused for safety.")]
        )
    try:
        root = ET.fromstring(content)  # noqa: S314 - no DTD, so no entity expansion
    except ET.ParseError as error:
        raise StatementRejected(
            [_("file: this is not well-formed XML (%(error)s).") % {"error": error}]
        ) from None
    namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
    if "camt.053" not in namespace or root.find("{*}BkToCstmrStmt") is None:
        raise StatementRejected(
            [
                _(
                    "file: this XML is not an ISO 20022 camt.053 bank statement (its namespace "
                    "is “%(namespace)s”)."
                )
                % {"namespace": namespace or "none"}
            ]
        )
    lines: list[StatementLine] = []
    problems: list[str] = []
    for number, entry in enumerate(root.iterfind(".//{*}Ntry"), start=1):
        amount_element = entry.find("{*}Amt")
        entry_problems = []
        try:
            amount = parse_amount(_text(amount_element))
        except ValueError:
            entry_problems.append(
                _("amount: “%(value)s” is not an amount") % {"value": _text(amount_element)}
            )
            amount = Decimal(0)
        currency = (amount_element.get("Ccy", "") if amount_element is not None else "").upper()
        if currency != "EUR":
            entry_problems.append(
                _("currency: only euros are accepted, not “%(value)s”") % {"value": currency}
            )
        if _text(entry.find("{*}CdtDbtInd")) == "DBIT":
            amount = -amount
        day = (
            _text(entry.find("{*}BookgDt/{*}Dt"))
            or _text(entry.find("{*}BookgDt/{*}DtTm"))[:10]
            or _text(entry.find("{*}ValDt/{*}Dt"))
        )
        try:
            booked_on = parse_date(day)
        except ValueError:
            entry_problems.append(_("date: “%(value)s” is not a date") % {"value": day})
        if entry_problems:
            problems.append(
                _("entry %(line)s: %(problems)s.")
                % {"line": number, "problems": "; ".join(entry_problems)}
            )
            continue
        references = [_text(e) for e in entry.iterfind(".//{*}Ustrd")]
        references += [_text(e) for e in entry.iterfind(".//{*}CdtrRefInf/{*}Ref")]
        references += [_text(entry.find("{*}AddtlNtryInf"))]
        counterparty = _text(entry.find(".//{*}RltdPties/{*}Dbtr/{*}Nm")) or _text(
            entry.find(".//{*}RltdPties/{*}Dbtr/{*}Pty/{*}Nm")
        )
        bank_reference = _text(entry.find("{*}AcctSvcrRef")) or _text(entry.find("{*}NtryRef"))
        lines.append(
            StatementLine(
                line_number=number,
                booked_on=booked_on,
                amount=amount,
                currency=currency,
                reference=" ".join(r for r in references if r),
                counterparty=counterparty,
                bank_reference=bank_reference,
            )
        )
    if problems:
        raise StatementRejected(problems)
    if not lines:
        raise StatementRejected([_("file: the statement has no entries (Ntry).")])
    return lines


def parse_statement(*, name: str, content: bytes) -> tuple[str, list[StatementLine]]:
    """The format and lines of a statement file; the extension says which parser reads it."""
    lowered = name.lower()
    if lowered.endswith(".csv") or lowered.endswith(".txt"):
        return CSV, parse_csv(content)
    if lowered.endswith(".xml"):
        return CAMT053, parse_camt053(content)
    raise StatementRejected(
        [
            _(
                "file: “%(name)s” is neither a CSV nor a camt.053 XML statement; export the "
                "statement from the bank as .csv or .xml."
            )
            % {"name": name}
        ]
    )
