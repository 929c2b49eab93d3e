"""CSV exports: read through a saved column profile (one per bank) or, without one, through a
header row naming the columns in words the portal knows (date, amount, reference...)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.translation import gettext as _

from fees.statements.base import (
    CSV,
    LineProblems,
    ParsedStatement,
    StatementLine,
    StatementRejected,
    amount_of,
    checked_line,
    collect,
    decode_text,
    without_spacing,
)

#: Column names accepted in a CSV header (lower case) when no profile is chosen.
CSV_COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "booking date", "booked on", "value date", "datum", "date comptable"),
    "amount": ("amount", "montant", "belopp", "betrag", "bedrag"),
    "reference": (
        "reference",
        "communication",
        "remittance information",
        "description",
        "message",
        "référence",
        "mededeling",
        "vrije mededeling",
    ),
    "currency": ("currency", "devise", "valuta", "währung", "munt"),
    "counterparty": ("counterparty", "from", "payer", "name", "debtor", "donneur d'ordre"),
    "id": ("id", "bank reference", "transaction id", "entry reference"),
}
REQUIRED_CSV_COLUMNS = ("date", "amount", "reference")
#: strftime spellings a profile may choose, shown to the secretariat as examples.
DATE_FORMATS = {
    "%d/%m/%Y": "31/12/2026",
    "%d-%m-%Y": "31-12-2026",
    "%d.%m.%Y": "31.12.2026",
    "%Y-%m-%d": "2026-12-31",
    "%Y%m%d": "20261231",
    "%m/%d/%Y": "12/31/2026",
    "%d/%m/%y": "31/12/26",
}


@dataclass(frozen=True)
class CsvLayout:
    """How one bank writes its CSV export: what the saved profile (fees.CsvProfile) says.

    A column is named by its title in the header row or by its number (1 is the first); the
    reference may join several columns ("Gestructureerde mededeling, Vrije mededeling").
    """

    name: str
    delimiter: str = ";"
    decimal_comma: bool = True
    date_format: str = "%d/%m/%Y"
    header_row: int = 1
    encoding: str = "utf-8"
    date_column: str = ""
    amount_column: str = ""
    currency_column: str = ""
    reference_columns: list[str] = field(default_factory=list)
    counterparty_column: str = ""
    id_column: str = ""

    def titles(self) -> list[str]:
        named = [
            self.date_column,
            self.amount_column,
            self.currency_column,
            *self.reference_columns,
            self.counterparty_column,
            self.id_column,
        ]
        return [n for n in named if n and not n.strip().isdigit()]


def _amount(text: str, *, decimal_comma: bool) -> Decimal:
    cleaned = without_spacing(text)
    if decimal_comma:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    if cleaned.endswith("-"):  # "45,10-": a debit written the old way
        cleaned = "-" + cleaned[:-1]
    return amount_of(cleaned, text)


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def header_matches(content: bytes, layout: CsvLayout) -> bool:
    """Whether the file's header row names every column the profile names by title."""
    try:
        rows = _rows(decode_text(content, encoding=layout.encoding), layout.delimiter)
    except (StatementRejected, csv.Error):
        return False
    if layout.header_row < 1 or len(rows) < layout.header_row:
        return False
    header = {cell.strip().lower() for cell in rows[layout.header_row - 1]}
    titles = layout.titles()
    return bool(titles) and all(t.strip().lower() in header for t in titles)


