"""One way to write a day per language, on pages, in e-mails and in messages (issue 15)."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import number_format

from aer_portal.dates import day, in_words, moment
from tests.html_checks import numeric_days

TEMPLATE_DATE_FORMAT = re.compile(r"""\|date:["']([^"']*)["']""")
#: Named formats only (aer_portal/formats/<language>); "Y" alone is a year, not a day.
ALLOWED = {"DATETIME_FORMAT", "Y"}


def test_no_template_writes_a_day_in_a_format_of_its_own() -> None:
    explicit = []
    for path in Path(settings.BASE_DIR, "templates").rglob("*"):
        if path.suffix in (".html", ".txt"):
            for match in TEMPLATE_DATE_FORMAT.finditer(path.read_text()):
                if match.group(1) not in ALLOWED:
                    explicit.append(f"{path.name}: |date:{match.group(1)!r}")
    assert explicit == []


def test_a_day_and_a_moment_in_english_and_french() -> None:
    brussels = datetime(2026, 12, 18, 13, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("en"):
        assert day(date(2026, 12, 18)) == "18 December 2026"
        assert moment(brussels) == "18 December 2026, 14:30"
        assert (
            Template("{{ d|date }}").render(Context({"d": date(2026, 2, 3)})) == "3 February 2026"
        )
    with translation.override("fr"):
        assert day(date(2026, 12, 18)) == "18 décembre 2026"
        assert day(date(2026, 2, 3)) == "3 février 2026"
        assert moment(brussels) == "18 décembre 2026, 14:30"
        assert number_format(Decimal("1027.5"), 1, use_l10n=True) == "1027,5"


def test_a_stored_reminder_context_reads_its_days_in_words() -> None:
    context = {
        "due_on": "2026-05-02",
        "deadline": date(2026, 5, 2),
        "number": "2026-0001",
        "invoices": [{"due_on": "2026-05-02"}],
    }
    with translation.override("fr"):
        readable = in_words(context)
    assert readable == {
        "due_on": "2 mai 2026",
        "deadline": "2 mai 2026",
        "number": "2026-0001",
        "invoices": [{"due_on": "2 mai 2026"}],
    }


def test_the_check_finds_days_in_digits_in_text_not_in_attributes() -> None:
    page = '<p>Due on 2026-12-18 or 18/12/2026</p><input type="date" value="2026-12-18">'
    assert numeric_days(page) == ["2026-12-18", "18/12/2026"]
    assert numeric_days("<p>Invoice 2026-0001 of 18 December 2026</p>") == []
