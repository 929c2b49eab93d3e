"""Every fees URL, asked by an anonymous visitor, a user of region A, a user of region B, an
Executive Board member and a staff member; then what the pages show and how many queries."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from fees.models import (
    BankLine,
    CreditNote,
    Invoice,
    Payment,
    ProgrammeParticipation,
    StatementImport,
)
from fees.services.calls import fee_call_issue
from fees.services.credit_notes import credit_note_issue
from fees.services.statements import statement_import
from members.models import Member
from tests.fees.factories import fee_decision, invoice_rows_for, paying_member, treasurer_user
from tests.html_checks import page_problems
from tests.world import ROLES, built_once, client_for, people
from tests.world import World as SharedWorld

pytestmark = pytest.mark.django_db

TODAY = "2026-05-20 10:00 +02:00"


@dataclass
class World(SharedWorld):
    newcomer: Member
    invoice_a: Invoice
    invoice_b: Invoice
    credit_note: CreditNote
    statement: StatementImport


def _stored_pdf(document: Invoice | CreditNote) -> None:
    """A stand-in PDF (the real rendering is tested in test_pdf, and takes a second)."""
    from django.core.files.base import ContentFile

    document.pdf.save(f"{document.number}.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=False)
    type(document).objects.filter(pk=document.pk).update(pdf=document.pdf.name)


@pytest.fixture
def world(time_machine) -> World:  # type: ignore[no-untyped-def]
    time_machine.move_to(TODAY)
    return build_world()


def build_world() -> World:
    fee_decision(2026)
    region_a = paying_member(name="Region A Imereti", native_name="იმერეთი")
    region_b = paying_member(name="Region B Vojvodina", native_name="Војводина")
    newcomer = paying_member(name="Region C Lviv", since=date(2026, 2, 10))
    # On-commit callbacks do not run in these tests: no PDF is rendered, no mail sent.
    invoice_a, invoice_b = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    credit_note = credit_note_issue(
        invoice=invoice_a,
        amount=Decimal("67"),
        reason="Rounding",
        actor=None,
        today=date(2026, 4, 1),
    )
    for document in (invoice_a, invoice_b, credit_note):
        _stored_pdf(document)
    statement = statement_import(
        name="s.csv",
        content=b"date,amount,reference\n2026-04-02,10,no number\n",
        actor=None,
        today=date(2026, 4, 3),
    ).statement
    users = people(region_a, region_b)
    return World(region_a, region_b, users, newcomer, invoice_a, invoice_b, credit_note, statement)


STAFF_ONLY = (302, 403, 403, 403, 200)
STAFF_ACTION = (302, 403, 403, 403, 302)


def _url(name: str, *args: Callable[[World], object] | object) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args])


def number_a(w: World) -> str:
    return w.invoice_a.number


GET_PAGES: list[tuple[str, Callable[[World], str], tuple[int, ...]]] = [
    ("invoice list", _url("fees:invoices"), (302, 200, 200, 403, 200)),
    ("invoice", _url("fees:invoice", number_a), (302, 200, 404, 403, 200)),
    ("invoice PDF", _url("fees:invoice_pdf", number_a), (302, 200, 404, 403, 200)),
    (
        "credit note PDF",
        _url("fees:credit_note_pdf", lambda w: w.credit_note.number),
        (302, 200, 404, 403, 200),
    ),
    ("invoice UBL", _url("fees:invoice_ubl", number_a), (302, 200, 404, 403, 200)),
    ("credit note form", _url("fees:credit_note_new", number_a), STAFF_ONLY),
    ("calls", _url("fees:calls"), STAFF_ONLY),
    ("call preview", _url("fees:call", 2026), STAFF_ONLY),
    ("call confirmation", _url("fees:call_issue", 2026), STAFF_ONLY),
    ("call progress", _url("fees:call_progress", 2026), STAFF_ONLY),
    ("fee parameters", _url("fees:decision", 2027), STAFF_ONLY),
    ("admit a member", _url("fees:admit"), STAFF_ONLY),
    ("payments", _url("fees:payments"), STAFF_ONLY),
    ("statements", _url("fees:statements"), STAFF_ONLY),
    ("statement", _url("fees:statement", lambda w: w.statement.pk), STAFF_ONLY),
    ("exemptions", _url("fees:exemptions"), STAFF_ONLY),
    ("budget", _url("fees:budget_current"), (302, 403, 403, 403, 302)),
    ("budget of a year", _url("fees:budget", 2026), STAFF_ONLY),
    ("invoices CSV", _url("fees:export", "invoices", "csv"), STAFF_ONLY),
    ("payments XLSX", _url("fees:export", "payments", "xlsx"), STAFF_ONLY),
]

POST_ACTIONS: list[tuple[str, Callable[[World], str], dict[str, str]]] = [
    ("issue the call", _url("fees:call_issue", 2026), {}),
    ("programme", _url("fees:participation_new", 2026), {"member": "0", "programme": "eurodyssey"}),
    ("first-year", _url("fees:first_year_issue", 2026, lambda w: w.newcomer.pk), {}),
    (
        "resolve a line",
        _url("fees:line_resolve", lambda w: w.statement.lines.get().pk),
        {"note": "Donation"},
    ),
]


def _client(world: World, role: str) -> Client:
    return world.client(role)


class TestWhoGetsWhat:
    """Each test reads one status (an action's writes are undone after its test), so the class
    builds the world once."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:  # type: ignore[no-untyped-def]
        media = tmp_path_factory.mktemp("media")
        with built_once(django_db_blocker, media_root=media, now=TODAY):
            yield build_world()

    @pytest.fixture
    def _media_in_tmp(self) -> None:
        """The world's files stay where the class stored them."""

    @pytest.mark.parametrize(("name", "url", "expected"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
    @pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
    def test_who_gets_each_page(
        self,
        world: World,
        name: str,
        url: Callable[[World], str],
        expected: tuple[int, ...],
        role_index: int,
    ) -> None:
        role = ROLES[role_index]
        response = _client(world, role).get(url(world))
        assert response.status_code == expected[role_index], (name, role)
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize(
        ("name", "url", "data"), POST_ACTIONS, ids=[p[0] for p in POST_ACTIONS]
    )
    @pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
    def test_who_may_act(
        self,
        world: World,
        name: str,
        url: Callable[[World], str],
        data: dict[str, str],
        role_index: int,
    ) -> None:
        role = ROLES[role_index]
        response = _client(world, role).post(url(world), data)
        assert response.status_code == STAFF_ACTION[role_index], (name, role)


def test_the_treasurer_opens_the_budget_and_the_exemptions(world: World) -> None:
    client = client_for(treasurer_user())
    assert client.get(reverse("fees:budget", args=[2026])).status_code == 200
    page = client.get(reverse("fees:exemptions"))
    assert page.status_code == 200 and "Approve a discount or exemption" in page.content.decode()
    assert client.get(reverse("fees:calls")).status_code == 403


def test_each_region_sees_only_its_own_invoices(world: World) -> None:
    page_a = _client(world, "region A").get(reverse("fees:invoices")).content.decode()
    assert "2026-0001" in page_a and "2026-0002" not in page_a
    page_b = _client(world, "region B").get(reverse("fees:invoices")).content.decode()
    assert "2026-0002" in page_b and "2026-0001" not in page_b
    staff = _client(world, "staff").get(reverse("fees:invoices")).content.decode()
    assert "2026-0001" in staff and "2026-0002" in staff and "Region B Vojvodina" in staff


def test_the_invoice_page_shows_status_amount_due_calculation_and_suspension(world: World) -> None:
    from fees.services.suspensions import suspensions_update

    suspensions_update(today=date(2026, 5, 20))
    content = _client(world, "region A").get(reverse("fees:invoice", args=["2026-0001"])).content
    text = content.decode()
    assert "Overdue" in text  # the status in words, not only a colour
    assert "€ 5,200.00" in text  # 5 267 less the credit note of 67
    assert "Basic fee = 3 250 (Procedures art. 3.2.1)" in text
    assert "Statistics of 2025: population 519,000" in text
    assert "CN-2026-0001" in text
    assert "Rights suspended" in text and "since 3 May 2026" in text
    assert "იმერეთი" in text


def test_the_region_downloads_its_stored_pdf(world: World) -> None:
    response = _client(world, "region A").get(reverse("fees:invoice_pdf", args=["2026-0001"]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="AER-2026-0001.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_pdf_not_rendered_yet_is_rendered_in_the_background(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    queued: list[tuple[object, ...]] = []
    monkeypatch.setattr("fees.tasks.invoice_deliver.delay", lambda *args: queued.append(args))
    Invoice.objects.filter(pk=world.invoice_b.pk).update(pdf="")
    response = _client(world, "region B").get(reverse("fees:invoice_pdf", args=["2026-0002"]))
    assert response.status_code == 202 and "being prepared" in response.content.decode()
    assert queued == [(world.invoice_b.pk, False)]


def test_the_ubl_download_is_the_regions_own_invoice_and_the_page_shows_the_reference(
    world: World,
) -> None:
    response = _client(world, "region A").get(reverse("fees:invoice_ubl", args=["2026-0001"]))
    assert response["Content-Type"] == "application/xml"
    assert b"<cbc:ID>2026-0001</cbc:ID>" in response.content
    assert b"Region A Imereti" in response.content and b"Region B" not in response.content
    billing = world.region_a.people.get(contact_roles__role="billing")
    assert f'<cbc:EndpointID schemeID="EM">{billing.email}</cbc:EndpointID>'.encode() in (
        response.content
    )
    from facturx import xml_check_xsd

    assert xml_check_xsd(response.content, flavor="ubl-2.1-invoice") is True
    other = _client(world, "region A").get(reverse("fees:invoice_ubl", args=["2026-0002"]))
    assert other.status_code == 404
    page = _client(world, "region A").get(reverse("fees:invoice", args=["2026-0001"]))
    assert world.invoice_a.payment_reference in page.content.decode()
    assert reverse("fees:invoice_ubl", args=["2026-0001"]) in page.content.decode()


def test_the_preview_page_lists_amounts_steps_statistics_and_reasons(world: World) -> None:
    paying_member(name="Sălaj County", statistics_year=None)
    paying_member(name="Buzău County", population=404_000, relative_gdp=Decimal("0.45"))
    content = _client(world, "staff").get(reverse("fees:call", args=[2026])).content.decode()
    assert "1 member to invoice" in content
    assert "Buzău County" in content and "2025: population 404,000, relative GDP 0.45" in content
    assert "Indexation 1.027^(2026 − 2016) = 1.305282 (Procedures art. 3.2.1)" in content
    assert "Sălaj County" in content and "No population and GDP recorded" in content
    assert "Invoiced: 2026-0001" in content


def test_staff_issue_the_call_from_the_preview(world: World) -> None:
    paying_member(name="Buzău County")
    client = _client(world, "staff")
    preview = client.get(reverse("fees:call", args=[2026])).content.decode()
    assert f'action="{reverse("fees:call_issue", args=[2026])}"' in preview
    confirm = client.get(reverse("fees:call_issue", args=[2026])).content.decode()
    assert "1 invoice will be issued, for a total of € 5,267.00." in confirm
    response = client.post(
        reverse("fees:call_issue", args=[2026]), {"count": "1", "total": "5267.00"}, follow=True
    )
    assert "The call for 2026 is being issued" in response.content.decode()
    assert Invoice.objects.count() == 2  # the worker issues it after the commit


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        (
            {"invoice": "2026-0001", "amount": "-50", "received_on": "2026-05-01"},
            "amount",
            "A payment is an amount greater than zero",
        ),
        (
            {"invoice": "2026-0404", "amount": "50", "received_on": "2026-05-01"},
            "invoice",
            "There is no invoice numbered “2026-0404”",
        ),
    ],
)
def test_a_bad_payment_keeps_what_was_typed_and_names_the_field(
    world: World, data: dict[str, str], field: str, words: str
) -> None:
    before = Payment.objects.count()
    key = {"request_key": "0b6f3f0e-2f1a-4c55-9d0e-5b8f8f7d2a10"}  # the form's hidden key
    response = _client(world, "staff").post(reverse("fees:payments"), {**data, **key})
    assert response.status_code == 200
    form = response.context["form"]
    assert (
        form.errors[field] == [words + (".” " if False else "")] or words in form.errors[field][0]
    )
    assert form.data["invoice"] == data["invoice"] and form.data["amount"] == data["amount"]
    assert Payment.objects.count() == before


def test_a_payment_recorded_by_staff(world: World) -> None:
    response = _client(world, "staff").post(
        reverse("fees:payments"),
        {
            "invoice": "2026-0002",
            "amount": "5267.00",
            "received_on": "2026-05-01",
            "reference": "x",
            "request_key": "6f1c7e7e-3c1a-4a8e-9a55-0d7c2f1e0b11",
        },
        follow=True,
    )
    assert "Payment of € 5267.00 recorded for invoice 2026-0002" in response.content.decode()


def test_a_statement_in_the_wrong_format_says_so_and_saves_nothing(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = StatementImport.objects.count()
    response = _client(world, "staff").post(
        reverse("fees:statements"),
        {"file": SimpleUploadedFile("minutes.docx", b"PK\x03\x04 not a statement")},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "The statement was not imported" in content
    assert "looks like a spreadsheet or word-processor file" in content
    assert StatementImport.objects.count() == before


def test_a_statement_is_imported_from_the_page(world: World) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = b"date,amount,reference\n2026-04-20,5267.00,AER 2026-0002\n"
    response = _client(world, "staff").post(
        reverse("fees:statements"),
        {"file": SimpleUploadedFile("may.csv", content, content_type="text/csv")},
        follow=True,
    )
    assert "1 payments recorded; 0 lines wait" in response.content.decode()
    assert BankLine.objects.filter(match="paid").count() == 1


def test_the_treasurer_is_refused_a_second_exemption_with_the_reason(world: World) -> None:
    client = client_for(treasurer_user())
    data = {
        "member": str(world.region_a.pk),
        "year": "2026",
        "amount": "",
        "justification": "Floods destroyed the regional administration in 2026.",
    }
    assert client.post(reverse("fees:exemptions"), data).status_code == 302
    response = client.post(reverse("fees:exemptions"), {**data, "year": "2027"})
    assert response.status_code == 200
    assert "non-renewable period" in response.context["form"].errors["member"][0]


def test_budget_shows_the_coverage_ratio(world: World) -> None:
    client = _client(world, "staff")
    client.post(reverse("fees:budget", args=[2026]), {"amount": "20000", "note": "Budget 2026"})
    content = client.get(reverse("fees:budget", args=[2026])).content.decode()
    # Expected: 2 × 5 267 − 67 credited = 10 467 against 20 000.
    assert "€ 10,467.00" in content and "€ 20,000.00" in content
    assert "0.52" in content and "not covered" in content
    bad = client.post(reverse("fees:budget", args=[2026]), {"amount": "-1"})
    assert "The ordinary expenditure is an amount of zero or more" in bad.content.decode()


def test_exports_neutralise_formulas(world: World) -> None:
    member = paying_member(name='=HYPERLINK("http://evil")')
    fee_call_issue(year=2026, actor=None, today=date(2026, 5, 1), member_ids=[member.pk])
    content = _client(world, "staff").get(reverse("fees:export", args=["invoices", "csv"]))
    text = content.content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text
    assert "2026-0001,Annual membership fee,2026,Region A Imereti" in text
    xlsx = _client(world, "staff").get(reverse("fees:export", args=["invoices", "xlsx"]))
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row}
    assert cells['=HYPERLINK("http://evil")'].data_type == "s"  # text as typed, not a formula
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    amounts = [row[7] for row in sheet.iter_rows(min_row=2)]
    assert 5267 in [cell.value for cell in amounts]  # amounts stay numbers
    assert all(cell.number_format == "#,##0.00" for cell in amounts)  # with two decimals
    issued = [row[5] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.is_date for cell in issued)
    assert issued[0].value.date() == date(2026, 3, 2)
    credit = _client(world, "staff").get(reverse("fees:export", args=["credit-notes", "csv"]))
    assert "CN-2026-0001" in credit.content.decode("utf-8-sig")
    assert _client(world, "staff").get("/fees/exports/secrets.csv").status_code == 404


def test_admit_a_member_from_the_page(world: World) -> None:
    member = paying_member(
        name="Lviv Oblast", statistics_year=2025, category="observer", since=date(2025, 1, 10)
    )
    response = _client(world, "staff").post(
        reverse("fees:admit"),
        {"member": member.pk, "category": "full", "board_decision": "2026-05-12"},
    )
    invoice = Invoice.objects.get(member=member)
    assert response["Location"] == reverse("fees:invoice", args=[invoice.number])
    assert invoice.total == Decimal("3072")  # 5 267 × 7/12 = 3 072.42


# --- Query counts -----------------------------------------------------------------------


def test_the_region_invoice_page_takes_the_same_queries_for_3_and_30_invoices(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = _client(world, "region A")
    invoice_rows_for(world.region_a, 2)
    # session, user, accesses, Board check (the officer has a person), invoices, suspensions.
    with django_assert_num_queries(5):
        response = client.get(reverse("fees:invoices"))
    assert len(response.context["rows"]) == 3
    invoice_rows_for(world.region_a, 27, year=2025)
    with django_assert_num_queries(5):
        response = client.get(reverse("fees:invoices"))
    assert len(response.context["rows"]) == 30


def test_the_invoice_page_takes_a_constant_number_of_queries(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = _client(world, "region A")
    # session, user, accesses, invoice, lines, payments, credit notes, credit notes proposed
    # (art. 3.4), suspensions.
    with django_assert_num_queries(9):
        client.get(reverse("fees:invoice", args=["2026-0001"]))


def test_the_preview_page_takes_the_same_queries_for_1_and_28_members_to_invoice(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = _client(world, "staff")
    paying_member()
    # The first view after a change computes every fee and keeps it (fees.selectors.
    # assessments); then: session, user, accesses, two-factor check, the decision, the
    # fingerprint, the totals with the rows shown (one query), the six of computing them
    # afresh (members, memberships, figures, participations, invoices, billing contacts) and
    # the call. The programme form, with its list of every member, has its own page.
    client.get(reverse("fees:call", args=[2026]))
    with django_assert_num_queries(14):
        response = client.get(reverse("fees:call", args=[2026]))
    assert response.context["preview"].to_invoice_count == 1
    for _ in range(27):
        paying_member()
    client.get(reverse("fees:call", args=[2026]))
    with django_assert_num_queries(14):
        response = client.get(reverse("fees:call", args=[2026]))
    assert response.context["preview"].to_invoice_count == 28


def test_the_budget_page_takes_a_constant_number_of_queries(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = _client(world, "staff")
    # session, user, accesses, two-factor, the decision, the fingerprint of the fees kept
    # (the first view after a change computes them), their sum, lines, invoices, expenditure.
    client.get(reverse("fees:budget", args=[2026]))
    with django_assert_num_queries(10):
        client.get(reverse("fees:budget", args=[2026]))
    for _ in range(10):
        paying_member()
    client.get(reverse("fees:budget", args=[2026]))
    with django_assert_num_queries(10):
        client.get(reverse("fees:budget", args=[2026]))


def test_the_boards_decision_is_recorded_from_the_page(world: World) -> None:
    client = _client(world, "staff")
    page = client.get(reverse("fees:decision", args=[2027]))
    assert page.context["form"].initial["basic_fee"] == Decimal("3250")  # the Procedures'
    data = {
        name: str(value)
        for name, value in page.context["form"].initial.items()
        if name in page.context["form"].fields and value is not None
    }
    bad = client.post(
        reverse("fees:decision", args=[2027]),
        {**data, "decided_on": "2026-11-20", "indexation": "0", "basic_fee": "3400"},
    )
    assert bad.status_code == 200
    assert bad.context["form"].errors["indexation"] == ["must be greater than zero, got 0"]
    assert bad.context["form"].data["basic_fee"] == "3400"  # what was typed stays
    good = client.post(
        reverse("fees:decision", args=[2027]),
        {**data, "decided_on": "2026-11-20", "basic_fee": "3400"},
    )
    assert good["Location"] == reverse("fees:call", args=[2027])
    refused = client.post(
        reverse("fees:decision", args=[2026]), {**data, "decided_on": "2026-01-20"}
    )
    assert "The call for fees for 2026 has been issued" in refused.content.decode()


def test_a_credit_note_from_the_page(world: World) -> None:
    client = _client(world, "staff")
    bad = client.post(
        reverse("fees:credit_note_new", args=["2026-0002"]), {"amount": "-3", "reason": "x"}
    )
    assert "A credit note credits an amount greater than zero" in bad.content.decode()
    good = client.post(
        reverse("fees:credit_note_new", args=["2026-0002"]), {"amount": "100", "reason": "Typo"}
    )
    assert good["Location"] == reverse("fees:invoice", args=["2026-0002"])
    # Staff propose; the credit note exists only once the Treasurer approves it (art. 3.4).
    assert not world.invoice_b.credit_notes.exists()
    proposal = world.invoice_b.reduction_proposals.get()
    treasurer = Client()
    treasurer.force_login(treasurer_user())
    treasurer.post(reverse("fees:reduction_decide", args=[proposal.pk]), {"decision": "approve"})
    assert world.invoice_b.credit_notes.get().number == "CN-2026-0002"


@pytest.mark.parametrize(("name", "url", "expected"), GET_PAGES[:3] + GET_PAGES[5:15])
def test_the_pages_render_in_french(
    world: World, name: str, url: Callable[[World], str], expected: tuple[int, ...]
) -> None:
    client = _client(world, "staff")
    client.cookies["django_language"] = "fr"
    response = client.get(url(world), follow=True)
    assert response.status_code == 200, name
    if response["Content-Type"].startswith("text/html"):
        assert '<html lang="fr">' in response.content.decode()


def test_the_budget_totals_are_summed_by_the_database_like_invoice_by_invoice(
    world: World,
) -> None:
    from fees.selectors.balances import with_balances
    from fees.selectors.budget import budget_overview
    from fees.services.assessments import fees_assess

    # Region B pays more than its invoice: an overpayment is not "outstanding" below zero.
    Payment.objects.create(
        invoice=world.invoice_b,
        amount=world.invoice_b.total + Decimal("50"),
        received_on=date(2026, 4, 3),
        source="manual",
    )
    Payment.objects.create(
        invoice=world.invoice_a, amount=Decimal("10"), received_on=date(2026, 4, 3), source="manual"
    )
    invoices = list(with_balances(Invoice.objects.filter(year=2026)))

    assessment = fees_assess(year=2026, on=date(2026, 5, 1))
    overview = budget_overview(year=2026, assessment_id=assessment.id)

    assert overview.invoiced == sum(invoice.total for invoice in invoices)
    assert overview.credited == Decimal("67")
    assert overview.received == world.invoice_b.total + Decimal("60")
    assert overview.outstanding == world.invoice_a.total - Decimal("77")


def test_the_call_preview_lists_its_first_rows_and_all_of_them_on_demand(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("fees.views.calls.PREVIEW_ROWS", 1)
    client = _client(world, "staff")

    first = client.get(reverse("fees:call", args=[2026])).content.decode()
    every = client.get(reverse("fees:call", args=[2026]) + "?all=1").content.decode()

    # Region A and B are invoiced, C was admitted this year: rows left out of the call.
    left_out = client.get(reverse("fees:call", args=[2026])).context["preview"].left_out.count
    assert left_out >= 3
    assert first.count('<tr class="fee-row-') == 1
    assert f"The first 1 of {left_out} members are listed." in first
    assert 'href="?all=1"' in first
    assert every.count('<tr class="fee-row-') == left_out and 'href="?all=1"' not in every


def test_the_call_preview_shows_the_billing_contacts_of_the_rows_it_lists(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The preview computes every member but fetches contacts only for the rows on screen.
    monkeypatch.setattr("fees.views.calls.PREVIEW_ROWS", 2)
    client = _client(world, "staff")
    paying_member(name="Aaa Region")
    paying_member(name="Aab Region", billing=False)
    paying_member(name="Zzz Region")

    page = client.get(reverse("fees:call", args=[2026]))

    (group,) = page.context["preview"].groups
    rows = group.rows
    assert [row.member.name for row in rows] == ["Aaa Region", "Aab Region"]
    assert group.count == 3
    assert [len(row.contacts) for row in rows] == [1, 0]
    content = page.content.decode()
    assert str(rows[0].contacts[0]) in content
    assert content.count("none: the invoice will not be e-mailed") == 1
    assert "Zzz Region</th>" not in content
    # The programme form, on its own page, still offers every member.
    programmes = client.get(reverse("fees:participation_new", args=[2026])).content.decode()
    assert '">Zzz Region</option>' in programmes and "participation-member" not in content


def test_the_call_page_asks_for_a_choice_and_its_wide_tables_scroll_by_keyboard(
    world: World,
) -> None:
    """Issue 15: the participation form preselected the first member (and programme), so a
    click on "Record" charged a member nobody chose; and the members' table scrolled sideways
    on a phone only with a pointer."""
    paying_member(name="Region D Tyrol")  # a member the call has not invoiced yet
    client = _client(world, "staff")
    form = client.get(reverse("fees:participation_new", args=[2026])).content.decode()
    member_select = form.split('id="participation-member"', 1)[1].split("</select>", 1)[0]
    assert member_select.split("<option", 2)[1].startswith(' value=""')
    programme_select = form.split('name="programme"', 1)[1].split("</select>", 1)[0]
    assert programme_select.split("<option", 2)[1].startswith(' value=""')
    assert page_problems(form) == []
    page = client.get(reverse("fees:call", args=[2026])).content.decode()
    wrappers = re.findall(r'<div class="table-responsive"[^>]*>', page)
    assert wrappers
    for wrapper in wrappers:
        assert 'tabindex="0"' in wrapper and 'role="region"' in wrapper
        assert re.search(r'aria-label="[^"]+"', wrapper)
    assert page_problems(page) == []


def test_a_programme_is_recorded_from_its_own_page_linked_from_the_preview(world: World) -> None:
    """The programme form left the call's preview (its list of every member was built on
    every view of it): the preview links to it; recorded, the secretariat is back on the
    preview; a refused choice goes back to the form with the reason."""
    client = _client(world, "staff")
    form_url = reverse("fees:participation_new", args=[2026])
    preview = client.get(reverse("fees:call", args=[2026])).content.decode()
    assert f'href="{form_url}"' in preview
    member = paying_member(name="Region E Programme")

    refused = client.post(form_url, {"member": member.pk, "programme": ""})
    assert refused.status_code == 302 and refused["Location"] == form_url
    recorded = client.post(form_url, {"member": member.pk, "programme": "eurodyssey"})
    assert recorded.status_code == 302
    assert recorded["Location"] == reverse("fees:call", args=[2026])
    assert ProgrammeParticipation.objects.filter(member=member, year=2026).exists()
