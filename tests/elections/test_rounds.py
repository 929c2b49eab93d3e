"""Election day: talliers, rounds under art. 15.7–15.8, the online secret ballot and receipts."""

from __future__ import annotations

from datetime import date

import pytest

from aer_portal.errors import DomainError
from elections.models import Ballot, Position, Round, RoundVoter, SealedBallot
from elections.selectors.voting import receipt_hash, receipt_status, receipt_tag, round_turnout
from elections.services.rounds import (
    ballot_cast,
    round_close,
    round_open,
    round_record_counts,
    round_tie_resolve,
    talliers_record,
)
from members.models import Suspension
from tests.elections.factories import GA_DAY, at, committee_member, election, nominate, voter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = at(GA_DAY, 11)


def _election_with(candidates: int, *, online: bool = True, kind: str = Position.Kind.PRESIDENT):  # type: ignore[no-untyped-def]
    vote = election(kinds=(kind,), online=online, talliers=True)
    for index in range(candidates):
        nominate(vote, kind=kind, accept=True, last_name=f"Candidate{index}")
    return vote, vote.positions.get()


def _open(position, *, method=Round.Method.ONLINE, actor=None, **kwargs):  # type: ignore[no-untyped-def]
    return round_open(
        position=position, method=method, actor=actor or committee_member(), now=NOW, **kwargs
    )


def _numbers(round_: Round) -> dict[str, int]:
    return {
        c.candidacy.person.last_name: c.number
        for c in round_.candidates.select_related("candidacy__person")
    }


def test_talliers_are_two_different_people() -> None:
    vote = election()
    actor = committee_member()
    with pytest.raises(DomainError, match=r"^The election is presided over by two talliers"):
        talliers_record(election=vote, tallier_one="Ana", tallier_two=" ", actor=actor, now=NOW)
    with pytest.raises(DomainError, match=r"two different people"):
        talliers_record(election=vote, tallier_one="Ana", tallier_two="ana", actor=actor, now=NOW)
    talliers_record(
        election=vote, tallier_one="Ana Pop", tallier_two="Bo Berg", actor=actor, now=NOW
    )
    vote.refresh_from_db()
    assert vote.talliers_recorded and vote.history.first().history_user == actor


def test_a_round_opens_on_election_day_with_talliers_recorded() -> None:
    vote, position = _election_with(2)
    with pytest.raises(
        DomainError, match=r"Voting opens at the General Assembly on 15 October 2026"
    ):
        round_open(
            position=position, method="paper", actor=committee_member(), now=at(date(2026, 10, 14))
        )
    vote.tallier_two = ""
    vote.save()
    with pytest.raises(DomainError, match=r"^Record the two talliers"):
        _open(position)
    with pytest.raises(DomainError, match=r"Only the Election Committee"):
        round_open(position=position, method="paper", actor=UserFactory(), now=NOW)


def test_an_open_vote_needs_the_unanimous_decision_recorded() -> None:
    _, position = _election_with(2)
    with pytest.raises(DomainError, match=r"art\. 15\.9"):
        _open(position, method=Round.Method.PAPER, secret=False)
    round_ = _open(
        position,
        method=Round.Method.PAPER,
        secret=False,
        secrecy_decision="Unanimous, show of hands",
    )
    assert not round_.secret and round_.secrecy_decision == "Unanimous, show of hands"


def test_a_paper_round_with_a_majority_elects() -> None:
    _, position = _election_with(3, online=False)
    round_ = _open(position, method=Round.Method.PAPER)
    numbers = {c.number: c.pk for c in round_.candidates.all()}
    result = round_record_counts(
        round=round_,
        votes={numbers[1]: 21, numbers[2]: 10, numbers[3]: 9},
        blank=3,
        invalid=1,
        actor=committee_member(),
        now=NOW,
    )
    round_.refresh_from_db()
    assert result.votes_cast == 40 and result.majority == 21
    assert round_.status == Round.Status.CLOSED and round_.elected is not None
    assert round_.blank == 3 and round_.invalid == 1
    with pytest.raises(DomainError, match=r"All 1 seat\(s\) of President are filled"):
        _open(position)


