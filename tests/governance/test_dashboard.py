"""The governance panels' deadline badge, written in Python, reads as the meeting pages' own."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from aer_portal.rules.meetings import DeadlineCheck, DeadlineStatus
from governance.dashboard import _badge

DAY = date(2026, 3, 2)
CHECKS = [
    DeadlineCheck(DAY, DeadlineStatus.ON_TIME, 3, done_on=date(2026, 2, 27)),
    DeadlineCheck(DAY, DeadlineStatus.DUE, 0),
    DeadlineCheck(DAY, DeadlineStatus.DUE, 1),
    DeadlineCheck(DAY, DeadlineStatus.DUE, 12),
    DeadlineCheck(DAY, DeadlineStatus.LATE, 1),
    DeadlineCheck(DAY, DeadlineStatus.LATE, 5, done_on=date(2026, 3, 7)),
]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("check", CHECKS, ids=lambda check: f"{check.status}-{check.days}")
def test_the_badge_is_the_meeting_page_s_badge(check: DeadlineCheck, language: str) -> None:
    with translation.override(language):
        page = render_to_string("governance/meetings/_deadline.html", {"row": {"check": check}})
        assert str(_badge(check)) == page.removesuffix("\n")
