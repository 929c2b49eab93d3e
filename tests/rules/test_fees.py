from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aer_portal.rules.fee_terms import (
    admission_decisions,
    fee_overdue,
    is_new_member_in,
    payment_due_date,
    remaining_twelfths,
)
from aer_portal.rules.fees import (
    FeeCalculation,
    FeeParameters,
    FeeStep,
    ProgrammeFees,
    annual_fee,
    first_year_fee,
)
from aer_portal.rules.membership import MemberCategory

FULL = MemberCategory.FULL
GEO = MemberCategory.ASSOCIATE_GEOGRAPHICAL
NON_GEO = MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL


def test_defaults_are_the_procedures_values() -> None:
    p = FeeParameters()
    assert p.basic_fee == Decimal("3250")
    assert p.base_year == 2016
    assert p.indexation == Decimal("1.027")
    assert p.cap == Decimal("30000")
    assert p.revenue_threshold == Decimal("2000000")
    assert p.revenue_cap_rate == Decimal("0.0015")
    assert p.population_divisor == Decimal("200")
    assert p.relative_gdp_exponent == 2
    assert p.non_geographical_multiplier == Decimal("3")
    assert ProgrammeFees() == ProgrammeFees(Decimal("0"), Decimal("5000"))


def test_worked_example_of_the_issue() -> None:
    # (3250 + 600 000 × 1² / 200) × 1.027⁴ = 6 250 × 1.112453… = 6 952.83 → 6 953
    fee = annual_fee(category=FULL, year=2020, population=600_000, relative_gdp=Decimal("1.0"))
    assert fee.amount == Decimal("6953")
    assert fee.amount.as_tuple().exponent == 0  # whole euros
    assert [step.value for step in fee.steps][:3] == [
        Decimal("3250"),
        Decimal("3000"),
        Decimal("1.027") ** 4,
    ]
    assert fee.steps[3].value.quantize(Decimal("0.01")) == Decimal("6952.83")
    assert all("3.2.1" in step.article for step in fee.steps)


def test_published_fee_of_dambovita_2018() -> None:
    # The only published fee: € 4 256 invoiced to Dâmbovița for 2018 (aer-facts.md).
    # (3250 + 519 000 × 0.55² / 200) × 1.027² = 4 255.82 → 4 256 with rounding half up.
    fee = annual_fee(category=FULL, year=2018, population=519_000, relative_gdp=Decimal("0.55"))
    assert fee.amount == Decimal("4256")


@pytest.mark.parametrize("category", [FULL, GEO, "full", "associate_geographical"])
def test_full_and_geographical_associates_share_the_formula(
    category: MemberCategory | str,
) -> None:
    fee = annual_fee(category=category, year=2016, population=1_000_000, relative_gdp=Decimal(2))
    # base year: no indexation; 3250 + 1 000 000 × 4 / 200 = 23 250
    assert fee.amount == Decimal("23250")


@pytest.mark.parametrize(
    ("population", "gdp", "year", "revenue", "expected", "capped"),
    [
        # 3250 + 10 000 000 × 1.5² / 200 = 115 750 → capped at 30 000
        (10_000_000, Decimal("1.5"), 2016, None, Decimal("30000"), True),
        # just under the cap: 3250 + 5 349 000 / 200 = 29 995
        (5_349_000, Decimal(1), 2016, None, Decimal("29995"), False),
        # exactly the cap is not "capped"
        (5_350_000, Decimal(1), 2016, None, Decimal("30000"), False),
        # revenue below € 2 000 000: cap 0.15 % × 1 000 000 = 1 500
        (600_000, Decimal(1), 2020, Decimal("1000000"), Decimal("1500"), True),
        # revenue just below the threshold: cap 1 999 999 × 0.15 % = 2 999.9985 is below the
        # basic fee, so the fee is capped and taken down to the whole euro below the cap
        (0, Decimal(1), 2016, Decimal("1999999"), Decimal("2999"), True),
        # revenue exactly at the threshold is not "below": the € 30 000 cap applies
        (600_000, Decimal(1), 2020, Decimal("2000000"), Decimal("6953"), False),
        # revenue well above: the formula applies unchanged
        (600_000, Decimal(1), 2020, Decimal("80000000"), Decimal("6953"), False),
        # huge region with revenue above the threshold: capped at € 30 000
        (20_000_000, Decimal(2), 2030, Decimal("9000000000"), Decimal("30000"), True),
    ],
)
def test_caps(
    population: int,
    gdp: Decimal,
    year: int,
    revenue: Decimal | None,
    expected: Decimal,
    capped: bool,
) -> None:
    fee = annual_fee(
        category=FULL, year=year, population=population, relative_gdp=gdp, total_revenue=revenue
    )
    assert fee.amount == expected
    assert any(step.description.startswith("Capped at") for step in fee.steps) is capped


