from datetime import date
from decimal import Decimal

import pytest

from aer_portal.rules.applications import (
    ApplicantKind,
    admission_refusal,
    application_fee_preview,
    category_refusal,
    fee_figures_refusal,
    membership_first_day,
    observer_status_ended,
    withdrawal_effective_day,
)
from aer_portal.rules.membership import MemberCategory

FULL = MemberCategory.FULL
OBSERVER = MemberCategory.OBSERVER


def test_membership_starts_the_month_following_the_decision() -> None:
    assert membership_first_day(date(2026, 3, 15)) == date(2026, 4, 1)
    assert membership_first_day(date(2026, 12, 31)) == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("kind", "category", "refused"),
    [
        ("region", FULL, False),
        ("region", MemberCategory.ASSOCIATE_GEOGRAPHICAL, False),
        ("region", MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL, True),
        ("region", OBSERVER, False),
        ("region", MemberCategory.FOUNDING_ASSOCIATE, True),
        ("organisation", FULL, True),
        ("organisation", MemberCategory.ASSOCIATE_GEOGRAPHICAL, True),
        ("organisation", MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL, False),
        ("organisation", OBSERVER, False),
    ],
)
def test_category_refusal_by_kind(kind: str, category: MemberCategory, refused: bool) -> None:
    reason = category_refusal(kind=ApplicantKind(kind), category=category)
    assert (reason is not None) == refused
    if reason is not None:
        assert reason.article.startswith("Procedures art")
        assert str(reason).startswith("Category:")


def test_fee_figures_are_needed_for_the_formula_categories_only() -> None:
    missing = fee_figures_refusal(category=FULL, population=None, relative_gdp=Decimal("1"))
    assert missing is not None and str(missing).startswith("Population:")
    no_gdp = fee_figures_refusal(category=FULL, population=500_000, relative_gdp=Decimal(0))
    assert no_gdp is not None and str(no_gdp).startswith("Relative GDP:")
    assert fee_figures_refusal(category=FULL, population=1, relative_gdp=Decimal("0.5")) is None
    assert fee_figures_refusal(category=OBSERVER, population=None, relative_gdp=None) is None


def test_a_current_member_does_not_apply_again() -> None:
    reason = admission_refusal(category=FULL, decision=date(2026, 5, 1), history=[(FULL, None)])
    assert reason is not None and "already a member" in str(reason)
    ended_later = admission_refusal(
        category=FULL, decision=date(2026, 5, 1), history=[(FULL, date(2026, 6, 30))]
    )
    assert ended_later is not None
    ended_before = [(FULL, date(2025, 1, 1))]
    assert admission_refusal(category=FULL, decision=date(2026, 5, 1), history=ended_before) is None


def test_observer_refused_after_recent_membership_art_2_2() -> None:
    reason = admission_refusal(
        category=OBSERVER, decision=date(2026, 5, 1), history=[(FULL, date(2024, 12, 31))]
    )
    assert reason is not None and reason.article == "Procedures art. 2.2"
    assert "31 December 2024" in str(reason)
    old = admission_refusal(
        category=OBSERVER, decision=date(2026, 5, 1), history=[(FULL, date(2023, 4, 30))]
    )
    assert old is None


def test_observer_status_is_not_renewable_art_2_1() -> None:
    reason = admission_refusal(
        category=OBSERVER, decision=date(2026, 5, 1), history=[(OBSERVER, date(2025, 3, 31))]
    )
    assert reason is not None and reason.article == "Procedures art. 2.1"
    # Becoming a member after the observer year is what art. 2.1 offers.
    was_observer = [(OBSERVER, date(2025, 3, 31))]
    assert admission_refusal(category=FULL, decision=date(2026, 5, 1), history=was_observer) is None


def test_fee_preview_dambovita_2018_in_march() -> None:
    preview = application_fee_preview(
        category=FULL,
        decision=date(2018, 3, 20),
        population=519_000,
        relative_gdp=Decimal("0.55"),
    )
    assert preview.annual.amount == Decimal(4256)  # the published figure
    assert preview.twelfths == 9
    assert preview.first_year == Decimal(3192)  # 4 256 × 9 / 12
    assert preview.steps[-1].article == "Procedures art. 3.1.1"
    assert "9 twelfths" in str(preview.steps[-1])
    assert "04/2018" in str(preview.steps[-1])


def test_fee_preview_observer_pays_nothing() -> None:
    preview = application_fee_preview(
        category=OBSERVER, decision=date(2026, 2, 1), population=None, relative_gdp=None
    )
    assert preview.annual.amount == 0 and preview.first_year == 0


def test_observer_status_ends_by_itself_after_its_year() -> None:
    decision = date(2026, 3, 15)  # status 1 April 2026 to 31 March 2027
    assert not observer_status_ended(decision, today=date(2027, 3, 31))
    assert observer_status_ended(decision, today=date(2027, 4, 1))


def test_withdrawal_takes_effect_at_the_end_of_the_month_after_the_notice_period() -> None:
    assert withdrawal_effective_day(date(2026, 8, 31), months=6) == date(2027, 2, 28)
    assert withdrawal_effective_day(date(2026, 5, 10), months=0) == date(2026, 5, 31)
    with pytest.raises(ValueError, match="months"):
        withdrawal_effective_day(date(2026, 5, 10), months=-1)
