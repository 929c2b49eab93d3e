from datetime import date
from decimal import Decimal

import pytest

from aer_portal.rules.fee_collection import (
    ART_DISCOUNT,
    balance_due,
    budget_coverage_ratio,
    discount_amount_reason,
    discount_applied,
    discount_approver_reason,
    discount_justification_reason,
    discount_refusal_reasons,
    discount_repeat_reason,
    first_year_calculation,
    ordinary_expenditure_covered,
    paid_in_full,
    suspension_first_day,
)
from aer_portal.rules.fees import annual_fee
from aer_portal.rules.membership import MemberCategory

JUSTIFIED = "Floods destroyed the regional administration's offices in 2026."


def test_first_year_calculation_keeps_the_annual_steps_and_adds_the_twelfths() -> None:
    annual = annual_fee(
        category=MemberCategory.FULL, year=2018, population=519_000, relative_gdp=Decimal("0.55")
    )
    first = first_year_calculation(annual=annual, decision=date(2018, 3, 15))
    # 4 256 × 9 / 12 = 3 192
    assert first.amount == Decimal("3192")
    assert first.steps[:-1] == annual.steps
    last = first.steps[-1]
    assert last.article == "Procedures art. 3.1.1"
    assert str(last).startswith("First-year fee: 9/12 of the annual fee € 4 256")
    assert "15 March 2018" in str(last)
    french = {
        "First-year fee: {twelfths}/12 of the annual fee {annual}, from the month after the "
        "Executive Board's decision of {decision}": "Première année : {twelfths}/12 de {annual}"
    }
    assert last.render(lambda text: french.get(text, text)).startswith(
        "Première année : 9/12 de € 4 256"
    )


def test_a_december_decision_gives_no_first_year_fee() -> None:
    annual = annual_fee(category=MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL, year=2026)
    assert first_year_calculation(annual=annual, decision=date(2026, 12, 2)).amount == 0


@pytest.mark.parametrize(
    ("total", "paid", "credited", "balance", "full"),
    [
        (Decimal("4256"), Decimal(0), Decimal(0), Decimal("4256"), False),
        (Decimal("4256"), Decimal("4000"), Decimal(0), Decimal("256"), False),
        (Decimal("4256"), Decimal("4000"), Decimal("256"), Decimal(0), True),
        (Decimal("4256"), Decimal("4300"), Decimal(0), Decimal("-44"), True),
        (Decimal(0), Decimal(0), Decimal(0), Decimal(0), True),
    ],
)
def test_balance_and_paid_in_full(
    total: Decimal, paid: Decimal, credited: Decimal, balance: Decimal, full: bool
) -> None:
    assert balance_due(total=total, paid=paid, credited=credited) == balance
    assert paid_in_full(total=total, paid=paid, credited=credited) is full


def test_suspension_starts_the_day_after_the_due_date() -> None:
    assert suspension_first_day(date(2026, 4, 30)) == date(2026, 5, 1)
    assert suspension_first_day(date(2026, 12, 31)) == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("fee", "discount", "applied"),
    [
        (Decimal("5000"), None, Decimal("5000")),
        (Decimal("5000"), Decimal("1000"), Decimal("1000")),
        (Decimal("5000"), Decimal("9000"), Decimal("5000")),
        (Decimal(0), None, Decimal(0)),
    ],
)
def test_discount_applied_never_exceeds_the_fee(
    fee: Decimal, discount: Decimal | None, applied: Decimal
) -> None:
    assert discount_applied(fee=fee, discount=discount) == applied


def test_a_second_discount_is_refused_with_the_years_of_the_first() -> None:
    assert discount_repeat_reason(member="Imereti", earlier_years=[], year=2026) is None
    reason = discount_repeat_reason(member="იმერეთი", earlier_years=[2024, 2024], year=2026)
    assert reason is not None and reason.article == ART_DISCOUNT
    assert str(reason) == (
        "იმერეთი already had a fee discount or exemption (for 2024); a discount is granted for "
        "a non-renewable period, so not again for 2026."
    )


def test_a_justification_must_be_written() -> None:
    assert discount_justification_reason(justification=JUSTIFIED) is None
    reason = discount_justification_reason(justification="   because   ")
    assert reason is not None and "at least 20 characters" in str(reason)
    assert discount_justification_reason(justification="ok", min_chars=2) is None
    with pytest.raises(ValueError, match=r"^min_chars: must not be negative"):
        discount_justification_reason(justification="", min_chars=-1)


def test_only_the_treasurer_approves() -> None:
    assert discount_approver_reason(approver_is_treasurer=True) is None
    reason = discount_approver_reason(approver_is_treasurer=False)
    assert reason is not None and "Treasurer" in str(reason)


@pytest.mark.parametrize(
    ("discount", "refused"),
    [(None, False), (Decimal("0.01"), False), (Decimal(0), True), (Decimal(-5), True)],
)
def test_discount_amount(discount: Decimal | None, refused: bool) -> None:
    assert (discount_amount_reason(discount=discount) is not None) is refused


def test_all_refusal_reasons_at_once() -> None:
    assert (
        discount_refusal_reasons(
            member="Imereti",
            year=2026,
            earlier_years=(),
            justification=JUSTIFIED,
            approver_is_treasurer=True,
            discount=None,
        )
        == ()
    )
    reasons = discount_refusal_reasons(
        member="Imereti",
        year=2026,
        earlier_years=(2025,),
        justification="",
        approver_is_treasurer=False,
        discount=Decimal(-1),
    )
    assert [about for about, _reason in reasons] == [
        "approver",
        "member",
        "justification",
        "amount",
    ]
    assert all(reason.article == ART_DISCOUNT for _about, reason in reasons)


def test_budget_coverage_ratio() -> None:
    assert budget_coverage_ratio(
        expected_fees=Decimal("320000"), ordinary_expenditure=Decimal("400000")
    ) == Decimal("0.80")
    assert budget_coverage_ratio(
        expected_fees=Decimal("1"), ordinary_expenditure=Decimal("3")
    ) == Decimal("0.33")
    assert budget_coverage_ratio(expected_fees=Decimal(5), ordinary_expenditure=Decimal(0)) is None
    with pytest.raises(ValueError, match="must not be negative"):
        budget_coverage_ratio(expected_fees=Decimal(-1), ordinary_expenditure=Decimal(1))
    with pytest.raises(ValueError, match="must not be negative"):
        budget_coverage_ratio(expected_fees=Decimal(1), ordinary_expenditure=Decimal(-1))


def test_ordinary_expenditure_covered() -> None:
    assert ordinary_expenditure_covered(expected_fees=Decimal(10), ordinary_expenditure=Decimal(10))
    assert not ordinary_expenditure_covered(
        expected_fees=Decimal(9), ordinary_expenditure=Decimal(10)
    )
