"""The Executive Board's online vote on a membership application (issue 18; Procedures art. 14):
one vote per Board member, changed until the vote closes, the count by rules.votes.decide_vote,
and the decision through the same service as a meeting's: member, membership, invoice."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.db.models import QuerySet

from aer_portal.errors import DomainError
from fees.models import Invoice
from fees.services.application_votes import (
    application_vote_cast,
    application_vote_close,
    application_vote_open,
)
from governance.models import ApplicationBallot, ApplicationOnlineVote
from members.models import Member, Membership, MembershipApplication, User
from tests.factories import board_member, member_officer, staff_user
from tests.fees.test_applications import submit

pytestmark = pytest.mark.django_db

OPENED = date(2026, 3, 2)
NOW = datetime(2026, 3, 3, 10, 0, tzinfo=UTC)
CLOSED = date(2026, 3, 5)


def opened(board: int = 3) -> tuple[MembershipApplication, User, list[User]]:
    application = submit()
    staff = staff_user()
    members = [board_member() for _ in range(board)]
    application_vote_open(application=application, actor=staff, today=OPENED)
    return application, staff, members


def test_opening_puts_the_application_before_the_board_once() -> None:
    application, staff, _board = opened()
    again = application_vote_open(application=application, actor=staff, today=OPENED)
    assert ApplicationOnlineVote.objects.get() == again
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.ON_AGENDA
    assert application.board_meeting == "Online vote of the Executive Board"


def test_only_the_secretariat_opens_and_closes() -> None:
    application = submit()
    with pytest.raises(DomainError, match="Only the secretariat opens"):
        application_vote_open(application=application, actor=board_member(), today=OPENED)
    application_vote_open(application=application, actor=staff_user(), today=OPENED)
    with pytest.raises(DomainError, match="Only the secretariat closes"):
        application_vote_close(application=application, actor=board_member(), today=CLOSED)


def test_a_vote_counts_once_and_may_change_until_close() -> None:
    application, _staff, board = opened()
    first = application_vote_cast(application=application, actor=board[0], choice="for", now=NOW)
    # A double click: the same vote, sent twice from a page that showed none, is one vote.
    again = application_vote_cast(
        application=application, actor=board[0], choice="for", now=NOW, seen_choice=""
    )
    assert again.pk == first.pk and ApplicationBallot.objects.count() == 1
    application_vote_cast(
        application=application, actor=board[0], choice="against", now=NOW, seen_choice="for"
    )
    assert ApplicationBallot.objects.get().choice == "against"


def test_a_second_tab_does_not_overwrite_the_vote() -> None:
    application, _staff, board = opened()
    application_vote_cast(
        application=application, actor=board[0], choice="for", now=NOW, seen_choice=""
    )
    with pytest.raises(DomainError, match="another window or tab: For") as caught:
        application_vote_cast(
            application=application, actor=board[0], choice="against", now=NOW, seen_choice=""
        )
    assert caught.value.field == "choice"
    assert ApplicationBallot.objects.get().choice == "for"


def _race_won_by(voter: User, choice: str) -> Any:
    """The Board member's other request inserts its vote with ``choice`` right after this one
    found none (a database without row locks): this one's insert then breaks the unique
    constraint."""
    real_first = QuerySet.first
    raced: list[bool] = []

    def first(queryset: QuerySet[Any]) -> Any:
        found = real_first(queryset)
        if queryset.model is ApplicationBallot and not raced:
            raced.append(True)
            ApplicationBallot.objects.create(
                online_vote=ApplicationOnlineVote.objects.get(),
                voter=voter.person,
                choice=choice,
                cast_at=NOW,
                changed_at=NOW,
            )
        return found

    return mock.patch.object(QuerySet, "first", autospec=True, side_effect=first)


def test_losing_the_insert_race_with_the_same_vote_is_that_vote() -> None:
    application, _staff, board = opened()
    with _race_won_by(board[0], "for"):
        ballot = application_vote_cast(
            application=application, actor=board[0], choice="for", now=NOW, seen_choice=""
        )
    assert ballot.pk == ApplicationBallot.objects.get().pk and ballot.choice == "for"


def test_losing_the_insert_race_to_another_vote_is_refused_with_the_vote_that_stands() -> None:
    application, _staff, board = opened()
    with (
        _race_won_by(board[0], "against"),
        pytest.raises(DomainError, match="another window or tab: Against") as caught,
    ):
        application_vote_cast(
            application=application, actor=board[0], choice="for", now=NOW, seen_choice=""
        )
    assert caught.value.field == "choice"


@pytest.mark.parametrize("who", ["staff", "officer", "anonymous_like"])
def test_only_board_members_vote(who: str) -> None:
    application, staff, _board = opened()
    actor = {
        "staff": staff,
        "officer": member_officer(),
        "anonymous_like": staff_user(is_active=False),
    }[who]
    with pytest.raises(DomainError, match="only members of the Executive Board vote"):
        application_vote_cast(application=application, actor=actor, choice="for", now=NOW)
    assert not ApplicationBallot.objects.exists()


def test_no_vote_before_it_opens_nor_after_it_closes() -> None:
    application = submit()
    voter = board_member()
    with pytest.raises(DomainError, match="not opened an online vote"):
        application_vote_cast(application=application, actor=voter, choice="for", now=NOW)
    staff = staff_user()
    application_vote_open(application=application, actor=staff, today=OPENED)
    application_vote_cast(application=application, actor=voter, choice="against", now=NOW)
    board_member()  # a second Board member who has not voted: the vote stays open
    application_vote_close(application=application, actor=staff, today=CLOSED)
    with pytest.raises(DomainError, match="closed on"):
        application_vote_cast(application=application, actor=voter, choice="for", now=NOW)


def test_a_wrong_choice_is_refused_in_words() -> None:
    application, _staff, board = opened()
    with pytest.raises(DomainError, match="choose for, against or abstain"):
        application_vote_cast(application=application, actor=board[0], choice="yes", now=NOW)


def test_close_approves_member_membership_and_invoice_dated_the_close(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    application, staff, board = opened(board=4)
    application_vote_cast(application=application, actor=board[0], choice="for", now=NOW)
    application_vote_cast(application=application, actor=board[1], choice="for", now=NOW)
    application_vote_cast(application=application, actor=board[2], choice="abstain", now=NOW)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = application_vote_close(application=application, actor=staff, today=CLOSED)
    member = Member.objects.get(name="Dâmbovița County")
    membership = Membership.objects.get(member=member)
    assert membership.board_decision == CLOSED
    assert result.invoice is not None and result.invoice.kind == Invoice.Kind.FIRST_YEAR
    assert result.invoice.member == member
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert application.decided_on == CLOSED
    assert application.board_meeting == "Online vote of the Executive Board"
    assert "2 for, 0 against" in application.board_vote
    assert ApplicationOnlineVote.objects.get().closed_on == CLOSED
    assert any("Welcome to AER" in m.subject for m in mail.outbox)
    # Closed twice (a double click): nothing more.
    application_vote_close(application=application, actor=staff, today=CLOSED)
    assert Invoice.objects.count() == 1


def test_the_last_vote_closes_a_decided_vote_by_itself() -> None:
    application, _staff, board = opened(board=3)
    application_vote_cast(application=application, actor=board[0], choice="against", now=NOW)
    application_vote_cast(application=application, actor=board[1], choice="against", now=NOW)
    application.refresh_from_db()
    assert application.is_open
    application_vote_cast(application=application, actor=board[2], choice="for", now=NOW)
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.REFUSED
    assert application.decided_on == NOW.date()
    assert "1 for, 2 against" in application.decision_reason
    assert not Member.objects.filter(name="Dâmbovița County").exists()


def test_a_tie_waits_for_the_presidents_casting_vote() -> None:
    application, staff, board = opened(board=2)
    application_vote_cast(application=application, actor=board[0], choice="for", now=NOW)
    application_vote_cast(application=application, actor=board[1], choice="against", now=NOW)
    application.refresh_from_db()
    assert application.is_open  # all voted, but tied: not decided (art. 14)
    with pytest.raises(DomainError, match="tied") as caught:
        application_vote_close(application=application, actor=staff, today=CLOSED)
    assert caught.value.field == "casting_vote"
    result = application_vote_close(
        application=application, actor=staff, today=CLOSED, casting_vote="for"
    )
    assert result.application.status == MembershipApplication.Status.APPROVED
    assert "casting vote of the President: for" in result.application.board_vote


def test_a_tie_the_president_declines_refuses() -> None:
    application, staff, board = opened(board=3)
    application_vote_cast(application=application, actor=board[0], choice="abstain", now=NOW)
    result = application_vote_close(
        application=application, actor=staff, today=CLOSED, casting_vote="declined"
    )
    assert result.application.status == MembershipApplication.Status.REFUSED
    assert "declined" in result.application.decision_reason


def test_a_casting_vote_without_a_tie_is_refused() -> None:
    application, staff, board = opened(board=3)
    application_vote_cast(application=application, actor=board[0], choice="for", now=NOW)
    with pytest.raises(DomainError, match="not tied") as caught:
        application_vote_close(
            application=application, actor=staff, today=CLOSED, casting_vote="against"
        )
    assert caught.value.field == "casting_vote"
    with pytest.raises(DomainError, match="Casting vote: for, against"):
        application_vote_close(
            application=application, actor=staff, today=CLOSED, casting_vote="maybe"
        )
    assert MembershipApplication.objects.get().is_open
