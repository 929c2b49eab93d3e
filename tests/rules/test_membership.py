from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aer_portal.rules.membership import (
    MemberCategory,
    as_member_category,
    may_be_granted_observer,
    observer_refusal_reason,
    observer_status_first_day,
    observer_status_last_day,
    substitute_deadline,
)


def test_member_category_values_are_stored_lowercase() -> None:
    assert [category.value for category in MemberCategory] == [
        "full",
        "associate_geographical",
        "associate_non_geographical",
        "founding_associate",
        "observer",
    ]
    assert MemberCategory.OBSERVER.label == "Observer"
    assert len({category.label for category in MemberCategory}) == len(MemberCategory)


def test_as_member_category() -> None:
    assert as_member_category("full") is MemberCategory.FULL
    with pytest.raises(ValueError, match=r"^category: unknown member category 'honorary'"):
        as_member_category("honorary")


# Procedures art. 2.1 with DESIGN.md's interpretation: from the 1st of the month after the
# decision to the last day of the twelfth month.
@pytest.mark.parametrize(
    ("decision", "first", "last"),
    [
        (date(2026, 3, 15), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2026, 3, 1), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2026, 3, 31), date(2026, 4, 1), date(2027, 3, 31)),
        (date(2026, 12, 10), date(2027, 1, 1), date(2027, 12, 31)),
        (date(2027, 1, 20), date(2027, 2, 1), date(2028, 1, 31)),
        (date(2027, 2, 5), date(2027, 3, 1), date(2028, 2, 29)),  # twelfth month is a leap February
    ],
)
def test_observer_status_period(decision: date, first: date, last: date) -> None:
    assert observer_status_first_day(decision) == first
    assert observer_status_last_day(decision) == last


def test_observer_status_months_is_a_setting() -> None:
    assert observer_status_last_day(date(2026, 3, 15), months=6) == date(2026, 9, 30)
    with pytest.raises(ValueError, match=r"^months: must be at least 1, got 0"):
        observer_status_last_day(date(2026, 3, 15), months=0)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_observer_status_lasts_a_year_after_the_decision_month(decision: date) -> None:
    first = observer_status_first_day(decision)
    last = observer_status_last_day(decision)
    assert first > decision
    assert first.day == 1
    assert 365 <= (last - first).days + 1 <= 366


# Procedures art. 2.2: not for regions that were full or associate members in the last 3 years.
@pytest.mark.parametrize(
    ("ended", "allowed"),
    [
        (None, True),
        (date(2010, 6, 30), True),
        (date(2023, 3, 14), True),  # the day before the three-year window
        (date(2023, 3, 15), False),  # first day of the window
        (date(2023, 3, 16), False),
        (date(2025, 12, 31), False),
        (date(2026, 3, 15), False),  # a member until the decision day
        (date(2026, 12, 31), False),  # still a member: plainly not an observer
    ],
)
def test_may_be_granted_observer(ended: date | None, allowed: bool) -> None:
    decision = date(2026, 3, 15)
    assert may_be_granted_observer(decision=decision, last_membership_ended=ended) is allowed
    reason = observer_refusal_reason(decision=decision, last_membership_ended=ended)
    assert (reason is None) is allowed


def test_refusal_reason_in_words() -> None:
    reason = observer_refusal_reason(
        decision=date(2026, 3, 15), last_membership_ended=date(2024, 12, 31)
    )
    assert reason is not None
    assert reason.article == "Procedures art. 2.2"
    assert str(reason) == (
        "Observer status cannot be granted: the region was a full or associate member until "
        "31 December 2024, less than 3 years before the decision of 15 March 2026."
    )


def test_lookback_is_a_setting() -> None:
    decision = date(2026, 3, 15)
    ended = date(2024, 1, 1)
    assert not may_be_granted_observer(decision=decision, last_membership_ended=ended)
    assert may_be_granted_observer(decision=decision, last_membership_ended=ended, lookback_years=1)
    with pytest.raises(ValueError, match=r"^lookback_years: must not be negative"):
        may_be_granted_observer(decision=decision, last_membership_ended=ended, lookback_years=-1)


# Procedures art. 15.2: substitute assigned after at most six months.
@pytest.mark.parametrize(
    ("lost", "deadline"),
    [
        (date(2026, 1, 15), date(2026, 7, 15)),
        (date(2025, 8, 31), date(2026, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2027, 6, 30)),
    ],
)
def test_substitute_deadline(lost: date, deadline: date) -> None:
    assert substitute_deadline(lost) == deadline


def test_substitute_deadline_months_setting() -> None:
    assert substitute_deadline(date(2026, 1, 15), months=3) == date(2026, 4, 15)
    with pytest.raises(ValueError, match=r"^months: must not be negative"):
        substitute_deadline(date(2026, 1, 15), months=-1)


# --- observer_admission_refusal: arts. 2.1 and 2.2 together -------------------------------


def test_observer_status_is_not_renewed_art_2_1() -> None:
    from aer_portal.rules.membership import observer_admission_refusal

    reason = observer_admission_refusal(
        decision=date(2026, 3, 15), history=[("observer", date(2020, 3, 31))]
    )
    assert reason is not None
    assert reason.article == "Procedures art. 2.1"
    assert "non-renewable" in reason.render()


def test_a_recent_member_is_refused_observer_status_art_2_2() -> None:
    from aer_portal.rules.membership import observer_admission_refusal

    reason = observer_admission_refusal(
        decision=date(2026, 3, 15), history=[(MemberCategory.FULL, date(2024, 12, 31))]
    )
    assert reason is not None
    assert reason.article == "Procedures art. 2.2"


def test_an_open_membership_counts_until_the_decision() -> None:
    from aer_portal.rules.membership import observer_admission_refusal

    reason = observer_admission_refusal(
        decision=date(2026, 3, 15), history=[(MemberCategory.ASSOCIATE_GEOGRAPHICAL, None)]
    )
    assert reason is not None
    assert "until 15 March 2026" in reason.render()


def test_a_region_without_recent_membership_may_become_observer() -> None:
    from aer_portal.rules.membership import observer_admission_refusal

    assert observer_admission_refusal(decision=date(2026, 3, 15), history=[]) is None
    assert (
        observer_admission_refusal(
            decision=date(2026, 3, 15), history=[(MemberCategory.FULL, date(2023, 3, 14))]
        )
        is None
    )


def test_render_with_article_is_the_one_format() -> None:
    from aer_portal.rules.membership import observer_admission_refusal

    reason = observer_admission_refusal(decision=date(2026, 3, 15), history=[("observer", None)])
    assert reason is not None
    assert reason.render_with_article() == f"{reason.render()} (Procedures art. 2.1)"
    # The article is cited in the reader's language too ("Procédures, art. 2.1"); its number stays.
    assert reason.render_with_article(str.upper).endswith("(PROCEDURES ART. 2.1)")
