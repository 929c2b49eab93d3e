"""Two tabs at once: one vote per Board member, one membership per region (PostgreSQL).

SQLite serialises every write, so these run on PostgreSQL only (CI, or
DATABASE_URL=postgres://… pytest tests/working_groups).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from unittest import mock

import pytest
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aer_portal.errors import DomainError
from tests.working_groups.factories import (
    board_staff,
    established,
    executive_board,
    officer,
    region,
    submitted,
)
from working_groups.models import GroupMembership, ReviewVote, WorkingGroupProposal
from working_groups.services.groups import group_join
from working_groups.services.review import proposal_vote_cast

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _race(actions: list[Callable[[], object]]) -> tuple[list[object], list[str]]:
    barrier = threading.Barrier(len(actions))
    successes: list[object] = []
    refusals: list[str] = []

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            successes.append(action())
        except DomainError as error:
            refusals.append(error.message)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return successes, refusals


def _vote(proposal_id: int, user, choice: str) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    return lambda: proposal_vote_cast(
        proposal_id=proposal_id, actor=user, choice=choice, seen_choice="", now=timezone.now()
    )


def test_eight_tabs_voting_at_once_make_one_vote_and_refuse_only_other_choices() -> None:
    # The same choice from another tab is the same vote (aer_portal.ballots): those tabs
    # succeed; a different choice from a page that showed no vote is refused.
    board = executive_board()
    result = submitted(board=board)
    member = board.vice_presidents[0]
    choices = ["approve", "reject", "abstain", "approve"] * 2

    successes, refusals = _race([_vote(result.proposal.pk, member, c) for c in choices])

    vote = ReviewVote.objects.get()
    assert len(successes) == choices.count(vote.choice)
    assert len(refusals) == len(choices) - len(successes)
    assert {s.pk for s in successes} == {vote.pk}  # type: ignore[attr-defined]
    assert all(f"another window or tab: {vote.get_choice_display()}" in m for m in refusals)


def test_the_unique_constraint_alone_keeps_one_vote_without_the_row_lock() -> None:
    board = executive_board()
    result = submitted(board=board)
    member = board.vice_presidents[0]
    unlocked = WorkingGroupProposal.objects.select_related(
        "lead_region", "board_meeting", "policy_area"
    )
    with mock.patch(
        "working_groups.services.checks.WorkingGroupProposal.objects.select_for_update",
        lambda **kwargs: unlocked,
    ):
        same, _ = _race([_vote(result.proposal.pk, member, "approve")] * 6)
        vote = ReviewVote.objects.get()
        ReviewVote.objects.all().delete()
        mixed, refusals = _race(
            [_vote(result.proposal.pk, member, c) for c in ["approve", "reject"] * 3]
        )
    # The same choice six times at once: six successes (those that lost the insert race
    # read the winner's vote back), one vote.
    assert len(same) == 6 and {s.pk for s in same} == {vote.pk}  # type: ignore[attr-defined]
    stands = ReviewVote.objects.get()
    assert len(mixed) == 3 and len(refusals) == 3
    assert all(s.choice == stands.choice for s in mixed)  # type: ignore[attr-defined]
    assert all(f"another window or tab: {stands.get_choice_display()}" in m for m in refusals)


def test_two_browser_tabs_posting_the_vote_form_at_once_count_once() -> None:
    board = executive_board()
    result = submitted(board=board)
    member = board.vice_presidents[0]
    url = reverse("working_groups:proposal_vote", args=[result.proposal.pk])
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(member)
    statuses: list[int] = []

    def post(tab: Client, choice: str) -> Callable[[], object]:
        return lambda: statuses.append(tab.post(url, {"choice": choice, "seen": ""}).status_code)

    _race([post(tabs[0], "approve"), post(tabs[1], "reject")])

    assert sorted(statuses) == [302, 400]
    assert ReviewVote.objects.count() == 1


def test_two_officers_joining_at_once_make_one_membership() -> None:
    board = executive_board()
    _result, group = established(board=board, staff=board_staff())
    fourth = region()
    officers = [officer(fourth) for _ in range(4)]
    today = timezone.localdate()

    successes, refusals = _race(
        [
            (
                lambda user=user: group_join(
                    group_id=group.pk, region=fourth, actor=user, today=today
                )
            )
            for user in officers
        ]
    )

    assert len(successes) == 1 and len(refusals) == 3
    assert GroupMembership.objects.filter(group=group, region=fourth).count() == 1
