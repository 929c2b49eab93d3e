"""The yearly call for fees: the preview, issuing, numbering, idempotence, the e-mails."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from aer_portal.errors import DomainError
from aer_portal.rules.membership import MemberCategory
from fees.models import FeeCall, Invoice, NumberSeries, ProgrammeParticipation
from fees.selectors.calls import fee_call_preview
from fees.selectors.parameters import parameters_for
from fees.selectors.previews import RowStatus
from fees.services.calls import fee_call_issue
from fees.services.invoices import programme_participation_record
from fees.services.parameters import fee_decision_record
from members.models import Membership, MemberStatistics
from tests.factories import MemberFactory
from tests.fees.factories import fee_decision, paying_member

pytestmark = pytest.mark.django_db

CALL_DAY = date(2026, 3, 2)


def _status(preview, member) -> RowStatus:  # type: ignore[no-untyped-def]
    return next(row.status for row in preview.rows if row.member == member)


def test_preview_lists_every_member_with_its_fee_or_the_reason_it_has_none() -> None:
    fee_decision(2026)
    dambovita = paying_member(name="Dâmbovița County")
    no_statistics = paying_member(name="Sălaj County", statistics_year=None)
    no_population = paying_member(name="Imereti", population=None)
    no_gdp = paying_member(name="Adjara", relative_gdp=None)
    future_statistics = paying_member(name="Buzău County", statistics_year=2027)
    observer = paying_member(
        name="Kharkiv", category=MemberCategory.OBSERVER, since=date(2026, 1, 10)
    )
    network = paying_member(
        name="Border Regions Network", category=MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL
    )
    founding = paying_member(name="Founders", category=MemberCategory.FOUNDING_ASSOCIATE)
    newcomer = paying_member(name="Lviv Oblast", since=date(2026, 2, 12))
    never_admitted = MemberFactory(name="Record without membership")
    former = paying_member(name="Former Region")
    Membership.objects.filter(member=former).update(ended_on=date(2024, 12, 31))

    preview = fee_call_preview(year=2026, on=CALL_DAY)

    assert _status(preview, dambovita) is RowStatus.TO_INVOICE
    row = next(row for row in preview.to_invoice if row.member == dambovita)
    assert row.draft.total == Decimal("5267")
    assert row.draft.statistics.year == 2025
    assert row.steps[0] == "Basic fee = 3 250 (Procedures art. 3.2.1)"
    assert row.steps[-1].endswith("= 5 267 (Procedures art. 3.2.1)")
    assert _status(preview, network) is RowStatus.TO_INVOICE
    for member, words in [
        (no_statistics, "No population and GDP recorded for 2026 or an earlier year"),
        (no_population, "The population is missing in the statistics of 2025"),
        (no_gdp, "The relative GDP is missing in the statistics of 2025"),
        (future_statistics, "No population and GDP recorded for 2026"),
        (never_admitted, "No membership is recorded"),
    ]:
        assert _status(preview, member) is RowStatus.CANNOT_COMPUTE
        assert words in next(r.reason for r in preview.rows if r.member == member)
    assert _status(preview, observer) is RowStatus.NO_FEE
    assert _status(preview, founding) is RowStatus.NO_FEE
    assert _status(preview, newcomer) is RowStatus.NEW_MEMBER
    assert "first-year fee is invoiced on admission" in next(
        r.reason for r in preview.rows if r.member == newcomer
    )
    assert former not in [row.member for row in preview.rows]
    groups = {group.category: group for group in preview.groups}
    assert set(groups) == {"full", "associate_non_geographical"}
    assert groups["associate_non_geographical"].total == Decimal("9750")
    assert preview.total_to_invoice == Decimal("5267") + Decimal("9750")


def test_the_newest_statistics_up_to_the_year_are_used() -> None:
    member = paying_member(statistics_year=2023, population=1_000_000, relative_gdp=Decimal(1))
    member.statistics.create(year=2025, population=519_000, relative_gdp=Decimal("0.55"))
    member.statistics.create(year=2027, population=9_000_000, relative_gdp=Decimal(2))
    (row,) = fee_call_preview(year=2026, on=CALL_DAY).rows
    assert row.draft.statistics.year == 2025
    assert row.draft.total == Decimal("5267")


def test_the_revenue_cap_applies_when_total_revenue_is_known() -> None:
    paying_member(total_revenue=Decimal("1000000"))
    (row,) = fee_call_preview(year=2026, on=CALL_DAY).rows
    assert row.draft.total == Decimal("1500")  # 0.15 % of € 1 000 000


def test_parameters_default_to_the_procedures_and_carry_over_until_decided_again() -> None:
    assert parameters_for(year=2026).decision is None
    assert parameters_for(year=2026).params.basic_fee == Decimal("3250")
    fee_decision(2025, basic_fee=Decimal("3500"))
    carried = parameters_for(year=2026)
    assert carried.params.basic_fee == Decimal("3500") and not carried.decided_for_the_year


def test_issuing_creates_one_numbered_invoice_per_member_and_mails_the_pdf(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    fee_decision(2026)
    members = [paying_member(name=f"Region {letter}") for letter in "CAB"]
    paying_member(name="Region D", statistics_year=None)  # left out: no statistics
    with django_capture_on_commit_callbacks(execute=True):
        result = fee_call_issue(year=2026, actor=None, today=CALL_DAY)

    assert [invoice.number for invoice in result.invoices] == [
        "2026-0001",
        "2026-0002",
        "2026-0003",
    ]
    assert [invoice.member for invoice in result.invoices] == sorted(members, key=str)
    assert result.left_out == 1
    invoice = Invoice.objects.get(number="2026-0001")
    assert invoice.due_on == date(2026, 5, 2)  # two months after the call (art. 3.1.2)
    assert invoice.total == Decimal("5267")
    assert invoice.lines.get().amount == Decimal("5267")
    assert invoice.calculation_steps()[0].render() == "Basic fee = 3 250 (Procedures art. 3.2.1)"
    assert invoice.statistics_year == 2025 and invoice.population == 519_000
    assert invoice.pdf.name.startswith("invoices/2026/") and invoice.pdf.name.endswith(".pdf")
    assert "2026-0001" not in invoice.pdf.name  # generated names only
    assert len(mail.outbox) == 3
    message = next(m for m in mail.outbox if "2026-0001" in m.subject)
    assert message.subject == "AER membership fee 2026: invoice 2026-0001"
    name, content, mimetype = message.attachments[0]
    assert (
        name == "AER-2026-0001.pdf"
        and content.startswith(b"%PDF")
        and mimetype == "application/pdf"
    )
    assert FeeCall.objects.get(year=2026).issued_on == CALL_DAY


def test_issuing_twice_creates_nothing_new_and_later_invoices_the_members_now_computable(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    fee_decision(2026)
    paying_member(name="Region A")
    late = paying_member(name="Region B", statistics_year=None)
    with django_capture_on_commit_callbacks(execute=True):
        fee_call_issue(year=2026, actor=None, today=CALL_DAY)
    with django_capture_on_commit_callbacks(execute=True):
        again = fee_call_issue(year=2026, actor=None, today=CALL_DAY)
    assert again.invoices == []
    assert Invoice.objects.count() == 1 and len(mail.outbox) == 1

    late.statistics.create(year=2025, population=200_000, relative_gdp=Decimal("0.5"))
    with django_capture_on_commit_callbacks(execute=True):
        third = fee_call_issue(year=2026, actor=None, today=date(2026, 4, 1))
    (invoice,) = third.invoices
    assert invoice.number == "2026-0002" and invoice.member == late
    assert invoice.due_on == date(2026, 6, 1)
    assert NumberSeries.objects.get(name="2026").last_value == 2


def test_the_database_refuses_a_second_annual_invoice_for_a_member() -> None:
    from django.db import IntegrityError, transaction

    fee_decision(2026)
    paying_member()
    (invoice,) = fee_call_issue(year=2026, actor=None, today=CALL_DAY).invoices
    duplicate = Invoice.objects.get(pk=invoice.pk)
    duplicate.pk = None
    duplicate.number, duplicate.sequence = "2026-0099", 99
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_a_call_needs_the_boards_decision_for_its_year() -> None:
    paying_member()
    fee_decision(2025)
    with pytest.raises(DomainError, match=r"^No Executive Board decision") as raised:
        fee_call_issue(year=2026, actor=None, today=CALL_DAY)
    assert raised.value.field == "year"
    assert not Invoice.objects.exists() and not FeeCall.objects.exists()


def test_a_call_for_a_far_year_is_refused() -> None:
    fee_decision(2028)
    with pytest.raises(DomainError, match=r"^A call for 2028 cannot be issued in 2026"):
        fee_call_issue(year=2028, actor=None, today=CALL_DAY)


def test_the_decision_is_recorded_and_frozen_once_the_call_is_issued() -> None:
    decision = fee_decision_record(
        year=2026, decided_on=date(2026, 1, 20), values={"basic_fee": Decimal("3400")}, actor=None
    )
    assert decision.basic_fee == Decimal("3400") and decision.cap == Decimal("30000")
    with pytest.raises(DomainError) as raised:
        fee_decision_record(
            year=2026, decided_on=date(2026, 1, 20), values={"indexation": Decimal(0)}, actor=None
        )
    # The field travels apart; the sentence names it as the form labels it, not "indexation:".
    assert raised.value.field == "indexation"
    assert raised.value.message == "Yearly indexation factor: must be greater than zero, got 0"
    fee_call_issue(year=2026, actor=None, today=CALL_DAY)
    with pytest.raises(DomainError, match=r"^The call for fees for 2026 has been issued"):
        fee_decision_record(
            year=2026, decided_on=date(2026, 1, 20), values={"basic_fee": Decimal(1)}, actor=None
        )


def test_french_billing_contacts_get_french_invoices() -> None:
    fee_decision(2026)
    paying_member(languages="sv,fr,en")
    (invoice,) = fee_call_issue(year=2026, actor=None, today=CALL_DAY).invoices
    assert invoice.language == "fr"


def test_programme_fees_become_lines_of_the_invoice_before_the_call_and_an_invoice_after() -> None:
    fee_decision(2026)
    before = paying_member(name="Region A")
    after = paying_member(name="Region B")
    programme_participation_record(
        member=before, year=2026, programme="summer_academy", actor=None, today=CALL_DAY
    )
    programme_participation_record(
        member=before, year=2026, programme="eurodyssey", actor=None, today=CALL_DAY
    )
    invoices = {i.member: i for i in fee_call_issue(year=2026, actor=None, today=CALL_DAY).invoices}
    lines = list(invoices[before].lines.values_list("kind", "amount"))
    assert lines == [
        ("membership", Decimal("5267")),
        ("summer_academy", Decimal("5000")),
        ("eurodyssey", Decimal("0")),
    ]
    assert invoices[before].total == Decimal("10267")
    assert (
        invoices[before].lines.all()[1].description() == "Summer Academy Organising Committee 2026"
    )
    assert set(ProgrammeParticipation.objects.values_list("invoice", flat=True)) == {
        invoices[before].pk
    }

    recorded = programme_participation_record(
        member=after, year=2026, programme="summer_academy", actor=None, today=date(2026, 6, 1)
    )
    assert recorded.invoice is not None
    assert recorded.invoice.kind == Invoice.Kind.PROGRAMME
    assert recorded.invoice.total == Decimal("5000") and recorded.invoice.number == "2026-0003"
    assert recorded.invoice.due_on == date(2026, 8, 1)
    eurodyssey = programme_participation_record(
        member=after, year=2026, programme="eurodyssey", actor=None, today=date(2026, 6, 1)
    )
    assert eurodyssey.invoice is None  # a fee of 0 is not invoiced on its own
    with pytest.raises(DomainError, match=r"already recorded for"):
        programme_participation_record(
            member=after, year=2026, programme="eurodyssey", actor=None, today=date(2026, 6, 1)
        )


def test_preview_takes_the_same_number_of_queries_for_3_and_30_members(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    fee_decision(2026)
    for _ in range(3):
        paying_member()
    # decision, members, memberships, statistics, participations, invoices, contacts, call.
    with django_assert_num_queries(8):
        assert len(fee_call_preview(year=2026, on=CALL_DAY).to_invoice) == 3
    for _ in range(27):
        paying_member()
    with django_assert_num_queries(8):
        assert len(fee_call_preview(year=2026, on=CALL_DAY).to_invoice) == 30


def test_a_page_preview_computes_no_fee_again_for_members_invoiced_already(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # After the call nearly every member is invoiced: the preview page and the Treasurer's
    # view show their category and invoice, and compute the fee of the others only.
    fee_decision(2026)
    invoiced = paying_member(name="Invoiced Region")
    fee_call_issue(year=2026, actor=None, today=CALL_DAY)
    later = paying_member(name="Later Region")
    from fees.selectors import calls

    computed = []
    original = calls.member_fee_draft
    monkeypatch.setattr(
        calls, "member_fee_draft", lambda **kwargs: computed.append(kwargs) or original(**kwargs)
    )

    preview = fee_call_preview(year=2026, on=CALL_DAY, for_display=True)

    assert [call["member"] for call in computed] == [later]
    row = next(row for row in preview.rows if row.member == invoiced)
    assert row.status is RowStatus.INVOICED and row.invoice is not None
    assert row.category_label == "Full member"
    assert _status(preview, later) is RowStatus.TO_INVOICE
    # Issuing still works out every member, as before.
    computed.clear()
    fee_call_preview(year=2026, on=CALL_DAY)
    assert len(computed) == 2


def test_a_page_preview_explains_only_the_fees_it_shows() -> None:
    # The totals of a thousand members need amounts; the six-step explanation of each fee is
    # written only for the rows a page shows (issue 16: it was a quarter of the preview's time).
    fee_decision(2026)
    shown = paying_member(name="Dâmbovița County")
    paying_member(name="Sălaj County")

    preview = fee_call_preview(year=2026, on=CALL_DAY, for_display=True)

    rows = {row.member.name: row for row in preview.to_invoice}
    assert all(row.draft.calculation._steps is None for row in rows.values())
    # Periods and figures are read as plain values, not model objects (a third of the time).
    assert not isinstance(rows[shown.name].draft.membership, Membership)
    assert rows[shown.name].draft.statistics.year == 2025
    assert not isinstance(rows[shown.name].draft.statistics, MemberStatistics)
    assert preview.total_to_invoice == 2 * Decimal("5267")
    assert all(row.draft.calculation._steps is None for row in rows.values())
    assert rows[shown.name].steps[-1].endswith("= 5 267 (Procedures art. 3.2.1)")
    assert rows["Sălaj County"].draft.calculation._steps is None
    issued = fee_call_preview(year=2026, on=CALL_DAY)
    assert rows[shown.name].steps == next(r.steps for r in issued.to_invoice if r.member == shown)
