"""Fees computed once and kept for the pages that show totals (issue 16): the preview and the
Treasurer's view sum kept amounts, and any change to an input recomputes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse

from aer_portal.rules.membership import MemberCategory
from fees.models import (
    AssessedFee,
    Exemption,
    FeeDecision,
    InvoiceLine,
    ProgrammeParticipation,
)
from fees.selectors.assessments import Sort, fee_call_page
from fees.selectors.budget import budget_overview
from fees.selectors.calls import fee_call_preview
from fees.selectors.previews import MEMBERSHIP_LINE_KINDS
from fees.services.assessments import fees_assess
from fees.services.calls import fee_call_issue
from members.models import Member, Membership, MemberStatistics
from tests.factories import staff_user, with_totp
from tests.fees.factories import fee_decision, paying_member
from tests.world import client_for

pytestmark = pytest.mark.django_db

CALL_DAY = date(2026, 3, 2)


def _page(**kwargs: object) -> object:
    assessment = fees_assess(year=2026, on=CALL_DAY)
    return fee_call_page(assessment=assessment, shown=20, **kwargs)  # type: ignore[arg-type]


def _budget():  # type: ignore[no-untyped-def]
    return budget_overview(year=2026, assessment_id=fees_assess(year=2026, on=CALL_DAY).id)


def _shown(page, member: Member) -> Decimal:  # type: ignore[no-untyped-def]
    return next(row.draft.total for g in page.groups for row in g.rows if row.member == member)


def _fresh_total() -> Decimal:
    return fee_call_preview(year=2026, on=CALL_DAY).total_to_invoice


def _fresh_expected() -> Decimal:
    return fee_call_preview(year=2026, on=CALL_DAY).expected_membership_fees


def _invoiced_membership_lines() -> Decimal:
    lines = InvoiceLine.objects.filter(invoice__year=2026, kind__in=MEMBERSHIP_LINE_KINDS)
    return lines.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _edits(first: Member, second: Member) -> list[tuple[str, Callable[[], object]]]:
    """One change to every input of a fee, each made in place (no model signal sees it)."""
    staff = staff_user()
    return [
        ("a figure", lambda: MemberStatistics.objects.filter(member=first).update(population=2e6)),
        ("a GDP", lambda: MemberStatistics.objects.filter(member=second).update(relative_gdp=1)),
        (
            "a category",
            lambda: Membership.objects.filter(member=second).update(
                category=MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL
            ),
        ),
        (
            "an admission day",
            lambda: Membership.objects.filter(member=second).update(
                board_decision=date(2026, 2, 1)
            ),
        ),
        ("the decision", lambda: FeeDecision.objects.filter(year=2026).update(basic_fee=4000)),
        (
            "a participation",
            lambda: ProgrammeParticipation.objects.create(
                member=first, year=2026, programme=ProgrammeParticipation.Programme.EURODYSSEY
            ),
        ),
        (
            "a discount",
            lambda: Exemption.objects.create(
                member=first,
                year=2026,
                amount=Decimal(500),
                justification="Flood",
                approved_by=staff,
                approver_name="Treasurer",
                approved_on=date(2026, 2, 1),
            ),
        ),
        ("a discount's amount", lambda: Exemption.objects.update(amount=Decimal(700))),
        ("a new member", lambda: paying_member(name="Newcomer", population=900_000)),
        (
            "an invoice",
            lambda: fee_call_issue(year=2026, actor=None, today=CALL_DAY, member_ids=[first.pk]),
        ),
        (
            "a membership's end",
            lambda: Membership.objects.filter(member__name="Newcomer").update(
                ended_on=date(2026, 1, 31)
            ),
        ),
    ]


def test_every_change_to_an_input_shows_in_the_next_view_of_both_pages() -> None:
    fee_decision(2026, eurodyssey_fee=Decimal(1000))
    first = paying_member(name="Alba")
    second = paying_member(name="Brasov", population=1_200_000)
    page = _page()
    assert page.total_to_invoice == _fresh_total() > 2 * Decimal(5267)

    for what, edit in _edits(first, second):
        before = (page.total_to_invoice, _budget().expected)
        edit()
        page = _page()
        expected = _budget().expected
        assert page.total_to_invoice == _fresh_total(), what
        assert expected == _invoiced_membership_lines() + _fresh_expected(), what
        assert (page.total_to_invoice, expected) != before, what
    # Alba invoiced, Brasov admitted this year, the newcomer gone: nobody left to invoice.
    assert page.to_invoice_count == 0
    assert [row.member.name for row in page.left_out.rows] == ["Alba", "Brasov"]


def test_the_pages_sum_the_kept_amounts_and_issuing_computes_afresh() -> None:
    # Proof that the totals are read from the kept rows (a thousand fees are not computed on
    # every view), and that the call itself never trusts them.
    fee_decision(2026)
    member = paying_member(name="Alba")
    _page()
    AssessedFee.objects.filter(member=member).update(total=1, membership_total=1)

    page = _page()
    assert page.total_to_invoice == Decimal(1)
    assert _budget().expected == Decimal(1)
    assert _shown(page, member) == Decimal(5267)  # the rows shown are computed afresh

    (invoice,) = fee_call_issue(year=2026, actor=None, today=CALL_DAY).invoices
    assert invoice.total == Decimal(5267)


def test_a_view_computes_only_the_rows_it_shows_once_the_fees_are_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fee_decision(2026)
    for n in range(6):
        paying_member(name=f"Region {n}")
    from fees.selectors import calls

    computed: list[object] = []
    original = calls.member_fee_draft
    monkeypatch.setattr(
        calls, "member_fee_draft", lambda **kwargs: computed.append(kwargs) or original(**kwargs)
    )

    fee_call_page(assessment=fees_assess(year=2026, on=CALL_DAY), shown=2)
    assert len(computed) == 6 + 2  # every fee once, to keep, then the two rows shown
    computed.clear()
    page = fee_call_page(assessment=fees_assess(year=2026, on=CALL_DAY), shown=2)
    assert len(computed) == 2
    assert page.to_invoice_count == 6 and page.total_to_invoice == 6 * Decimal(5267)
    # A new day computes them again (the category is the membership running on the day).
    computed.clear()
    fee_call_page(assessment=fees_assess(year=2026, on=date(2026, 3, 3)), shown=2)
    assert len(computed) == 6 + 2


def test_search_sort_and_show_all_on_the_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fees.views.calls.PREVIEW_ROWS", 1)
    fee_decision(2026)
    paying_member(name="Alba", population=300_000)
    paying_member(name="Bretagne", population=3_300_000)
    paying_member(name="Corse", population=340_000)
    client = client_for(with_totp(staff_user()))
    url = reverse("fees:call", args=[2026])
    client.get(url)

    def names(**query: str) -> list[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return [row.member.name for g in response.context["preview"].groups for row in g.rows]

    assert names() == ["Alba"]
    assert names(sort=Sort.AMOUNT_DOWN) == ["Bretagne"]
    assert names(sort=Sort.AMOUNT_UP) == ["Alba"]
    assert names(q="ors") == ["Corse"]
    assert names(q="nobody") == []
    assert names(all="1") == ["Alba", "Bretagne", "Corse"]
    assert names(all="1", sort=Sort.AMOUNT_DOWN)[0] == "Bretagne"
    assert names(sort="'; DROP TABLE", q="x" * 5000) == []  # odd input: a page, not a 500
    content = client.get(url, {"q": "r", "sort": Sort.AMOUNT_DOWN}).content.decode()
    assert "The first 1 of 2 members are listed." in content
    assert 'href="?q=r&amp;sort=-amount&amp;all=1"' in content
    # The totals stay every member's whatever is listed.
    total = client.get(url, {"q": "ors"}).context["preview"].total_to_invoice
    assert total == _fresh_total()


def test_two_views_computing_at_once_keep_one_set_of_fees() -> None:
    # A second request that computed the same fees meanwhile finds the year taken: it reads
    # the first one's rows instead of failing.
    from fees.models import FeeAssessment
    from fees.services import assessments

    fee_decision(2026)
    paying_member(name="Alba")
    first = FeeAssessment.objects.create(year=2026, on=CALL_DAY, fingerprint="another request")

    kept = assessments._assess(year=2026, on=CALL_DAY, fingerprint="mine", stale_id=None)

    assert kept == first.pk and FeeAssessment.objects.count() == 1


def _recomputes(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The fees computed for keeping from now on (one entry per computation of every fee)."""
    from fees.services import assessments

    computed: list[object] = []
    original = assessments.fee_call_preview
    monkeypatch.setattr(
        assessments,
        "fee_call_preview",
        lambda **kwargs: computed.append(kwargs) or original(**kwargs),
    )
    return computed


