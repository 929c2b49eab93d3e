"""Calendar arithmetic the Procedures use: months that end on the last day of a shorter month."""

import calendar
from datetime import date


def last_day_of_month(day: date) -> date:
    """The last day of ``day``'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (or earlier, when negative).

    A day that the target month lacks becomes its last day: 31 December + 2 months is
    28 (or 29) February, as people count "two months after".
    """
    index = day.year * 12 + day.month - 1 + months
    year, month_index = divmod(index, 12)
    last = calendar.monthrange(year, month_index + 1)[1]
    return date(year, month_index + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """The same day ``years`` later or earlier; 29 February becomes 28 February if needed."""
    return add_months(day, 12 * years)


def first_day_of_next_month(day: date) -> date:
    """The first day of the month after ``day``'s month."""
    return add_months(day.replace(day=1), 1)