def test_revenue_cap_binding_on_a_small_region() -> None:
    # 3 250 + 100 000 × 0.8² / 200 = 3 570 × 1.027^9; revenue 1 500 000 → cap € 2 250
    fee = annual_fee(
        category=GEO,
        year=2025,
        population=100_000,
        relative_gdp=Decimal("0.8"),
        total_revenue=Decimal("1500000"),
    )
    assert fee.amount == Decimal("2250")
    texts = [str(step) for step in fee.steps]
    assert (
        "Total revenue € 1 500 000 is below € 2 000 000: cap 0.15 % of revenue = 2 250"
        in (texts[4])
    )


def test_revenue_cap_in_cents_is_never_exceeded_by_rounding() -> None:
    # cap 0.15 % × 1 234 567 = 1 851.8505: rounding half up would give 1 852 > cap
    fee = annual_fee(
        category=FULL,
        year=2018,
        population=519_000,
        relative_gdp=Decimal("0.55"),
        total_revenue=1_234_567,
    )
    assert fee.amount == Decimal("1851")


def test_rounding_is_half_up_once_at_the_end() -> None:
    # base year: 3 250 + 100 × 1² / 200 = 3 250.5 → 3 251
    assert annual_fee(category=FULL, year=2016, population=100, relative_gdp=1).amount == Decimal(
        "3251"
    )  # 3 250.5 → 3 251 (half up; half-even would give 3 250)
    # 3 250 + 99 / 200 = 3 250.495 → 3 250
    assert annual_fee(category=FULL, year=2016, population=99, relative_gdp=1).amount == Decimal(
        "3250"
    )


def test_non_geographical_associates_pay_basic_fee_times_three_without_indexation() -> None:
    for year in (2016, 2020, 2040):
        fee = annual_fee(category=NON_GEO, year=year, population=5_000_000, relative_gdp=3)
        assert fee.amount == Decimal("9750")
    fee = annual_fee(category="associate_non_geographical", year=2026)
    assert fee.amount == Decimal("9750")
    assert fee.steps[0].article == "Procedures art. 3.2.2"
    assert "not indexed (interpretation)" in fee.steps[0].description


def test_non_geographical_multiplier_is_a_setting() -> None:
    params = FeeParameters(basic_fee=Decimal("3000"), non_geographical_multiplier=Decimal("2.5"))
    assert annual_fee(category=NON_GEO, year=2026, params=params).amount == Decimal("7500")


@pytest.mark.parametrize("category", [MemberCategory.FOUNDING_ASSOCIATE, MemberCategory.OBSERVER])
def test_founding_associates_and_observers_pay_nothing(category: MemberCategory) -> None:
    fee = annual_fee(category=category, year=2026, population=2_000_000, relative_gdp=1)
    assert fee.amount == Decimal(0)
    assert len(fee.steps) == 1


def test_founding_and_observer_steps_cite_different_articles() -> None:
    founding = annual_fee(category=MemberCategory.FOUNDING_ASSOCIATE, year=2026)
    observer = annual_fee(category=MemberCategory.OBSERVER, year=2026)
    assert founding.steps[0].article == "Procedures art. 3.2.2"
    assert "interpretation" in observer.steps[0].description


