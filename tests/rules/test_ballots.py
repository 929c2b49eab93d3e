import pytest

from aer_portal.rules.ballots import (
    VOTES_PER_MEMBER,
    Voter,
    electorate_size,
    turnout_percent,
    voter_ineligibility,
)
from aer_portal.rules.membership import MemberCategory


def test_a_delegate_of_a_full_member_with_a_mandate_votes() -> None:
    voter = Voter(
        holds_regional_political_mandate=True,
        member_category=MemberCategory.FULL,
        member_suspended=False,
    )
    assert voter_ineligibility(voter) == ()


def test_every_reason_is_given_at_once() -> None:
    voter = Voter(
        holds_regional_political_mandate=False,
        member_category="observer",
        member_suspended=True,
        belongs_to_member=False,
    )
    reasons = voter_ineligibility(voter)
    assert [reason.article for reason in reasons] == [
        "Procedures art. 15.2",
        "Procedures art. 15.8",
        "Procedures art. 3.5",
        "Procedures art. 15.2",
    ]
    assert str(reasons[0]).startswith("You do not hold a regional political mandate")


def test_a_member_without_a_current_membership_does_not_vote() -> None:
    voter = Voter(
        holds_regional_political_mandate=True, member_category=None, member_suspended=False
    )
    assert [str(r) for r in voter_ineligibility(voter)] == [
        "Only full members vote in the General Assembly's elections."
    ]


def test_the_electorate_is_one_vote_per_full_member_not_suspended() -> None:
    assert VOTES_PER_MEMBER == 1
    assert electorate_size([1, 2, 3, 3]) == 3
    assert electorate_size([1, 2, 3], suspended_member_ids=[2, 9]) == 2


@pytest.mark.parametrize(
    ("voted", "electorate", "percent"),
    [(0, 0, 0), (0, 40, 0), (13, 40, 32), (40, 40, 100), (41, 40, 100)],
)
def test_turnout(voted: int, electorate: int, percent: int) -> None:
    assert turnout_percent(voted=voted, electorate=electorate) == percent


def test_a_negative_turnout_is_refused() -> None:
    with pytest.raises(ValueError, match=r"^voted, electorate: "):
        turnout_percent(voted=-1, electorate=3)
