"""ISO 20022 camt.053 (statement, versions 2 to 8 and later) and camt.054 (debit/credit
notification) read with the standard library's xml.etree, with document type declarations
refused so no entity can expand.

An entry (Ntry) with one transaction is one line. A batch entry with several transaction
details (NtryDtls/TxDtls, each with its own amount) becomes one line per transaction, so each
is matched on its own. The remittance text is read from RmtInf/Ustrd, RmtInf/Strd (the
creditor reference CdtrRefInf/Ref and any AddtlRmtInf), TxDtls/AddtlTxInf (ABN AMRO puts it
there) and the entry's AddtlNtryInf.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from fees.statements.base import (
    CAMT053,
    CAMT054,
    LineProblems,
    ParsedStatement,
    StatementLine,
    StatementRejected,
    checked_line,
    collect,
    parse_amount,
    parse_date,
)

#: The document element under Document for each message.
ROOTS = {CAMT053: "BkToCstmrStmt", CAMT054: "BkToCstmrDbtCdtNtfctn"}
#: The statement (or notification) element inside it.
REPORTS = {CAMT053: "Stmt", CAMT054: "Ntfctn"}


def _text(element: ET.Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def refuse_doctype(content: bytes) -> None:
    text = content.decode("utf-8", errors="replace").upper()
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        raise StatementRejected([_("XML with a document type declaration is refused for safety.")])


def read_xml(content: bytes) -> ET.Element:
    refuse_doctype(content)
    try:
        return ET.fromstring(content)  # noqa: S314 - no DTD, so no entity expansion
    except ET.ParseError as error:
        raise StatementRejected(
            [_("This is not well-formed XML (%(error)s).") % {"error": error}]
        ) from None


def namespace_of(root: ET.Element) -> str:
    return root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""


def _day(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return _text(element.find("{*}Dt")) or _text(element.find("{*}DtTm"))[:10]


def _remittance(scope: ET.Element) -> list[str]:
    texts = [_text(e) for e in scope.iterfind(".//{*}RmtInf/{*}Ustrd")]
    texts += [_text(e) for e in scope.iterfind(".//{*}RmtInf/{*}Strd/{*}CdtrRefInf/{*}Ref")]
    texts += [_text(e) for e in scope.iterfind(".//{*}RmtInf/{*}Strd/{*}AddtlRmtInf")]
    texts += [_text(e) for e in scope.iterfind(".//{*}AddtlTxInf")]
    return [t for t in texts if t]


def _debtor(scope: ET.Element) -> str:
    for path in (
        ".//{*}RltdPties/{*}Dbtr/{*}Nm",
        ".//{*}RltdPties/{*}Dbtr/{*}Pty/{*}Nm",
        ".//{*}RltdPties/{*}UltmtDbtr/{*}Nm",
        ".//{*}RltdPties/{*}UltmtDbtr/{*}Pty/{*}Nm",
    ):
        name = _text(scope.find(path))
        if name:
            return name
    return ""


def _transaction_amount(tx: ET.Element) -> ET.Element | None:
    """The amount of one transaction of a batch: Amt (version 3 on) or AmtDtls/TxAmt/Amt."""
    return (
        tx.find("{*}Amt")
        if tx.find("{*}Amt") is not None
        else tx.find("{*}AmtDtls/{*}TxAmt/{*}Amt")
    )


def parse_camt(content: bytes, kind: str) -> ParsedStatement:
    """A camt.053 statement or camt.054 notification (any version: namespaces ignored)."""
    root = read_xml(content)
    document = root.find(f"{{*}}{ROOTS[kind]}")
    if document is None:
        raise StatementRejected(
            [
                _("This XML is not an ISO 20022 %(kind)s message (no %(element)s).")
                % {"kind": kind.replace("camt0", "camt.0"), "element": ROOTS[kind]}
            ]
        )
    starts: list[date] = []
    ends: list[date] = []
    items: list[tuple[str, Callable[..., StatementLine]]] = []
    number = 0
    for report in document.iterfind(f"{{*}}{REPORTS[kind]}"):
        period = report.find("{*}FrToDt")
        try:
            if period is not None:
                starts.append(parse_date(_text(period.find("{*}FrDtTm"))[:10]))
                ends.append(parse_date(_text(period.find("{*}ToDtTm"))[:10]))
        except ValueError:
            raise StatementRejected(
                [_("The statement's period (FrToDt) is not a pair of dates.")]
            ) from None
        for entry_number, entry in enumerate(report.iterfind("{*}Ntry"), start=1):
            items += _entry_items(entry, entry_number, number)
            number = len(items)
    lines = collect(items)
    if not lines:
        raise StatementRejected([_("The statement has no entries (Ntry).")])
    return ParsedStatement(
        kind,
        lines,
        period_start=min(starts) if starts and len(starts) == len(ends) else None,
        period_end=max(ends) if ends and len(starts) == len(ends) else None,
    )


def _entry_items(
    entry: ET.Element, entry_number: int, before: int
) -> list[tuple[str, Callable[..., StatementLine]]]:
    amount_element = entry.find("{*}Amt")
    debit = _text(entry.find("{*}CdtDbtInd")) == "DBIT"
    day = _day(entry.find("{*}BookgDt")) or _day(entry.find("{*}ValDt"))
    entry_reference = _text(entry.find("{*}AcctSvcrRef")) or _text(entry.find("{*}NtryRef"))
    entry_info = _text(entry.find("{*}AddtlNtryInf"))
    transactions = entry.findall("{*}NtryDtls/{*}TxDtls")
    batch = len(transactions) > 1 and all(
        _transaction_amount(tx) is not None for tx in transactions
    )
    where_entry = _("entry %(number)s") % {"number": entry_number}
    if not batch:
        references = _remittance(entry)
        if entry_info:
            references.append(entry_info)

        def build_entry() -> StatementLine:
            return checked_line(
                line_number=before + 1,
                position=where_entry,
                day=day,
                amount=_text(amount_element),
                currency=amount_element.get("Ccy", "") if amount_element is not None else "",
                reference=" ".join(references),
                counterparty=_debtor(entry),
                bank_reference=entry_reference,
                debit=debit,
            )

        return [(where_entry, build_entry)]
    items: list[tuple[str, Callable[..., StatementLine]]] = []
    try:
        parts = sum(
            (parse_amount(_text(_transaction_amount(tx))) for tx in transactions), Decimal(0)
        )
        whole: Decimal | None = parse_amount(_text(amount_element))
    except ValueError:
        whole = None  # each transaction's own amount is checked below
    if whole is not None and parts != whole:
        mismatch = _(
            "The entry's transactions add up to %(parts)s, not its amount of %(whole)s"
        ) % {
            "parts": parts,
            "whole": whole,
        }

        def build_mismatch(mismatch: str = mismatch) -> StatementLine:
            raise LineProblems([mismatch])

        return [(where_entry, build_mismatch)]
    for tx_number, tx in enumerate(transactions, start=1):
        where = _("entry %(entry)s, transaction %(tx)s") % {"entry": entry_number, "tx": tx_number}
        amount = _transaction_amount(tx)
        tx_debit = (_text(tx.find("{*}CdtDbtInd")) or ("DBIT" if debit else "CRDT")) == "DBIT"
        tx_reference = (
            _text(tx.find("{*}Refs/{*}AcctSvcrRef"))
            or _text(tx.find("{*}Refs/{*}EndToEndId"))
            or _text(tx.find("{*}Refs/{*}TxId"))
        )
        if tx_reference in {"", "NOTPROVIDED"}:
            tx_reference = ""
        bank_reference = f"{entry_reference}/{tx_reference or tx_number}" if entry_reference else ""

        def build(
            tx=tx,
            amount=amount,
            tx_debit=tx_debit,
            where=where,
            tx_number=tx_number,
            bank_reference=bank_reference,
        ) -> StatementLine:
            return checked_line(
                line_number=before + tx_number,
                position=where,
                day=day,
                amount=_text(amount),
                currency=amount.get("Ccy", "") if amount is not None else "",
                reference=" ".join(_remittance(tx)),
                counterparty=_debtor(tx),
                bank_reference=bank_reference,
                debit=tx_debit,
            )

        items.append((where, build))
    return items