def test_parameters_change_the_result() -> None:
    params = FeeParameters(basic_fee=Decimal("4000"), indexation=Decimal("1.02"), base_year=2024)
    fee = annual_fee(category=FULL, year=2026, population=200_000, relative_gdp=1, params=params)
    # (4000 + 1000) × 1.02² = 5 202
    assert fee.amount == Decimal("5202")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population": -1}, r"^population: must not be negative, got -1"),
        (
            {"relative_gdp": Decimal(0)},
            r"^relative_gdp: must be greater than zero for category 'full'",
        ),
        ({"relative_gdp": Decimal("-0.5")}, r"^relative_gdp: must be greater than zero"),
        ({"year": 2015}, r"^year: 2015 is before the fee model's base year 2016"),
        ({"total_revenue": Decimal(0)}, r"^total_revenue: must be greater than zero"),
        ({"total_revenue": Decimal(-5)}, r"^total_revenue: must be greater than zero"),
        ({"relative_gdp": 1.0}, r"^relative_gdp: pass a Decimal, not a float"),
        ({"total_revenue": 1e6}, r"^total_revenue: pass a Decimal, not a float"),
        ({"category": "honorary"}, r"^category: unknown member category 'honorary'"),
    ],
)
def test_bad_input_names_the_argument(kwargs: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {
        "category": FULL,
        "year": 2020,
        "population": 600_000,
        "relative_gdp": Decimal(1),
    }
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        annual_fee(**arguments)  # type: ignore[arg-type]


def test_relative_gdp_is_not_required_where_the_fee_does_not_use_it() -> None:
    assert annual_fee(category=NON_GEO, year=2020).amount == Decimal("9750")
    assert annual_fee(category=MemberCategory.OBSERVER, year=2020).amount == 0
    with pytest.raises(ValueError, match=r"^population"):
        annual_fee(category=NON_GEO, year=2020, population=-3)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("basic_fee", Decimal(-1), r"^basic_fee: must be zero or more, got -1"),
        ("indexation", Decimal(0), r"^indexation: must be greater than zero, got 0"),
        ("cap", Decimal(0), r"^cap: must be greater than zero"),
        ("revenue_threshold", Decimal(0), r"^revenue_threshold: must be greater than zero"),
        ("population_divisor", Decimal(0), r"^population_divisor: must be greater than zero"),
        ("revenue_cap_rate", Decimal("-0.1"), r"^revenue_cap_rate: must be zero or more"),
        ("relative_gdp_exponent", -1, r"^relative_gdp_exponent: must be zero or more"),
    ],
)
def test_parameters_refuse_nonsense(field: str, value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FeeParameters(**{field: value})  # type: ignore[arg-type]


def test_steps_render_as_readable_lines() -> None:
    fee = annual_fee(category=FULL, year=2020, population=600_000, relative_gdp=Decimal("1.0"))
    lines = str(fee).splitlines()
    assert lines == [
        "Basic fee = 3 250 (Procedures art. 3.2.1)",
        "Population × relative GDP^2 / 200 = 600 000 × 1^2 / 200 = 3 000 (Procedures art. 3.2.1)",
        "Indexation 1.027^(2020 − 2016) = 1.112453 (Procedures art. 3.2.1)",
        "(Basic fee + population part) × indexation = (3 250 + 3 000) × 1.112453 = 6 952.83 "
        "(Procedures art. 3.2.1)",
        "Cap = 30 000 (Procedures art. 3.2.1)",
        "Rounded half up to whole euros, never above the cap (interpretation) = 6 953 "
        "(Procedures art. 3.2.1)",
    ]


def test_steps_translate() -> None:
    fee = annual_fee(category=MemberCategory.FOUNDING_ASSOCIATE, year=2020)
    french = {
        "Founding associate members pay no fee": "Les membres associés fondateurs ne paient rien"
    }
    assert fee.steps[0].render(lambda text: french.get(text, text)) == (
        "Les membres associés fondateurs ne paient rien = 0 (Procedures art. 3.2.2)"
    )


def test_step_without_message_renders_its_description() -> None:
    step = FeeStep("Procedures art. 3.4", "Exceptional discount", Decimal("-100.456"))
    assert str(step) == "Exceptional discount = -100.46 (Procedures art. 3.4)"
    assert FeeStep("a", "b", Decimal("1.0000001"), places=6).display_value() == "1"
    assert FeeStep("a", "b", Decimal("1.0000051"), places=6).display_value() == "1.000005"
    assert str(FeeCalculation(Decimal(0), (step,))) == str(step)


@st.composite
def formula_inputs(draw: st.DrawFn) -> dict[str, object]:
    return {
        "category": draw(st.sampled_from([FULL, GEO])),
        "year": draw(st.integers(2016, 2070)),
        "population": draw(st.integers(0, 80_000_000)),
        "relative_gdp": draw(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("5"), places=3)
        ),
        "total_revenue": draw(
            st.none() | st.decimals(min_value=Decimal("1"), max_value=Decimal("1e10"), places=2)
        ),
    }


@given(formula_inputs())
def test_a_fee_never_exceeds_its_caps(inputs: dict[str, object]) -> None:
    fee = annual_fee(**inputs)  # type: ignore[arg-type]
    assert Decimal(0) <= fee.amount <= Decimal("30000")
    revenue = inputs["total_revenue"]
    if isinstance(revenue, Decimal) and revenue < Decimal("2000000"):
        assert fee.amount <= revenue * Decimal("0.0015")
    assert fee.amount == fee.amount.to_integral_value()


