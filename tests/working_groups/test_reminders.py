"""Reminders of the working-group process, sent once through the governance ledger."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from aer_portal.dates import day
from governance.services.reminders import reminder_send, reminders_due
from tests.factories import PersonFactory
from tests.working_groups.factories import (
    board_staff,
    established,
    executive_board,
    held_meeting,
    submitted,
)
from working_groups.reminders import review_offset_due
from working_groups.services.groups import group_chair_appoint
from working_groups.services.review import proposal_vote_cast
from working_groups.tasks import announce_group, notify_board_of_submission

pytestmark = pytest.mark.django_db


def _send_due(today: date, kind: str) -> list[str]:
    sent = []
    for reminder in reminders_due(today=today):
        if reminder.kind == kind and reminder_send(reminder=reminder):
            sent.append(reminder.recipient)
    return sorted(sent)


@pytest.mark.parametrize(
    ("days_left", "offset"),
    [(9, None), (8, None), (7, 7), (5, 7), (2, 7), (1, 1), (0, None), (-1, None)],
)
def test_the_latest_applicable_offset_is_due(days_left: int, offset: int | None) -> None:
    meeting_day = date(2026, 6, 18)
    today = meeting_day - timedelta(days=days_left)
    assert review_offset_due(today=today, meeting_day=meeting_day, offsets=[7, 1]) == offset


def test_board_members_who_have_not_voted_are_reminded_a_week_and_a_day_before(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WORKING_GROUPS_REVIEW_REMINDER_DAYS = [7, 1]
    board = executive_board(vice_presidents=2)
    result = submitted(board=board, meeting_days=21)
    proposal_vote_cast(
        proposal_id=result.proposal.pk, actor=board.president, choice="approve", now=timezone.now()
    )
    meeting_day = timezone.localdate(result.proposal.board_meeting.starts_at)
    not_voted = sorted(u.email for u in board.vice_presidents)
    kind = "working_groups.review.vote_due"

    assert _send_due(meeting_day - timedelta(days=8), kind) == []
    assert _send_due(meeting_day - timedelta(days=7), kind) == not_voted
    assert _send_due(meeting_day - timedelta(days=6), kind) == []  # the ledger has them
    proposal_vote_cast(
        proposal_id=result.proposal.pk,
        actor=board.vice_presidents[0],
        choice="reject",
        now=timezone.now(),
    )
    assert _send_due(meeting_day - timedelta(days=1), kind) == [board.vice_presidents[1].email]
    assert _send_due(meeting_day, kind) == []
    reminder = next(m for m in mail.outbox if m.to == [board.vice_presidents[1].email])
    assert "You have not voted yet" in reminder.body
    assert f"/working-groups/proposals/{result.proposal.pk}/" in reminder.body


def test_the_secretariat_hears_when_the_meeting_passed_without_a_decision(settings) -> None:  # type: ignore[no-untyped-def]
    board = executive_board()
    result = submitted(board=board, meeting_days=10)
    meeting_day = timezone.localdate(result.proposal.board_meeting.starts_at)
    kind = "working_groups.review.decision_missing"
    assert _send_due(meeting_day, kind) == []
    assert _send_due(meeting_day + timedelta(days=1), kind) == [settings.SECRETARIAT_EMAIL]
    assert _send_due(meeting_day + timedelta(days=2), kind) == []
    assert "no decision is recorded" in mail.outbox[-1].body


def test_the_end_of_the_mandate_is_announced_to_the_lead_and_chair_regions(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WORKING_GROUPS_MANDATE_REMINDER_DAYS = 60
    board = executive_board()
    staff = board_staff()
    result, group = established(board=board, staff=staff)
    chair_region, chair_officer = result.supporters[0]
    group_chair_appoint(
        group_id=group.pk,
        person=PersonFactory(member=chair_region),
        meeting=held_meeting(group, group.established_on),
        actor=staff,
        today=group.established_on,
    )
    kind = "working_groups.group.mandate_ending"
    assert _send_due(group.mandate_ends_on - timedelta(days=61), kind) == []
    expected = sorted([settings.SECRETARIAT_EMAIL, result.lead_officer.email, chair_officer.email])
    assert _send_due(group.mandate_ends_on - timedelta(days=60), kind) == expected
    assert _send_due(group.mandate_ends_on - timedelta(days=10), kind) == []
    assert day(group.mandate_ends_on) in mail.outbox[-1].subject


def test_the_notification_tasks_are_idempotent() -> None:
    board = executive_board(vice_presidents=2)
    result, group = established(board=board, staff=board_staff())
    mail.outbox.clear()
    assert notify_board_of_submission(result.proposal.pk) == 3
    assert notify_board_of_submission(result.proposal.pk) == 0
    sent = announce_group(group.pk)
    assert sent >= 4  # the lead region and its three supporters, at least
    assert announce_group(group.pk) == 0
    assert len(mail.outbox) == 3 + sent
    announcement = mail.outbox[-1]
    assert "How to join" in announcement.body
    assert "Study visit to Norrbotten" in announcement.body
    assert f"/working-groups/groups/{group.slug}/" in announcement.body
