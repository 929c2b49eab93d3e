"""The secretariat's dashboard names the oldest proposals under review and counts the rest."""

from __future__ import annotations

import pytest

from tests.working_groups.factories import executive_board, submitted
from working_groups.selectors.review import awaiting_decision

pytestmark = pytest.mark.django_db


def test_the_oldest_proposals_under_review_and_their_count() -> None:
    board = executive_board()
    proposals = [
        submitted(board=board, meeting_days=21 if index == 0 else None).proposal
        for index in range(3)
    ]

    first, count = awaiting_decision(limit=2)
    every, same = awaiting_decision()

    assert [p.pk for p in first] == [p.pk for p in proposals[:2]] and count == 3
    assert [p.pk for p in every] == [p.pk for p in proposals] and same == 3