def test_a_deleted_input_recomputes_and_a_column_no_fee_reads_does_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The version of the inputs moves with the rows and columns a fee is computed from only
    # (fees migration 0009): a deleted figure or membership counts, a note on a membership not.
    fee_decision(2026)
    first = paying_member(name="Alba")
    paying_member(name="Brasov", population=1_200_000)
    fees_assess(year=2026, on=CALL_DAY)
    computed = _recomputes(monkeypatch)

    Membership.objects.update(end_reason="A note", ga_ratification=date(2015, 6, 1))
    Member.objects.filter(pk=first.pk).update(native_name="Alba Iulia")
    _page()
    assert computed == []

    MemberStatistics.objects.filter(member=first).delete()
    page = _page()
    assert len(computed) == 1
    assert page.to_invoice_count == 1  # Alba's fee cannot be computed without figures
    assert (
        page.total_to_invoice == _fresh_total() == _shown(page, Member.objects.get(name="Brasov"))
    )

    Membership.objects.filter(member__name="Brasov").delete()
    page = _page()
    assert len(computed) == 2
    assert page.total_to_invoice == _fresh_total()
    assert [row.member.name for row in page.left_out.rows] == ["Alba", "Brasov"]


def test_without_the_version_of_the_inputs_a_view_computes_and_writes_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fees.models import FeeInputsVersion

    fee_decision(2026)
    member = paying_member(name="Alba")
    _page()
    FeeInputsVersion.objects.all().delete()  # a database emptied table by table
    computed = _recomputes(monkeypatch)

    _page()
    assert len(computed) == 1 and FeeInputsVersion.objects.get().version == 0
    _page()
    assert len(computed) == 1
    MemberStatistics.objects.filter(member=member).update(population=2e6)
    assert _page().total_to_invoice == _fresh_total() != Decimal(5267)
    assert len(computed) == 2
