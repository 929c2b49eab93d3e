"""Publishing results: mandates in the bodies with the right term, the Bureau ratified as a list."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from elections.models import Candidacy, Position, Round
from elections.services.results import bureau_ratify, results_publish
from elections.services.rounds import round_open, round_record_counts
from governance.models import Mandate, Seat
from tests.elections.factories import GA_DAY, at, committee_member, election, nominate
from tests.factories import BodyFactory, MandateFactory, SeatFactory

pytestmark = pytest.mark.django_db

NOW = at(GA_DAY, 11)


def _win(position: Position, winner: Candidacy, actor) -> Round:  # type: ignore[no-untyped-def]
    round_ = round_open(position=position, method=Round.Method.PAPER, actor=actor, now=NOW)
    votes = {c.pk: (10 if c.candidacy_id == winner.pk else 1) for c in round_.candidates.all()}
    round_record_counts(round=round_, votes=votes, blank=0, invalid=0, actor=actor, now=NOW)
    return round_


def test_the_winner_s_mandate_runs_two_years_and_counts_the_consecutive_terms() -> None:
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    vote = election(talliers=True)
    president = vote.positions.get()
    winner = nominate(vote, accept=True)
    loser = nominate(vote, accept=True)
    outgoing_seat = SeatFactory(body=board, role=Seat.Role.PRESIDENT)
    # The winner is the sitting President, in a second term that runs on until the election.
    sitting = MandateFactory(
        person=winner.person,
        seat=outgoing_seat,
        starts_on=date(2024, 10, 1),
        ends_on=date(2026, 12, 31),
        consecutive_term=2,
    )
    actor = committee_member()
    _win(president, winner, actor)
    (mandate,) = results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)
    assert mandate.person == winner.person and mandate.member == winner.member
    assert mandate.seat.body == board and mandate.seat.role == Seat.Role.PRESIDENT
    assert (mandate.starts_on, mandate.ends_on) == (GA_DAY, date(2028, 10, 14))
    assert mandate.consecutive_term == 3
    sitting.refresh_from_db()
    assert sitting.ends_on == date(2026, 10, 14)  # art. 15.10: until the next elections
    winner.refresh_from_db()
    assert winner.mandate == mandate
    assert not Mandate.objects.filter(person=loser.person).exists()
    vote.refresh_from_db()
    assert vote.results_published_on == GA_DAY
    assert mandate.history.exists() and vote.history.first().history_user == actor
    with pytest.raises(DomainError, match=r"^They were published on 15 October 2026"):
        results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)


def test_a_by_election_mandate_ends_with_the_current_term_and_leaves_others_alone() -> None:
    BodyFactory(kind=BodyKind.ELECTION_COMMITTEE)
    vote = election(kinds=(Position.Kind.ELECTION_COMMITTEE,), talliers=True)
    position = vote.positions.get()
    position.by_election, position.term_ends_on = True, date(2027, 6, 30)
    position.save()
    actor = committee_member()  # sits in the Committee until 2099: not ended by a by-election
    winner = nominate(vote, kind=Position.Kind.ELECTION_COMMITTEE, accept=True)
    _win(position, winner, actor)
    (mandate,) = results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)
    assert mandate.ends_on == date(2027, 6, 30) and mandate.consecutive_term == 1
    assert mandate.seat.role == Seat.Role.MEMBER
    assert Mandate.objects.get(person=actor.person).ends_on == date(2099, 12, 31)


def test_the_bureau_is_ratified_as_a_list_on_country_seats() -> None:
    BodyFactory(kind=BodyKind.BUREAU)
    vote = election(kinds=(Position.Kind.BUREAU,), talliers=True)
    position = vote.positions.get()
    nominees = [nominate(vote, kind=Position.Kind.BUREAU, accept=True) for _ in range(3)]
    nominate(vote, kind=Position.Kind.BUREAU)  # not accepted: not on the list
    actor = committee_member()
    with pytest.raises(DomainError, match=r"^Record the General Assembly's decision"):
        bureau_ratify(position=position, ratified=True, note="", actor=actor, today=GA_DAY)
    with pytest.raises(DomainError, match=r"ratifies on 15 October 2026"):
        bureau_ratify(
            position=position, ratified=True, note="x", actor=actor, today=date(2026, 10, 1)
        )
    bureau_ratify(
        position=position, ratified=True, note="Show of hands, unanimous", actor=actor, today=GA_DAY
    )
    mandates = results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)
    assert {m.person for m in mandates} == {n.person for n in nominees}
    for mandate, nominee in zip(sorted(mandates, key=lambda m: m.person_id), nominees, strict=True):
        assert mandate.seat.role == Seat.Role.COUNTRY_REPRESENTATIVE
        assert mandate.seat.country_id == nominee.member.country_id
        assert mandate.ends_on == date(2028, 10, 14)


def test_publishing_waits_for_open_rounds_and_needs_a_result() -> None:
    BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    vote = election(talliers=True)
    position = vote.positions.get()
    nominate(vote, accept=True)
    nominate(vote, accept=True)
    actor = committee_member()
    with pytest.raises(DomainError, match=r"election takes place on 15 October 2026"):
        results_publish(election=vote, actor=actor, today=date(2026, 10, 14))
    with pytest.raises(DomainError, match=r"^These positions are undecided: President"):
        results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)
    round_open(position=position, method=Round.Method.PAPER, actor=actor, now=NOW)
    with pytest.raises(DomainError, match=r"A round is still open"):
        results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)
    assert not Mandate.objects.exclude(person=actor.person).exists()


def test_seats_nobody_won_stay_vacant() -> None:
    BodyFactory(kind=BodyKind.MONITORING_AND_EVALUATION_GROUP)
    vote = election(kinds=(Position.Kind.MONITORING_GROUP,), talliers=True)  # three seats
    position = vote.positions.get()
    only = nominate(vote, kind=Position.Kind.MONITORING_GROUP, accept=True)
    actor = committee_member()
    _win(position, only, actor)
    with pytest.raises(DomainError, match=r"No accepted candidate stands"):
        round_open(position=position, method=Round.Method.PAPER, actor=actor, now=NOW)
    with pytest.raises(DomainError, match=r"undecided: .*2 seat\(s\) not filled") as error:
        results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)
    assert error.value.field == "unfilled"
    delegated = {position.pk: "delegated_to_board"}
    with pytest.raises(DomainError, match=r"delegated to the Executive Board") as error:
        results_publish(election=vote, actor=actor, today=GA_DAY, unfilled=delegated)
    assert "Procedures art. 15 C" in error.value.message
    vote.refresh_from_db()
    assert (
        vote.results_published_on is None
        and not Mandate.objects.filter(person=only.person).exists()
    )
    (mandate,) = results_publish(
        election=vote, actor=actor, today=GA_DAY, unfilled=delegated, confirmed=True
    )
    assert mandate.ends_on == date(2029, 10, 14)  # three years (art. 15 C)
    position.refresh_from_db()
    assert position.unfilled == "delegated_to_board"


def test_seats_left_with_enough_candidates_cannot_be_delegated_to_the_board() -> None:
    """Art. 15 C delegates the Monitoring Group's seats to the Board only when "there are not
    enough candidates": with three accepted candidates for three seats, one elected, the two
    seats left go to a by-election. (Publishing counted only the Bureau's candidacies, so any
    other position looked short of candidates and the delegation was let through.)"""
    BodyFactory(kind=BodyKind.MONITORING_AND_EVALUATION_GROUP)
    vote = election(kinds=(Position.Kind.MONITORING_GROUP,), talliers=True)  # three seats
    position = vote.positions.get()
    first, *_others = [
        nominate(vote, kind=Position.Kind.MONITORING_GROUP, accept=True) for _ in range(3)
    ]
    actor = committee_member()
    _win(position, first, actor)
    with pytest.raises(DomainError, match=r"the Procedures allow: .*by-election"):
        results_publish(
            election=vote,
            actor=actor,
            today=GA_DAY,
            unfilled={position.pk: "delegated_to_board"},
            confirmed=True,
        )
    results_publish(
        election=vote,
        actor=actor,
        today=GA_DAY,
        unfilled={position.pk: "by_election"},
        confirmed=True,
    )
    position.refresh_from_db()
    assert position.unfilled == "by_election"


def test_an_executive_board_seat_cannot_be_delegated_only_left_to_a_by_election() -> None:
    """Art. 15 C lets the Assembly delegate only the Monitoring Group's (and, read alike, the
    Election Committee's) seats; any seat may go to a by-election (art. 15.3)."""
    BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    vote = election(talliers=True)
    position = vote.positions.get()
    actor = committee_member()
    with pytest.raises(DomainError, match=r"^For President the Procedures allow"):
        results_publish(
            election=vote,
            actor=actor,
            today=GA_DAY,
            unfilled={position.pk: "delegated_to_board"},
            confirmed=True,
        )
    assert (
        results_publish(
            election=vote,
            actor=actor,
            today=GA_DAY,
            unfilled={position.pk: "by_election"},
            confirmed=True,
        )
        == []
    )
    position.refresh_from_db()
    assert position.unfilled == "by_election"