def parse_csv_with_layout(content: bytes, layout: CsvLayout) -> ParsedStatement:
    """A CSV export read through a bank's profile."""
    text = decode_text(content, encoding=layout.encoding)
    if not text.strip():
        raise StatementRejected([_("The file is empty.")])
    try:
        rows = _rows(text, layout.delimiter)
    except csv.Error as error:
        raise StatementRejected(
            [_("This CSV cannot be read (%(error)s).") % {"error": error}]
        ) from None
    header = (
        [c.strip().lower() for c in rows[layout.header_row - 1]]
        if layout.header_row and len(rows) >= layout.header_row
        else []
    )
    missing: list[str] = []

    def index_of(spec: str) -> int | None:
        spec = spec.strip()
        if not spec:
            return None
        if spec.isdigit():
            return int(spec) - 1
        try:
            return header.index(spec.lower())
        except ValueError:
            missing.append(spec)
            return None

    columns = {
        "date": index_of(layout.date_column),
        "amount": index_of(layout.amount_column),
        "currency": index_of(layout.currency_column),
        "counterparty": index_of(layout.counterparty_column),
        "id": index_of(layout.id_column),
    }
    references = [i for i in (index_of(s) for s in layout.reference_columns) if i is not None]
    if missing:
        raise StatementRejected(
            [
                _(
                    "This is not an export the profile “%(profile)s” reads: its header "
                    "row has no column %(missing)s."
                )
                % {"profile": layout.name, "missing": ", ".join(f"“{m}”" for m in missing)}
            ]
        )
    items = []
    for row_number, row in enumerate(rows, start=1):
        if row_number <= layout.header_row or not any(cell.strip() for cell in row):
            continue

        def cell(index: int | None, row: list[str] = row) -> str:
            return row[index].strip() if index is not None and 0 <= index < len(row) else ""

        def build(row_number: int = row_number, cell=cell) -> StatementLine:
            problems = []
            day: date | None = None
            try:
                day = datetime.strptime(cell(columns["date"]), layout.date_format).date()  # noqa: DTZ007
            except ValueError:
                problems.append(
                    _("“%(value)s” is not a date written %(example)s")
                    % {
                        "value": cell(columns["date"]),
                        "example": DATE_FORMATS.get(layout.date_format, layout.date_format),
                    }
                )
            amount: Decimal | None = None
            try:
                amount = _amount(cell(columns["amount"]), decimal_comma=layout.decimal_comma)
            except ValueError:
                problems.append(
                    _("“%(value)s” is not an amount") % {"value": cell(columns["amount"])}
                )
            if problems or day is None or amount is None:
                raise LineProblems(problems)
            return checked_line(
                line_number=row_number,
                position=_("line %(number)s") % {"number": row_number},
                day=day,
                amount=amount,
                currency=cell(columns["currency"]),
                reference=" ".join(cell(i) for i in references if cell(i)),
                counterparty=cell(columns["counterparty"]),
                bank_reference=cell(columns["id"]),
            )

        items.append((_("line %(number)s") % {"number": row_number}, build))
    lines = collect(items)
    if not lines:
        raise StatementRejected([_("The statement has no lines after its header.")])
    return ParsedStatement(CSV, lines)


def parse_csv(content: bytes) -> ParsedStatement:
    """A CSV statement with a header row naming at least date, amount and reference."""
    text = decode_text(content)
    if not text.strip():
        raise StatementRejected([_("The file is empty.")])
    first = text.splitlines()[0]
    try:
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = _rows(text, delimiter)
    except csv.Error as error:
        raise StatementRejected(
            [_("This CSV cannot be read (%(error)s).") % {"error": error}]
        ) from None
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
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
                    "This is not a bank statement the portal reads: the first row must "
                    "name the columns, and %(missing)s is missing (expected: date, amount, "
                    "reference; optional: currency, counterparty, id). For a bank's own "
                    "export, choose its CSV profile."
                )
                % {"missing": ", ".join(missing)}
            ]
        )
    items = []
    for row_number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue

        def cell(key: str, row: list[str] = row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        def build(row_number: int = row_number, cell=cell) -> StatementLine:
            return checked_line(
                line_number=row_number,
                position=_("line %(number)s") % {"number": row_number},
                day=cell("date"),
                amount=cell("amount"),
                currency=cell("currency"),
                reference=cell("reference"),
                counterparty=cell("counterparty"),
                bank_reference=cell("id"),
            )

        items.append((_("line %(number)s") % {"number": row_number}, build))
    lines = collect(items)
    if not lines:
        raise StatementRejected([_("The statement has no lines after its header.")])
    return ParsedStatement(CSV, lines)