def test_without_a_majority_the_top_two_meet_in_a_second_round() -> None:
    _, position = _election_with(3, online=False)
    first = _open(position, method=Round.Method.PAPER)
    ids = {
        c.candidacy.person.last_name: c.pk
        for c in first.candidates.select_related("candidacy__person")
    }
    round_record_counts(
        round=first,
        votes={ids["Candidate0"]: 12, ids["Candidate1"]: 15, ids["Candidate2"]: 10},
        blank=0,
        invalid=0,
        actor=committee_member(),
        now=NOW,
    )
    second = _open(position, method=Round.Method.PAPER)
    assert (second.seat_number, second.number) == (1, 2)
    assert set(_numbers(second)) == {"Candidate0", "Candidate1"}


def test_a_tie_for_the_second_round_waits_for_the_committee() -> None:
    _, position = _election_with(3, online=False)
    first = _open(position, method=Round.Method.PAPER)
    ids = {
        c.candidacy.person.last_name: c.pk
        for c in first.candidates.select_related("candidacy__person")
    }
    actor = committee_member()
    round_record_counts(
        round=first,
        votes={ids["Candidate0"]: 20, ids["Candidate1"]: 10, ids["Candidate2"]: 10},
        blank=0,
        invalid=0,
        actor=actor,
        now=NOW,
    )
    with pytest.raises(DomainError, match=r"tied for the second round"):
        _open(position, method=Round.Method.PAPER)
    with pytest.raises(DomainError, match=r"^Choose 1 of the tied"):
        round_tie_resolve(
            round=first, advancing=[ids["Candidate0"]], decision="lot", actor=actor, now=NOW
        )
    with pytest.raises(DomainError, match=r"^Record how the Election Committee decided"):
        round_tie_resolve(
            round=first, advancing=[ids["Candidate2"]], decision="", actor=actor, now=NOW
        )
    round_tie_resolve(
        round=first,
        advancing=[ids["Candidate2"]],
        decision="Drawn by lot by the talliers",
        actor=actor,
        now=NOW,
    )
    second = _open(position, method=Round.Method.PAPER)
    assert set(_numbers(second)) == {"Candidate0", "Candidate2"}
    first.refresh_from_db()
    assert first.tie_resolution == "Drawn by lot by the talliers"


def test_paper_counts_are_checked() -> None:
    _, position = _election_with(2, online=False)
    round_ = _open(position, method=Round.Method.PAPER)
    first, second = round_.candidates.all()
    with pytest.raises(DomainError, match=r"^Give the number of votes"):
        round_record_counts(
            round=round_, votes={first.pk: 3}, blank=0, invalid=0, actor=committee_member(), now=NOW
        )
    with pytest.raises(DomainError, match=r"^A count is 0 or more"):
        round_record_counts(
            round=round_,
            votes={first.pk: 3, second.pk: 1},
            blank=-1,
            invalid=0,
            actor=committee_member(),
            now=NOW,
        )
    round_.refresh_from_db()
    assert round_.is_open


def test_online_voting_once_per_member_with_a_receipt_counted_after_close() -> None:
    _, position = _election_with(3)
    voters = [voter() for _ in range(5)]
    round_ = _open(position)
    assert round_.electorate == 8  # the 5 voters' members and the 3 candidates'
    numbers = _numbers(round_)
    codes = [
        ballot_cast(round=round_, voter=v, choice=numbers[name], now=NOW)
        for v, name in zip(
            voters,
            ["Candidate0", "Candidate0", "Candidate1", "Candidate1", "Candidate2"],
            strict=True,
        )
    ]
    assert len(set(codes)) == 5
    assert round_turnout(round=round_).voted == 5 and round_turnout(round=round_).percent == 62
    # No counts exist while the round is open.
    assert all(c.votes is None for c in round_.candidates.all())
    status = receipt_status(code=codes[0].lower().replace("-", " "))
    assert status.found and not status.counted
    result = round_close(round=round_, actor=committee_member(), now=NOW)
    assert result.elected is None and result.votes_cast == 5
    assert receipt_status(code=codes[0]).counted
    assert not receipt_status(code="AAAA-BBBB-CCCC-DDDD").found
    counts = {
        c.candidacy.person.last_name: c.votes
        for c in round_.candidates.select_related("candidacy__person")
    }
    assert counts == {"Candidate0": 2, "Candidate1": 2, "Candidate2": 1}
    second = _open(position)
    assert set(_numbers(second)) == {"Candidate0", "Candidate1"}


