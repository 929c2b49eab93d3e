"""Bank statements: CSV and camt.053, matched by invoice number, all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from aer_portal.errors import DomainError
from fees.models import BankLine, Invoice, Payment, StatementImport
from fees.services.calls import fee_call_issue
from fees.services.payments import bank_line_resolve
from fees.services.statements import StatementImportRefused, statement_import
from fees.services.suspensions import suspensions_update
from fees.statements import StatementLine, parse_amount, parse_date, parse_statement
from members.models import Suspension
from tests.fees.factories import fee_decision, paying_member

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)

CSV_STATEMENT = """Date;Amount;Currency;Reference;Counterparty
2026-04-02;5 267,00;EUR;AER invoice 2026-0001;Județul Dâmbovița
03/04/2026;3000,00;EUR;Fee 2026/0002 first part;Region B
2026-04-04;11000.00;EUR;2026-0003;Region C
2026-04-05;120.00;EUR;Donation, no invoice;Someone
2026-04-06;-45.10;EUR;Bank charges;Bank
"""

CAMT_STATEMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>STMT-1</MsgId><CreDtTm>2026-04-30T18:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT-1-1</Id>
      <Ntry>
        <NtryRef>E1</NtryRef>
        <Amt Ccy="EUR">5267.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <BookgDt><Dt>2026-04-10</Dt></BookgDt>
        <AcctSvcrRef>BANK-0001</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Nm>Imereti Regional Administration</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>Membership fee invoice 2026-0001</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">12.50</Amt>
        <CdtDbtInd>DBIT</CdtDbtInd>
        <BookgDt><DtTm>2026-04-11T09:00:00</DtTm></BookgDt>
        <AcctSvcrRef>BANK-0002</AcctSvcrRef>
      </Ntry>
      <Ntry>
        <Amt Ccy="EUR">1000.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <BookgDt><Dt>2026-04-12</Dt></BookgDt>
        <AcctSvcrRef>BANK-0003</AcctSvcrRef>
        <NtryDtls><TxDtls><RmtInf><Strd><CdtrRefInf><Ref>2026-0002</Ref></CdtrRefInf></Strd></RmtInf></TxDtls></NtryDtls>
      </Ntry>
    </Stmt>
  </BkToCstmrStmt>
</Document>
"""


@pytest.fixture
def invoices() -> list[Invoice]:
    fee_decision(2026)
    members = [
        paying_member(name="Region A"),
        paying_member(name="Region B"),
        paying_member(name="Region C", population=1_000_000, relative_gdp=Decimal(1)),
    ]
    issued = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    assert [i.member for i in issued] == members
    return issued


def test_csv_import_matches_by_invoice_number_and_keeps_what_needs_a_person(
    invoices: list[Invoice],
) -> None:
    suspensions_update(today=TODAY)  # all three are overdue by now
    assert Suspension.objects.filter(ends_on__isnull=True).count() == 3
    result = statement_import(
        name="april.csv", content=CSV_STATEMENT.encode(), actor=None, today=TODAY
    )
    assert result.matched == 3 and result.to_resolve == 3
    lines = {line.line_number: line for line in result.statement.lines.all()}
    assert {n: line.match for n, line in lines.items()} == {
        2: BankLine.Match.PAID,
        3: BankLine.Match.PARTIAL,
        4: BankLine.Match.OVERPAID,
        5: BankLine.Match.UNMATCHED,
    }
    assert lines[3].invoice == invoices[1] and lines[5].invoice is None
    assert result.statement.ignored_lines == 1  # the bank charges
    assert lines[2].payments.get().amount == Decimal("5267.00")
    assert lines[2].payments.get().received_on == date(2026, 4, 2)
    assert lines[2].counterparty == "Județul Dâmbovița"
    assert not lines[2].needs_resolution and lines[3].needs_resolution
    # Paid in full: Region A's and Region C's suspensions are lifted; Region B's stays.
    open_rows = Suspension.objects.filter(ends_on__isnull=True)
    assert [row.member for row in open_rows] == [invoices[1].member]
    assert StatementImport.objects.get().file.read() == CSV_STATEMENT.encode()


def test_camt053_import(invoices: list[Invoice]) -> None:
    result = statement_import(
        name="statement.xml", content=CAMT_STATEMENT.encode(), actor=None, today=TODAY
    )
    assert result.statement.format == StatementImport.Format.CAMT053
    assert result.matched == 2 and result.statement.ignored_lines == 1
    paid = Payment.objects.get(invoice=invoices[0])
    assert paid.amount == Decimal("5267.00") and paid.received_on == date(2026, 4, 10)
    assert paid.bank_line.counterparty == "Imereti Regional Administration"
    assert Payment.objects.get(invoice=invoices[1]).bank_line.match == BankLine.Match.PARTIAL


