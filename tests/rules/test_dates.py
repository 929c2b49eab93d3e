from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aer_portal.rules.dates import add_months, add_years, first_day_of_next_month, last_day_of_month


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 15), 2, date(2025, 3, 15)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),  # clamped to the shorter month
        (date(2027, 12, 31), 2, date(2028, 2, 29)),  # leap year
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 11, 30), 1, date(2025, 12, 30)),
        (date(2025, 12, 1), 1, date(2026, 1, 1)),
        (date(2026, 3, 15), -36, date(2023, 3, 15)),
        (date(2025, 1, 31), -1, date(2024, 12, 31)),
        (date(2025, 5, 5), 0, date(2025, 5, 5)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_add_years_moves_29_february_to_28() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), -3) == date(2021, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 2, 10), date(2025, 2, 28)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2025, 12, 31), date(2025, 12, 31)),
        (date(2025, 4, 1), date(2025, 4, 30)),
    ],
)
def test_last_day_of_month(day: date, expected: date) -> None:
    assert last_day_of_month(day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 3, 15), date(2026, 4, 1)),
        (date(2026, 12, 31), date(2027, 1, 1)),
        (date(2026, 1, 31), date(2026, 2, 1)),
    ],
)
def test_first_day_of_next_month(day: date, expected: date) -> None:
    assert first_day_of_next_month(day) == expected


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)), st.integers(0, 240))
def test_add_months_lands_in_the_right_month_never_later_day(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day <= day.day
    assert result.day == day.day or result == last_day_of_month(result)
