"""Reading bank statement files: ISO 20022 camt.053 (versions 2 to 8) and camt.054, SWIFT
MT940, Belgian CODA 2.x and CSV exports (through a bank's saved column profile, or a header
row naming the columns). The format is detected from the content, never the file name.

Parsing returns every line or raises :class:`StatementRejected` listing every problem; it
never returns half a file. Matching lines to invoices is in :mod:`fees.statements.matching`
and the checks that need the database's figures in :mod:`fees.statements.checks`.
"""

from __future__ import annotations

from fees.statements.base import (
    CAMT053,
    CAMT054,
    CODA,
    CSV,
    MT940,
    ParsedStatement,
    StatementLine,
    StatementRejected,
    fingerprints,
    parse_amount,
    parse_date,
)
from fees.statements.camt import parse_camt
from fees.statements.codafile import parse_coda
from fees.statements.csv_files import (
    CsvLayout,
    header_matches,
    parse_csv,
    parse_csv_with_layout,
)
from fees.statements.detect import detect_format
from fees.statements.swift import parse_mt940

__all__ = [
    "CAMT053",
    "CAMT054",
    "CODA",
    "CSV",
    "MT940",
    "CsvLayout",
    "ParsedStatement",
    "StatementLine",
    "StatementRejected",
    "detect_format",
    "fingerprints",
    "parse_amount",
    "parse_date",
    "parse_statement",
]


def parse_statement(
    content: bytes,
    *,
    layout: CsvLayout | None = None,
    layouts: tuple[CsvLayout, ...] = (),
) -> ParsedStatement:
    """The statement in ``content``, whatever its format.

    A CSV export is read through ``layout`` when one is chosen, else through the first of
    ``layouts`` (the saved profiles) whose columns its header names, else through its header.
    """
    kind = detect_format(content)
    if kind in (CAMT053, CAMT054):
        return parse_camt(content, kind)
    if kind == MT940:
        return parse_mt940(content)
    if kind == CODA:
        return parse_coda(content)
    if layout is None:
        layout = next((each for each in layouts if header_matches(content, each)), None)
    if layout is not None:
        return parse_csv_with_layout(content, layout)
    return parse_csv(content)