def test_the_published_results_page_reads_the_winners_mandates_with_their_rounds(
    django_assert_num_queries,
) -> None:  # type: ignore[no-untyped-def]
    BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    vote = election(talliers=True)
    president = vote.positions.get()
    winner = nominate(vote, accept=True)
    nominate(vote, accept=True)
    actor = committee_member()
    _win(president, winner, actor)
    (mandate,) = results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)
    client = Client()
    url = reverse("elections:results", args=[vote.pk])
    # election; positions; rounds with their winners' mandates; round candidates; accepted
    # candidacies: none per winner
    with django_assert_num_queries(5):
        page = client.get(url).content.decode()
    assert mandate.seat.body.display_name in page


def test_the_published_results_page_writes_the_lists_mandates_in_the_readers_language(
    django_assert_num_queries,
) -> None:  # type: ignore[no-untyped-def]
    """The Bureau's list and its mandates are read as rows, the sentence written once per
    nominee in Python (issue 16) as the template wrote it, in English and French."""
    BodyFactory(kind=BodyKind.BUREAU)
    vote = election(kinds=(Position.Kind.BUREAU,), talliers=True)
    position = vote.positions.get()
    for _ in range(2):
        nominate(vote, kind=Position.Kind.BUREAU, accept=True)
    actor = committee_member()
    bureau_ratify(position=position, ratified=True, note="Unanimous", actor=actor, today=GA_DAY)
    results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)
    url = reverse("elections:results", args=[vote.pk])
    client = Client()
    # election; positions; rounds; the winners and the list with their mandates, as rows
    with django_assert_num_queries(4):
        english = client.get(url).content.decode()
    french = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    sentence = "Bureau: Representative of a country, 15 October 2026 to 14 October 2028"
    assert english.count(f"{sentence} (consecutive term 1)\n</td>") == 2
    assert french.count("du 15 octobre 2026 au 14 octobre 2028 (mandat consécutif n° 1)") == 2


@pytest.mark.parametrize("by_election", [False, True])
def test_the_positions_labels_read_once_a_page_are_their_names(by_election: bool) -> None:
    from django.utils import translation

    from elections.selectors.rounds import PositionLabels

    vote = election(kinds=tuple(Position.Kind.values))
    for language in ("en", "fr"):
        with translation.override(language):
            labels = PositionLabels()
            for position in vote.positions.all():
                position.by_election = by_election
                assert labels(position) == str(position)
