"""The governance panels: the deadline badge written in Python reads as the meeting pages'
own; the Board meeting before an assembly, from which its proposals' deadline counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import DeadlineCheck, DeadlineStatus
from governance.dashboard import _badge
from governance.models import Meeting
from governance.selectors.meetings import with_board_meeting_before
from tests.factories import BodyFactory
from tests.governance.factories import MeetingFactory, brussels

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


@pytest.mark.django_db
def test_an_assembly_s_board_meeting_is_the_last_one_held_or_planned_before_it() -> None:
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    MeetingFactory(body=board, starts_at=brussels(2026, 3, 2))
    before = MeetingFactory(body=board, starts_at=brussels(2026, 4, 15))
    MeetingFactory(body=board, starts_at=brussels(2026, 5, 20), status=Meeting.Status.CANCELLED)
    MeetingFactory(body=BodyFactory(kind=BodyKind.BUREAU), starts_at=brussels(2026, 5, 25))
    MeetingFactory(body=board, starts_at=brussels(2026, 6, 20))  # after the assembly
    assembly = MeetingFactory(
        body=BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY), starts_at=brussels(2026, 6, 10)
    )
    first = MeetingFactory(body=assembly.body, starts_at=brussels(2026, 1, 20))
    found = with_board_meeting_before(Meeting.objects.filter(body=assembly.body))
    board_before = {meeting.pk: meeting.board_before for meeting in found}  # type: ignore[attr-defined]
    assert board_before == {assembly.pk: before.starts_at, first.pk: None}