def test_a_second_ballot_from_the_same_member_is_refused_and_nothing_is_saved() -> None:
    _, position = _election_with(2)
    user = voter()
    round_ = _open(position)
    ballot_cast(round=round_, voter=user, choice=1, now=NOW)
    with pytest.raises(DomainError, match=r"^Your member has already voted in this round"):
        ballot_cast(round=round_, voter=user, choice=2, now=NOW)
    # Another delegate of the same member: one vote per member.
    colleague = voter(member=user.person.member)
    with pytest.raises(DomainError, match=r"already voted"):
        ballot_cast(round=round_, voter=colleague, choice=2, now=NOW)
    assert SealedBallot.objects.count() == 1 and RoundVoter.objects.count() == 1


def test_a_blank_vote_is_recorded_but_not_cast() -> None:
    _, position = _election_with(1)
    round_ = _open(position)
    ballot_cast(round=round_, voter=voter(), choice=None, now=NOW)
    ballot_cast(round=round_, voter=voter(), choice=1, now=NOW)
    with pytest.raises(DomainError, match=r"^Choose a candidate on the ballot"):
        ballot_cast(round=round_, voter=voter(), choice=7, now=NOW)
    result = round_close(round=round_, actor=committee_member(), now=NOW)
    round_.refresh_from_db()
    assert round_.blank == 1 and result.votes_cast == 1 and round_.elected is not None


def test_who_may_not_vote_is_told_why() -> None:
    _, position = _election_with(2)
    round_ = _open(position)
    no_mandate = voter()
    no_mandate.person.regional_mandates.all().delete()
    with pytest.raises(DomainError, match=r"do not hold a regional political mandate"):
        ballot_cast(round=round_, voter=no_mandate, choice=1, now=NOW)
    suspended = voter()
    Suspension.objects.create(
        member=suspended.person.member, starts_on=date(2026, 1, 1), reason="unpaid", source="x"
    )
    with pytest.raises(DomainError, match=r"suspended for unpaid fees"):
        ballot_cast(round=round_, voter=suspended, choice=1, now=NOW)
    with pytest.raises(DomainError, match=r"not linked to a delegate"):
        ballot_cast(round=round_, voter=UserFactory(), choice=1, now=NOW)
    assert not Ballot.objects.exists() and not RoundVoter.objects.exists()


def test_a_closed_round_takes_no_ballot() -> None:
    _, position = _election_with(2)
    round_ = _open(position)
    round_close(round=round_, actor=committee_member(), now=NOW)
    with pytest.raises(DomainError, match=r"not open for online voting"):
        ballot_cast(round=round_, voter=voter(), choice=1, now=NOW)


def test_receipts_are_random_and_only_their_hash_is_stored() -> None:
    _, position = _election_with(2)
    round_ = _open(position)
    code = ballot_cast(round=round_, voter=voter(), choice=1, now=NOW)
    sealed = SealedBallot.objects.get()
    assert not Ballot.objects.exists()
    # While open: a keyed hash to say "recorded", which is not the hash the count keeps.
    assert sealed.receipt_tag == receipt_tag(code) != receipt_hash(code)
    assert receipt_hash(code).encode() not in bytes(sealed.envelope)
    round_close(round=round_, actor=committee_member(), now=NOW)
    ballot = Ballot.objects.get()
    assert not SealedBallot.objects.exists()
    assert len(code) == 19 and code.count("-") == 3
    assert ballot.receipt_hash == receipt_hash(code) and code not in ballot.receipt_hash
    assert ballot.receipt_hash == receipt_hash(code.lower())