@given(formula_inputs(), st.integers(0, 5_000_000))
def test_a_fee_never_falls_when_population_grows(inputs: dict[str, object], extra: int) -> None:
    smaller = annual_fee(**inputs).amount  # type: ignore[arg-type]
    population = inputs["population"]
    assert isinstance(population, int)
    larger = annual_fee(**{**inputs, "population": population + extra}).amount  # type: ignore[arg-type]
    assert larger >= smaller


@given(formula_inputs())
def test_a_fee_never_falls_from_one_year_to_the_next(inputs: dict[str, object]) -> None:
    this_year = annual_fee(**inputs).amount  # type: ignore[arg-type]
    year = inputs["year"]
    assert isinstance(year, int)
    next_year = annual_fee(**{**inputs, "year": year + 1}).amount  # type: ignore[arg-type]
    assert next_year >= this_year


# Procedures art. 3.1.1: the remaining twelfths from the month following the decision.
@pytest.mark.parametrize(
    ("decision", "twelfths"),
    [
        (date(2026, 1, 1), 11),
        (date(2026, 1, 31), 11),
        (date(2026, 3, 15), 9),
        (date(2026, 11, 30), 1),
        (date(2026, 12, 1), 0),  # interpretation: full annual fee from next year instead
        (date(2026, 12, 31), 0),
    ],
)
def test_remaining_twelfths(decision: date, twelfths: int) -> None:
    assert remaining_twelfths(decision) == twelfths


@pytest.mark.parametrize(
    ("annual", "decision", "expected"),
    [
        (Decimal("6953"), date(2026, 3, 15), Decimal("5215")),  # 5 214.75 → 5 215
        (Decimal("1000"), date(2026, 1, 10), Decimal("917")),  # 916.67
        (Decimal("6"), date(2026, 11, 2), Decimal("1")),  # 0.5 → 1: half up, not half even
        (Decimal("30000"), date(2026, 6, 30), Decimal("15000")),
        (Decimal("30000"), date(2026, 12, 1), Decimal("0")),
        (Decimal("0"), date(2026, 3, 15), Decimal("0")),
    ],
)
def test_first_year_fee(annual: Decimal, decision: date, expected: Decimal) -> None:
    assert first_year_fee(annual_amount=annual, decision=decision) == expected


def test_first_year_fee_bad_input() -> None:
    with pytest.raises(ValueError, match=r"^annual_amount: must not be negative"):
        first_year_fee(annual_amount=Decimal(-1), decision=date(2026, 3, 1))
    with pytest.raises(ValueError, match=r"^annual_amount: pass a Decimal, not a float"):
        first_year_fee(annual_amount=100.0, decision=date(2026, 3, 1))  # type: ignore[arg-type]


@given(
    st.decimals(min_value=Decimal(0), max_value=Decimal(30000), places=0),
    st.dates(min_value=date(2016, 1, 1), max_value=date(2060, 12, 31)),
)
def test_first_year_fee_never_exceeds_the_annual_fee(annual: Decimal, decision: date) -> None:
    assert 0 <= first_year_fee(annual_amount=annual, decision=decision) <= annual


# Procedures art. 3.1.2: within two months following the call.
@pytest.mark.parametrize(
    ("sent", "due"),
    [
        (date(2026, 1, 15), date(2026, 3, 15)),
        (date(2025, 12, 31), date(2026, 2, 28)),
        (date(2027, 12, 31), date(2028, 2, 29)),
        (date(2026, 11, 30), date(2027, 1, 30)),
    ],
)
def test_payment_due_date(sent: date, due: date) -> None:
    assert payment_due_date(call_sent=sent) == due


def test_payment_period_is_a_setting() -> None:
    assert payment_due_date(call_sent=date(2026, 1, 15), months=1) == date(2026, 2, 15)
    with pytest.raises(ValueError, match=r"^months: must not be negative"):
        payment_due_date(call_sent=date(2026, 1, 15), months=-2)


@pytest.mark.parametrize(
    ("today", "paid", "overdue"),
    [
        (date(2026, 3, 14), False, False),  # the day before
        (date(2026, 3, 15), False, False),  # the due date itself is in time
        (date(2026, 3, 16), False, True),  # the day after
        (date(2026, 3, 16), True, False),
    ],
)
def test_fee_overdue(today: date, paid: bool, overdue: bool) -> None:
    assert fee_overdue(due=date(2026, 3, 15), today=today, paid_in_full=paid) is overdue