def test_the_same_statement_twice_pays_nothing_twice(invoices: list[Invoice]) -> None:
    statement_import(name="april.csv", content=CSV_STATEMENT.encode(), actor=None, today=TODAY)
    with pytest.raises(StatementImportRefused, match="imported before"):
        statement_import(name="again.csv", content=CSV_STATEMENT.encode(), actor=None, today=TODAY)
    assert Payment.objects.count() == 3 and StatementImport.objects.count() == 1
    extended = CSV_STATEMENT + "2026-04-07;10.00;EUR;2026-0002;Region B\n"
    result = statement_import(name="b.csv", content=extended.encode(), actor=None, today=TODAY)
    assert result.matched == 1 and result.statement.duplicate_lines == 4


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("statement.pdf", b"%PDF-1.7", "This file looks like a PDF document"),
        ("photo.csv", b"\xff\xd8\xff\xe0\x00JFIF\x00\xff", "This file looks like an image"),
        ("table.csv", b"PK\x03\x04 zip", "looks like a spreadsheet or word-processor file"),
        ("latin.csv", b"date,amount,reference\n2026-04-02,10,caf\xe9\n", "not UTF-8 text"),
        ("empty.csv", b"", "The file is empty"),
        ("letter.csv", b"Dear secretariat,\nplease find", "missing"),
        (
            "other.xml",
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>',
            "looks like an ISO 20022 pain.001 payment order",
        ),
        ("broken.xml", b"<Document><unclosed></Document>", "This is not well-formed XML"),
        (
            "bomb.xml",
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><Document>&lol;</Document>',
            "document type declaration is refused",
        ),
        ("header.csv", b"date,amount,reference\n", "The statement has no lines"),
        (
            "camt.xml",
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
            b"<BkToCstmrStmt/></Document>",
            "has no entries",
        ),
    ],
)
def test_a_file_in_the_wrong_format_is_refused_with_a_clear_message_and_saves_nothing(
    invoices: list[Invoice], name: str, content: bytes, words: str
) -> None:
    with pytest.raises(StatementImportRefused) as raised:
        statement_import(name=name, content=content, actor=None, today=TODAY)
    assert raised.value.field == "file"
    assert words in raised.value.message
    assert not StatementImport.objects.exists() and not Payment.objects.exists()


def test_every_bad_row_is_reported_and_nothing_is_saved(invoices: list[Invoice]) -> None:
    content = (
        "date,amount,currency,reference\n"
        "2026-04-02,5267.00,EUR,2026-0001\n"
        "yesterday,12,EUR,2026-0002\n"
        "2026-04-03,abc,EUR,2026-0002\n"
        "2026-04-04,100,USD,2026-0003\n"
        "2026-04-05,0,EUR,2026-0003\n"
    )
    with pytest.raises(StatementImportRefused) as raised:
        statement_import(name="bad.csv", content=content.encode(), actor=None, today=TODAY)
    assert raised.value.problems == [
        "line 3: “yesterday” is not a date.",
        "line 4: “abc” is not an amount.",
        "line 5: Only euros are accepted, not “USD”.",
        "line 6: Zero is not a payment.",
    ]
    assert not Payment.objects.exists() and not BankLine.objects.exists()


def test_a_failure_while_saving_saves_no_line_at_all(invoices: list[Invoice], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    created: list[Payment] = []
    original = Payment.objects.create

    def fail_on_the_second(**kwargs: object) -> Payment:
        if created:
            raise RuntimeError("disk full")
        payment = original(**kwargs)
        created.append(payment)
        return payment

    monkeypatch.setattr(Payment.objects, "create", fail_on_the_second)
    with pytest.raises(RuntimeError):
        statement_import(name="april.csv", content=CSV_STATEMENT.encode(), actor=None, today=TODAY)
    assert created  # the first payment was written, then rolled back with everything else
    assert not Payment.objects.exists()
    assert not BankLine.objects.exists() and not StatementImport.objects.exists()


def test_lines_are_resolved_by_a_person(invoices: list[Invoice]) -> None:
    result = statement_import(
        name="april.csv", content=CSV_STATEMENT.encode(), actor=None, today=TODAY
    )
    unmatched = result.statement.lines.get(match=BankLine.Match.UNMATCHED)
    with pytest.raises(DomainError, match=r"^There is no invoice numbered") as raised:
        bank_line_resolve(
            line=unmatched, invoice_number="2026-0404", note="", actor=None, today=TODAY
        )
    assert raised.value.field == "invoice"
    with pytest.raises(DomainError, match=r"^Say what was done") as raised:
        bank_line_resolve(line=unmatched, note=" ", actor=None, today=TODAY)
    resolved = bank_line_resolve(
        line=unmatched, invoice_number="2026-0002", note="", actor=None, today=TODAY
    )
    assert (
        resolved.invoice == invoices[1] and resolved.resolution == "Assigned to invoice 2026-0002."
    )
    assert resolved.payments.get().amount == Decimal("120.00")
    with pytest.raises(DomainError, match=r"^This line was resolved already"):
        bank_line_resolve(line=resolved, note="again", actor=None, today=TODAY)
    partial = result.statement.lines.get(match=BankLine.Match.PARTIAL)
    with pytest.raises(DomainError, match=r"^This line already paid invoice 2026-0002"):
        bank_line_resolve(
            line=partial, invoice_number="2026-0001", note="x", actor=None, today=TODAY
        )
    done = bank_line_resolve(
        line=partial, note="Asked Region B for the rest.", actor=None, today=TODAY
    )
    assert not done.needs_resolution


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1234.56", Decimal("1234.56")),
        ("1 234,56", Decimal("1234.56")),
        ("1.234,56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("€ 4 256", Decimal("4256")),
        ("-45.10", Decimal("-45.10")),
        ("5,000", Decimal("5000")),
    ],
)
def test_amounts_in_the_spellings_banks_use(text: str, amount: Decimal) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "1.2.3", "12.345"])
def test_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


def test_dates_and_invoice_numbers() -> None:
    assert parse_date("31.03.2026") == date(2026, 3, 31)
    line = StatementLine(
        1,
        date(2026, 4, 1),
        Decimal(1),
        "EUR",
        "AER 2026-0042 and 2026/42, not CN-2026-0001 nor 12026-0001",
    )
    assert line.invoice_numbers() == ["2026-0042"]


def test_a_tab_separated_export_is_read_too() -> None:
    parsed = parse_statement(b"date\tamount\treference\n2026-04-02\t10\t2026-0001\n")
    assert parsed.format == "csv" and parsed.lines[0].amount == Decimal(10)
