"""What may happen to seats an election leaves unfilled (Procedures arts. 15 C, 15 D, 15.3)."""

from aer_portal.rules.bodies import Body
from aer_portal.rules.elections import Unfilled, unfilled_seat_options


def test_only_the_monitoring_group_and_election_committee_may_be_delegated() -> None:
    assert unfilled_seat_options(Body.MONITORING_AND_EVALUATION_GROUP, enough_candidates=False) == {
        Unfilled.DELEGATED_TO_BOARD: "Procedures art. 15 C",
        Unfilled.BY_ELECTION: "Procedures art. 15.3",
    }
    assert Unfilled.DELEGATED_TO_BOARD in unfilled_seat_options(
        Body.ELECTION_COMMITTEE, enough_candidates=False
    )
    assert unfilled_seat_options(Body.EXECUTIVE_BOARD, enough_candidates=False) == {
        Unfilled.BY_ELECTION: "Procedures art. 15.3"
    }


def test_delegation_needs_too_few_candidates() -> None:
    options = unfilled_seat_options(Body.MONITORING_AND_EVALUATION_GROUP, enough_candidates=True)
    assert list(options) == [Unfilled.BY_ELECTION]
