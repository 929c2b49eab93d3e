"""Bank files as banks write them (samples in tests/fees/bank_files/, written to each format's
specification): camt.053 v2/v4/v8, camt.054, MT940, CODA 2 and a Belgian bank's CSV export.
The format is recognised from the content; each line is matched by structured reference, then
invoice number, then amount and payer; bad lines refuse the whole file, naming each line."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aer_portal.errors import DomainError
from fees.models import BankLine, CsvProfile, Invoice, Payment, StatementImport
from fees.services.calls import fee_call_issue
from fees.services.payments import bank_line_split
from fees.services.statements import StatementImportRefused, statement_import
from fees.statements import CsvLayout, StatementRejected, detect_format, parse_statement
from fees.statements.matching import same_payer
from tests.factories import staff_user, with_totp
from tests.fees.factories import fee_decision, paying_member

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "bank_files"
TODAY = date(2026, 5, 20)


def sample(name: str) -> bytes:
    return (FILES / name).read_bytes()


@pytest.fixture
def invoices() -> list[Invoice]:
    """2026-0001 Region A € 5,267; 2026-0002 Region B € 5,267; 2026-0003 Region C € 10,769."""
    fee_decision(2026)
    paying_member(name="Region A")
    paying_member(name="Region B")
    paying_member(name="Region C", population=1_000_000, relative_gdp=Decimal(1))
    issued = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    assert [(i.number, i.total) for i in issued] == [
        ("2026-0001", Decimal("5267")),
        ("2026-0002", Decimal("5267")),
        ("2026-0003", Decimal("10769")),
    ]
    return issued


@pytest.fixture
def kbc() -> CsvProfile:
    return CsvProfile.objects.create(
        bank_name="KBC",
        delimiter=";",
        decimal_comma=True,
        date_format="%d/%m/%Y",
        header_row=1,
        date_column="Datum",
        amount_column="Bedrag",
        currency_column="Munt",
        reference_columns="gestructureerde mededeling, Vrije mededeling",
        counterparty_column="Naam tegenpartij",
    )


def _paid(number: str) -> list[tuple[Decimal, str]]:
    return [
        (p.amount, p.bank_line.matched_by if p.bank_line else "")
        for p in Payment.objects.filter(invoice__number=number).select_related("bank_line")
    ]


# --- The format comes from the content, not the name ----------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("camt053_v02_ustrd.xml", "camt053"),
        ("camt053_v04_addtltxinf.xml", "camt053"),
        ("camt053_v08_batch.xml", "camt053"),
        ("camt054_v08.xml", "camt054"),
        ("mt940_2026_04.sta", "mt940"),
        ("coda_2026_04.cod", "coda"),
        ("kbc_export_2026_04.csv", "csv"),
    ],
)
def test_each_sample_is_recognised_by_its_content(name: str, kind: str) -> None:
    assert detect_format(sample(name)) == kind


def test_an_mt940_renamed_txt_is_imported_as_mt940(invoices: list[Invoice]) -> None:
    result = statement_import(
        name="export.txt", content=sample("mt940_2026_04.sta"), actor=None, today=TODAY
    )
    statement = result.statement
    assert statement.format == StatementImport.Format.MT940
    assert (statement.period_start, statement.period_end) == (date(2026, 3, 31), date(2026, 4, 30))
    assert result.matched == 2 and statement.ignored_lines == 1  # the bank charges
    assert _paid("2026-0002") == [(Decimal("5267.00"), BankLine.MatchedBy.REFERENCE)]
    assert _paid("2026-0003") == [(Decimal("10769.00"), BankLine.MatchedBy.NUMBER)]
    line = statement.lines.get(invoice__number="2026-0002")
    assert line.counterparty == "Region B" and line.position == "transaction 1 (:61:)"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.7\n...", "looks like a PDF document"),
        (b"PK\x03\x04\x14\x00", "looks like a spreadsheet or word-processor file"),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"/>',
            "looks like an ISO 20022 camt.052 intraday account report",
        ),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"/>',
            "looks like an ISO 20022 pain.008 payment order",
        ),
        (b"<html><body>Login</body></html>", "looks like a web page (HTML)"),
        (b"OFXHEADER:100\nDATA:OFXSGML\n", "looks like an OFX file"),
        (b":20:X\n:25:BE68539007547034\n:28C:1\n:34F:EUR0,\n:13D:2604201200+0200\n", "MT942"),
        (b"0" * 127 + b"1\n", "a CODA file of version 1"),
    ],
)
def test_a_wrong_file_is_told_what_it_looks_like(
    invoices: list[Invoice], content: bytes, words: str
) -> None:
    with pytest.raises(StatementImportRefused) as raised:
        statement_import(name="statement.csv", content=content, actor=None, today=TODAY)
    assert words in raised.value.message
    assert not StatementImport.objects.exists()


# --- camt.053 and camt.054 ------------------------------------------------------------------


def test_camt053_version_2_with_unstructured_remittance(invoices: list[Invoice]) -> None:
    result = statement_import(
        name="a.xml", content=sample("camt053_v02_ustrd.xml"), actor=None, today=TODAY
    )
    assert result.statement.format == "camt053" and result.matched == 1
    assert (result.statement.period_start, result.statement.period_end) == (
        date(2026, 4, 1),
        date(2026, 4, 30),
    )
    assert _paid("2026-0001") == [(Decimal("5267.00"), BankLine.MatchedBy.NUMBER)]


def test_camt053_with_the_text_in_additional_transaction_information(
    invoices: list[Invoice],
) -> None:
    """ABN AMRO writes the remittance in TxDtls/AddtlTxInf: it used to import unmatched."""
    result = statement_import(
        name="abn.xml", content=sample("camt053_v04_addtltxinf.xml"), actor=None, today=TODAY
    )
    assert result.matched == 1 and result.to_resolve == 0
    assert _paid("2026-0001") == [(Decimal("5267.00"), BankLine.MatchedBy.NUMBER)]


def test_a_batch_entry_becomes_one_line_per_transaction_each_matched(
    invoices: list[Invoice],
) -> None:
    """A collective credit paying two invoices used to be one unmatched line."""
    result = statement_import(
        name="b.xml", content=sample("camt053_v08_batch.xml"), actor=None, today=TODAY
    )
    lines = list(result.statement.lines.order_by("line_number"))
    assert [(line.position, line.amount, line.match) for line in lines] == [
        ("entry 1, transaction 1", Decimal("5267.00"), BankLine.Match.PAID),
        ("entry 1, transaction 2", Decimal("10769.00"), BankLine.Match.PAID),
    ]
    assert _paid("2026-0002") == [(Decimal("5267.00"), BankLine.MatchedBy.REFERENCE)]
    assert _paid("2026-0003") == [(Decimal("10769.00"), BankLine.MatchedBy.REFERENCE)]
    # The same file again pays nothing twice, transaction by transaction.
    with pytest.raises(StatementImportRefused, match="imported before"):
        statement_import(
            name="b2.xml", content=sample("camt053_v08_batch.xml"), actor=None, today=TODAY
        )


def test_camt054_notification_is_imported(invoices: list[Invoice]) -> None:
    result = statement_import(
        name="n.xml", content=sample("camt054_v08.xml"), actor=None, today=TODAY
    )
    assert result.statement.format == StatementImport.Format.CAMT054
    assert _paid("2026-0001") == [(Decimal("5267.00"), BankLine.MatchedBy.REFERENCE)]


# --- CODA and CSV profiles ------------------------------------------------------------------


def test_coda_with_structured_communications_and_a_batch(invoices: list[Invoice]) -> None:
    result = statement_import(
        name="x.cod", content=sample("coda_2026_04.cod"), actor=None, today=TODAY
    )
    statement = result.statement
    assert statement.format == StatementImport.Format.CODA
    assert (statement.period_start, statement.period_end) == (date(2026, 3, 31), date(2026, 4, 30))
    assert result.matched == 3 and result.to_resolve == 0 and statement.ignored_lines == 1
    assert _paid("2026-0001") == [(Decimal("5267.00"), BankLine.MatchedBy.REFERENCE)]
    assert _paid("2026-0002") == [(Decimal("5267.00"), BankLine.MatchedBy.REFERENCE)]
    assert _paid("2026-0003") == [(Decimal("10769.00"), BankLine.MatchedBy.NUMBER)]
    detail = statement.lines.get(invoice__number="2026-0002")
    assert detail.position == "movement 0003, detail 0001"
    assert detail.reference == "+++202/6000/00293+++" and detail.counterparty == "REGION B"


def test_coda_whose_totals_do_not_add_up_is_refused(invoices: list[Invoice]) -> None:
    broken = sample("coda_2026_04.cod").replace(b"000000005267000", b"000000005268000", 1)
    with pytest.raises(StatementImportRefused, match="CODA statement cannot be read"):
        statement_import(name="x.cod", content=broken, actor=None, today=TODAY)
    assert not Payment.objects.exists()


def test_a_belgian_bank_csv_export_without_its_profile_misses_the_structured_column(
    invoices: list[Invoice],
) -> None:
    """Read by its header alone, only the free communication is seen."""
    result = statement_import(
        name="kbc.csv", content=sample("kbc_export_2026_04.csv"), actor=None, today=TODAY
    )
    assert result.matched == 1 and result.statement.csv_profile is None
    assert _paid("2026-0001") == []


def test_a_belgian_bank_csv_export_through_its_profile(
    invoices: list[Invoice], kbc: CsvProfile
) -> None:
    # The saved profile is found from the header; choosing it explicitly works the same.
    result = statement_import(
        name="kbc.csv", content=sample("kbc_export_2026_04.csv"), actor=None, today=TODAY
    )
    assert result.matched == 2 and result.statement.ignored_lines == 1
    assert result.statement.csv_profile is None  # recognised, not chosen
    assert _paid("2026-0001") == [(Decimal("5267.00"), BankLine.MatchedBy.REFERENCE)]
    assert _paid("2026-0003") == [(Decimal("10769.00"), BankLine.MatchedBy.NUMBER)]


def test_a_profile_names_the_columns_a_file_lacks() -> None:
    layout = CsvLayout(
        name="Belfius",
        date_column="Boekingsdatum",
        amount_column="Bedrag",
        reference_columns=["Mededelingen"],
    )
    with pytest.raises(
        Exception,
        match="profile “Belfius” reads: its header row has no column “Boekingsdatum”, "
        "“Mededelingen”",
    ):
        parse_statement(sample("kbc_export_2026_04.csv"), layout=layout)


def test_a_profile_by_column_numbers_without_header() -> None:
    content = b"2026-04-02|1,234.50|AER 2026-0001|Region A\n"
    layout = CsvLayout(
        name="Numbers",
        delimiter="|",
        decimal_comma=False,
        date_format="%Y-%m-%d",
        header_row=0,
        date_column="1",
        amount_column="2",
        reference_columns=["3"],
        counterparty_column="4",
    )
    (line,) = parse_statement(content, layout=layout).lines
    assert (line.amount, line.reference, line.counterparty) == (
        Decimal("1234.50"),
        "AER 2026-0001",
        "Region A",
    )


# --- Matching -------------------------------------------------------------------------------


def test_amount_and_payer_match_when_no_reference_names_an_invoice(
    invoices: list[Invoice],
) -> None:
    content = (
        "date;amount;reference;counterparty\n"
        "2026-04-02;10769,00;Membership;Région C\n"  # the one open invoice of that amount
        "2026-04-03;5267,00;Membership;Someone Else\n"  # the amount fits, the payer does not
        "2026-04-04;100,00;Membership;Region A\n"  # the payer fits, the amount does not
        "2026-04-05;5267,00;RF152026000002;Region A\n"  # the structured reference wins
    )
    result = statement_import(name="m.csv", content=content.encode(), actor=None, today=TODAY)
    got = {
        line.line_number: (line.match, line.matched_by, line.invoice.number if line.invoice else "")
        for line in result.statement.lines.select_related("invoice")
    }
    assert got == {
        2: (BankLine.Match.PAID, BankLine.MatchedBy.AMOUNT_PAYER, "2026-0003"),
        3: (BankLine.Match.UNMATCHED, "", ""),
        4: (BankLine.Match.UNMATCHED, "", ""),
        5: (BankLine.Match.PAID, BankLine.MatchedBy.REFERENCE, "2026-0002"),
    }


def test_a_structured_reference_with_a_wrong_check_digit_matches_nothing(
    invoices: list[Invoice],
) -> None:
    content = "date;amount;reference\n2026-04-02;5267,00;+++202/6000/00193+++\n"
    result = statement_import(name="t.csv", content=content.encode(), actor=None, today=TODAY)
    assert result.matched == 0 and not Payment.objects.exists()


@pytest.mark.parametrize(
    ("payer", "member", "same"),
    [
        ("Județul Dâmbovița", "Judetul Dambovita", True),
        ("PROVINCIE REGION A", "Region A", True),
        ("Region AB", "Region A", False),
        ("", "Region A", False),
        ("A", "A", False),
    ],
)
def test_same_payer(payer: str, member: str, same: bool) -> None:
    assert same_payer(payer, member) is same


# --- Lines that cannot be payments refuse the whole file ------------------------------------


def test_absurd_amounts_and_dates_refuse_the_file_naming_every_line(
    invoices: list[Invoice],
) -> None:
    content = (
        "date,amount,reference\n"
        "2026-04-02,5267.00,2026-0001\n"
        "2026-04-03,1234567890123.00,2026-0002\n"  # 13 digits: used to break the fees pages
        "2026-04-04,107691.00,2026-0003\n"  # more than ten times the largest open invoice
        "01/01/1900,10.00,2026-0002\n"
        "2999-12-31,10.00,2026-0002\n"
        "2026-05-21,10.00,2026-0002\n"  # tomorrow
    )
    with pytest.raises(StatementImportRefused) as raised:
        statement_import(name="bad.csv", content=content.encode(), actor=None, today=TODAY)
    assert raised.value.problems == [
        "line 3: The amount 1234567890123.00 cannot be a payment (at most "
        "€ 9\u202f999\u202f999\u202f999.99, in cents).",
        "line 4: € 107\u202f691.00 is more than ten times the largest open invoice "
        "(€ 10\u202f769.00), so it is not a fee payment.",
        "line 5: The date 1 January 1900 is before 1 January 2021; a statement that old is not "
        "imported.",
        "line 6: The date 31 December 2999 is in the future.",
        "line 7: The date 21 May 2026 is in the future.",
    ]
    assert not StatementImport.objects.exists() and not BankLine.objects.exists()
    assert not Payment.objects.exists()


def test_a_line_outside_the_statements_period_is_refused(invoices: list[Invoice]) -> None:
    content = sample("camt053_v02_ustrd.xml").replace(
        b"2026-04-02</Dt></BookgDt>", b"2026-05-02</Dt></BookgDt>"
    )
    with pytest.raises(StatementImportRefused) as raised:
        statement_import(name="p.xml", content=content, actor=None, today=TODAY)
    assert raised.value.problems == [
        "entry 1: The date 2 May 2026 is outside the statement's period "
        "(1 April 2026 to 30 April 2026)."
    ]
    assert not Payment.objects.exists()


def test_a_bad_transaction_of_a_batch_is_named(invoices: list[Invoice]) -> None:
    content = sample("camt053_v08_batch.xml").replace(
        b'<Amt Ccy="EUR">10769.00</Amt>', b'<Amt Ccy="USD">10769.00</Amt>'
    )
    with pytest.raises(StatementImportRefused) as raised:
        statement_import(name="p.xml", content=content, actor=None, today=TODAY)
    assert raised.value.problems == ["entry 1, transaction 2: Only euros are accepted, not “USD”."]


@pytest.mark.parametrize(
    "content",
    [
        b"\x00\x01\x02binary",
        b":20:X\n:61:garbage\n",
        b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'><BkToCstmrStmt><Stmt>"
        b"<Ntry><Amt Ccy='EUR'>1e400</Amt><BookgDt><Dt>2026-13-45</Dt></BookgDt></Ntry>"
        b"</Stmt></BkToCstmrStmt></Document>",
        b"0000" + b"x" * 124 + b"\n" + b"0000" + b"x" * 123 + b"2\n",
        b"0000" + b" " * 123 + b"2\n1\n",
        b"date;amount;reference\n\xff\xfe;;\n",
        b"date,amount,reference\n2026-04-02,NaN,x\n2026-04-02,Infinity,x\n2026-04-02,1e3,x\n",
    ],
)
def test_no_input_breaks_the_import(invoices: list[Invoice], content: bytes) -> None:
    with pytest.raises(StatementImportRefused):
        statement_import(name="f", content=content, actor=None, today=TODAY)
    assert not StatementImport.objects.exists()


# --- Splitting a line across invoices -------------------------------------------------------


def test_a_person_splits_a_line_across_invoices(invoices: list[Invoice]) -> None:
    content = "date;amount;reference\n2026-04-02;10534,00;AER 2026-0001 and 2026-0002\n"
    result = statement_import(name="s.csv", content=content.encode(), actor=None, today=TODAY)
    line = result.statement.lines.get()
    assert line.match == BankLine.Match.UNMATCHED  # two invoices named: a person decides
    with pytest.raises(DomainError) as raised:
        bank_line_split(
            line=line,
            shares=[("2026-0001", Decimal("5267")), ("2026-0404", Decimal("5000"))],
            actor=None,
            today=TODAY,
        )
    assert raised.value.field == "shares"
    assert raised.value.message == "share 2: there is no invoice numbered “2026-0404”."
    with pytest.raises(DomainError, match=r"add up to € 10533.00, not the line's € 10534.00"):
        bank_line_split(
            line=line,
            shares=[("2026-0001", Decimal("5267")), ("2026-0002", Decimal("5266"))],
            actor=None,
            today=TODAY,
        )
    with pytest.raises(DomainError, match="at least two invoices"):
        bank_line_split(
            line=line, shares=[("2026-0001", Decimal("10534"))], actor=None, today=TODAY
        )
    assert not Payment.objects.exists()  # nothing half saved
    split = bank_line_split(
        line=line,
        shares=[("2026-0001", Decimal("5267")), ("2026-0002", Decimal("5267")), ("", None)],
        actor=None,
        today=TODAY,
        note="Region A paid for Region B.",
    )
    assert split.match == BankLine.Match.SPLIT and not split.needs_resolution
    assert sorted(split.payments.values_list("invoice__number", "amount")) == [
        ("2026-0001", Decimal("5267.00")),
        ("2026-0002", Decimal("5267.00")),
    ]
    assert (
        split.resolution == "Region A paid for Region B. Split: 2026-0001 € 5267, 2026-0002 € 5267."
    )
    with pytest.raises(DomainError, match="resolved already"):
        bank_line_split(
            line=split,
            shares=[("2026-0001", Decimal("5267")), ("2026-0002", Decimal("5267"))],
            actor=None,
            today=TODAY,
        )


def test_a_split_replaces_the_automatic_match(invoices: list[Invoice]) -> None:
    """A transfer naming one invoice but paying two: the import overpays one; a split fixes it."""
    content = "date;amount;reference\n2026-04-02;10534,00;2026-0001\n"
    result = statement_import(name="s.csv", content=content.encode(), actor=None, today=TODAY)
    line = result.statement.lines.get()
    assert line.match == BankLine.Match.OVERPAID and line.payments.count() == 1
    bank_line_split(
        line=line,
        shares=[("2026-0001", Decimal("5267")), ("2026-0002", Decimal("5267"))],
        actor=None,
        today=TODAY,
    )
    assert sorted(Payment.objects.values_list("invoice__number", "amount")) == [
        ("2026-0001", Decimal("5267.00")),
        ("2026-0002", Decimal("5267.00")),
    ]


def _staff() -> Client:
    client = Client()
    client.force_login(with_totp(staff_user()))
    return client


def test_the_statement_page_splits_a_line_and_reports_what_is_wrong(
    invoices: list[Invoice],
) -> None:
    content = "date;amount;reference\n2026-04-02;10534,00;AER 2026-0001 and 2026-0002\n"
    line = statement_import(
        name="s.csv", content=content.encode(), actor=None, today=TODAY
    ).statement.lines.get()
    client = _staff()
    page = client.get(reverse("fees:statement", args=[line.statement_id]))
    assert page.status_code == 200 and "Split across invoices" in page.content.decode()
    url = reverse("fees:line_split", args=[line.pk])
    response = client.post(
        url,
        {
            "invoice_1": "2026-0001",
            "amount_1": "5267",
            "invoice_2": "2026-0002",
            "amount_2": "5000",
        },
        follow=True,
    )
    assert "Line 2 was not split: The amounts add up to € 10267.00" in (response.content.decode())
    assert not Payment.objects.exists()
    response = client.post(
        url,
        {
            "invoice_1": "2026-0001",
            "amount_1": "5267",
            "invoice_2": "2026-0002",
            "amount_2": "5267",
        },
        follow=True,
    )
    assert "Line 2 split." in response.content.decode()
    assert Payment.objects.count() == 2


def test_the_statement_page_makes_the_same_queries_for_few_or_many_lines(
    invoices: list[Invoice],
) -> None:
    client = _staff()

    def queries(rows: int, day: int) -> int:
        content = "date;amount;reference\n" + "".join(
            f"2026-04-{day:02d};{n + 1},00;AER 2026-000{n % 3 + 1}\n" for n in range(rows)
        )
        statement = statement_import(
            name="q.csv", content=content.encode(), actor=None, today=TODAY
        ).statement
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("fees:statement", args=[statement.pk])).status_code == 200
        return len(captured)

    assert queries(2, 2) == queries(12, 3)


@pytest.mark.parametrize("version", ["02", "03", "04", "05", "06", "07", "08"])
def test_camt053_versions_2_to_8_are_read_alike(version: str) -> None:
    content = sample("camt053_v08_batch.xml").replace(
        b"camt.053.001.08", f"camt.053.001.{version}".encode()
    )
    parsed = parse_statement(content)
    assert parsed.format == "camt053"
    assert [(line.amount, line.reference) for line in parsed.lines] == [
        (Decimal("5267.00"), "RF152026000002"),
        (Decimal("10769.00"), "+++202/6000/00394+++"),
    ]


def test_a_batch_whose_transactions_do_not_add_up_is_refused(invoices: list[Invoice]) -> None:
    content = sample("camt053_v08_batch.xml").replace(
        b'<Amt Ccy="EUR">16036.00</Amt>', b'<Amt Ccy="EUR">16000.00</Amt>'
    )
    with pytest.raises(StatementImportRefused) as raised:
        statement_import(name="p.xml", content=content, actor=None, today=TODAY)
    assert raised.value.problems == [
        "entry 1: The entry's transactions add up to 16036.00, not its amount of 16000.00."
    ]


def test_an_amount_of_forty_digits_is_refused_not_a_crash(invoices: list[Invoice]) -> None:
    content = "date,amount,reference\n2026-04-02," + "9" * 40 + ",2026-0001\n"
    with pytest.raises(StatementImportRefused, match="line 2: The amount 9999"):
        statement_import(name="big.csv", content=content.encode(), actor=None, today=TODAY)


def test_the_upload_page_imports_a_bank_export_through_the_chosen_profile(
    invoices: list[Invoice], kbc: CsvProfile
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("export.txt", sample("kbc_export_2026_04.csv"))
    response = _staff().post(
        reverse("fees:statements"), {"file": upload, "profile": kbc.pk}, follow=True
    )
    content = response.content.decode()
    assert "2 payments recorded; 0 lines wait" in content
    assert "Read with the CSV profile “KBC”." in content
    assert StatementImport.objects.get().csv_profile == kbc


def test_the_upload_page_names_every_bad_line(invoices: list[Invoice]) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"date,amount,reference\n2999-01-01,10,2026-0001\n2026-04-02,1234567890123,x\n"
    response = _staff().post(
        reverse("fees:statements"), {"file": SimpleUploadedFile("s.csv", content)}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "The statement was not imported" in page
    assert "line 2: The date 1 January 2999 is in the future." in page
    assert "line 3: The amount 1234567890123 cannot be a payment" in page
    assert not StatementImport.objects.exists()


def test_the_secretariat_saves_a_csv_profile_in_the_admin() -> None:
    client = Client()
    client.force_login(with_totp(staff_user(is_superuser=True)))
    assert client.get(reverse("admin:fees_csvprofile_add")).status_code == 200
    response = client.post(
        reverse("admin:fees_csvprofile_add"),
        {
            "bank_name": "Belfius",
            "delimiter": "tab",
            "decimal_comma": "on",
            "date_format": "%d/%m/%Y",
            "encoding": "windows-1252",
            "header_row": "1",
            "date_column": "Boekingsdatum",
            "amount_column": "Bedrag",
            "currency_column": "Devies",
            "reference_columns": "Mededelingen",
            "counterparty_column": "Naam tegenpartij bevat",
            "id_column": "",
        },
    )
    assert response.status_code == 302
    layout = CsvProfile.objects.get().layout()
    assert layout.delimiter == "\t" and layout.reference_columns == ["Mededelingen"]
    export = (
        "Rekening\tBoekingsdatum\tNaam tegenpartij bevat\tBedrag\tDevies\tMededelingen\n"
        "BE68539007547034\t02/04/2026\tRégion A\t5.267,00\tEUR\t+++202/6000/00192+++\n"
    ).encode("windows-1252")
    (line,) = parse_statement(export, layouts=(layout,)).lines
    assert (line.amount, line.counterparty) == (Decimal("5267.00"), "Région A")


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.sampled_from(
        [
            b"",
            b"<Document xmlns='urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'>",
            b":20:X\n:61:",
            b"0000" + b" " * 123 + b"2\n",
            b"date;amount;reference\n",
        ]
    ),
    body=st.binary(max_size=300),
)
def test_no_bytes_make_the_reader_fail_other_than_by_saying_why(prefix: bytes, body: bytes) -> None:
    try:
        parse_statement(prefix + body)
    except StatementRejected as rejected:
        assert rejected.problems and all(isinstance(p, str) for p in rejected.problems)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_file_imported_eight_times_at_once_imports_once(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run with DATABASE_URL=postgres://…)")
    monkeypatch.setattr("fees.tasks.invoice_deliver.delay", lambda *args, **kwargs: None)
    fee_decision(2026)
    paying_member(name="Region A")
    paying_member(name="Region B")
    paying_member(name="Region C", population=1_000_000, relative_gdp=Decimal(1))
    fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2))
    start = threading.Barrier(8)
    imported: list[int] = []
    refused: list[str] = []
    errors: list[BaseException] = []

    def upload() -> None:
        try:
            start.wait(timeout=10)
            result = statement_import(
                name="x.cod", content=sample("coda_2026_04.cod"), actor=None, today=TODAY
            )
            imported.append(result.matched)
        except StatementImportRefused as refusal:
            refused.append(refusal.message)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert imported == [3] and len(refused) == 7
    assert StatementImport.objects.count() == 1 and Payment.objects.count() == 3
