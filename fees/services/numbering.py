"""Gapless numbers for invoices and credit notes."""

from __future__ import annotations

from django.db import transaction

from fees.models import NumberSeries


@transaction.atomic
def numbers_take(*, series: str, count: int = 1) -> range:
    """The next ``count`` numbers of ``series``, without gap or duplicate.

    The series' row stays locked (SELECT … FOR UPDATE) until the calling transaction ends, so
    a second issuer waits for the first to commit or roll back, and a rolled-back issue gives
    its numbers back. SQLite has no row locks but lets one writer at a time, to the same end.
    """
    if count < 1:
        raise ValueError(f"count: must be at least 1, got {count}")
    NumberSeries.objects.get_or_create(name=series)
    row = NumberSeries.objects.select_for_update().get(name=series)
    first = row.last_value + 1
    row.last_value += count
    row.save(update_fields=["last_value"])
    return range(first, first + count)


@transaction.atomic
def series_lock(*, series: str) -> None:
    """Locks ``series`` until the calling transaction ends, without taking a number."""
    NumberSeries.objects.get_or_create(name=series)
    NumberSeries.objects.select_for_update().get(name=series)


def invoice_number(year: int, sequence: int) -> str:
    """``2026-0001``: the fee year and the number in it."""
    return f"{year}-{sequence:04d}"


def credit_note_number(year: int, sequence: int) -> str:
    """``CN-2026-0001``: credit notes have their own series per year of issue."""
    return f"CN-{year}-{sequence:04d}"
