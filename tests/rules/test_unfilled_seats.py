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


def test_a_late_election_mailing_quotes_its_article() -> None:
    from datetime import date

    from aer_portal.rules.elections import (
        ElectionMailing,
        election_timeline,
        late_election_mailing_message,
    )

    timeline = election_timeline(date(2026, 10, 15))  # informed by 09-03, portfolio by 10-01
    assert (
        late_election_mailing_message(
            ElectionMailing.ANNOUNCEMENT, timeline=timeline, today=date(2026, 9, 3)
        )
        is None
    )
    late = late_election_mailing_message("announcement", timeline=timeline, today=date(2026, 9, 5))
    assert late is not None and late.article == "Procedures art. 15.4"
    assert "2 day(s) late" in str(late) and "last day was 3 September 2026" in str(late)
    assert "six weeks in advance" in str(late)
    portfolio = late_election_mailing_message(
        ElectionMailing.PORTFOLIO, timeline=timeline, today=date(2026, 10, 2)
    )
    assert portfolio is not None and portfolio.article == "Procedures art. 15.6"