def test_revenue_cap_not_reached() -> None:
    # Revenue € 1 999 000 is below the threshold, so the cap is € 2 998.50; with a basic fee
    # of € 1 000 the formula stays under it and nothing is capped.
    params = FeeParameters(basic_fee=Decimal("1000"))
    fee = annual_fee(
        category=FULL,
        year=2016,
        population=0,
        relative_gdp=1,
        total_revenue=Decimal("1999000"),
        params=params,
    )
    assert fee.amount == Decimal("1000")
    assert not any(step.description.startswith("Capped at") for step in fee.steps)
    assert fee.steps[-2].value == Decimal("2998.5")


# --- New members and readmission (art. 3.1.1) ---------------------------------------------


def test_a_first_admission_is_an_admission() -> None:
    periods = [(date(2026, 3, 15), None)]
    assert admission_decisions(periods) == [date(2026, 3, 15)]
    assert is_new_member_in(periods, year=2026)
    assert not is_new_member_in(periods, year=2027)


def test_a_region_readmitted_after_a_gap_is_a_new_member_again() -> None:
    # Withdrew at the end of 2024, readmitted by the Executive Board in June 2026.
    periods = [(date(2026, 6, 10), None), (date(2010, 5, 1), date(2024, 12, 31))]
    assert admission_decisions(periods) == [date(2010, 5, 1), date(2026, 6, 10)]
    assert is_new_member_in(periods, year=2026)
    assert not is_new_member_in(periods, year=2025)


def test_a_change_of_category_is_not_a_readmission() -> None:
    # The old period ends the day before the new decision: no day without membership.
    periods = [(date(2015, 3, 10), date(2026, 3, 14)), (date(2026, 3, 15), None)]
    assert admission_decisions(periods) == [date(2015, 3, 10)]
    assert not is_new_member_in(periods, year=2026)


def test_one_day_without_membership_is_a_gap() -> None:
    periods = [(date(2015, 3, 10), date(2026, 3, 13)), (date(2026, 3, 15), None)]
    assert admission_decisions(periods) == [date(2015, 3, 10), date(2026, 3, 15)]


def test_no_paying_period_is_no_admission() -> None:
    assert admission_decisions([]) == []
    assert not is_new_member_in([], year=2026)


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^ended_on: "):
        admission_decisions([(date(2026, 3, 15), date(2026, 3, 1))])


AMOUNT_ONLY_CASES = [
    {"category": FULL, "year": 2018, "population": 3_600_000, "relative_gdp": Decimal("0.3")},
    {"category": FULL, "year": 2030, "population": 90_000_000, "relative_gdp": Decimal("2")},
    {
        "category": GEO,
        "year": 2024,
        "population": 2_000_000,
        "relative_gdp": Decimal("1.1"),
        "total_revenue": Decimal("1000000"),
    },
    {
        "category": FULL,
        "year": 2024,
        "population": 100,
        "relative_gdp": Decimal("1"),
        "total_revenue": Decimal("5000000"),
    },
    {"category": NON_GEO, "year": 2024},
    {"category": MemberCategory.FOUNDING_ASSOCIATE, "year": 2024},
    {"category": MemberCategory.OBSERVER, "year": 2024},
]


@pytest.mark.parametrize("case", AMOUNT_ONLY_CASES)
def test_amount_only_fee_is_the_explained_fee(case: dict[str, object]) -> None:
    # The totals of the fee-call preview use explain=False: same amount, and the same steps
    # once asked for (built then, not before).
    explained = annual_fee(**case)  # type: ignore[arg-type]
    amount_only = annual_fee(**case, explain=False)  # type: ignore[arg-type]
    assert amount_only.amount == explained.amount
    assert amount_only._steps is None
    assert amount_only.steps == explained.steps
    assert amount_only == explained
    assert hash(amount_only) == hash(explained)
    assert repr(amount_only) == repr(explained)
    assert amount_only.steps is amount_only.steps  # built once


def test_amount_only_fee_refuses_what_the_explained_fee_refuses() -> None:
    with pytest.raises(ValueError, match="relative_gdp"):
        annual_fee(category=FULL, year=2024, population=1, relative_gdp=0, explain=False)


def test_calculation_needs_steps_or_a_way_to_explain_them() -> None:
    with pytest.raises(ValueError, match="steps"):
        FeeCalculation(Decimal(1))
    with pytest.raises(ValueError, match="steps"):
        FeeCalculation(Decimal(1), (), explain=lambda: ())
    assert FeeCalculation(Decimal(1), ()).__eq__(1) is NotImplemented
