"""Days and moments inside sentences (services' refusals, e-mails, notes), written as the
pages write them: "18 December 2026" in English, "18 décembre 2026" in French (the DATE_FORMAT
of aer_portal/formats/<language>), never "2026-12-18". Use these instead of ``isoformat()``
wherever a person reads the result; keys, file names and data exchanged with machines keep ISO.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.formats import date_format

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day(value: date) -> str:
    """A day in the active language: ``18 December 2026``."""
    return date_format(value, "DATE_FORMAT")


def moment(value: datetime) -> str:
    """A moment in Brussels time in the active language: ``18 December 2026, 14:30``."""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def in_words(context: Mapping[str, Any]) -> dict[str, Any]:
    """A stored e-mail context with its days written for the reader, in the active language.

    Reminders keep their context as JSON until they are sent, so a day arrives as an ISO
    string ("2026-12-18") or as a ``date``, also inside lists and mappings (the invoices of
    a list); all become "18 December 2026" here.
    """
    return {name: _readable(value) for name, value in context.items()}


def _readable(value: Any) -> Any:
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, str) and ISO_DAY.fullmatch(value):
        parsed = parse_date(value)
        return day(parsed) if parsed is not None else value
    if isinstance(value, Mapping):
        return in_words(value)
    if isinstance(value, list | tuple):
        return [_readable(item) for item in value]
    return value
