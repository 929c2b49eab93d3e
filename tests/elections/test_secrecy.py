"""The secret ballot keeps who voted and what was voted apart, with nothing that links them.

DESIGN.md (security model) and Procedures art. 15.9. These tests read the schema itself, so
a field added later that would lead from a ballot to a person fails them.
"""

from __future__ import annotations

import threading
from unittest import mock

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import OperationalError, close_old_connections, connection, models
from simple_history.models import registered_models

from aer_portal.errors import DomainError
from elections.models import Ballot, BallotBox, Round, RoundVoter, SealedBallot
from elections.selectors.voting import VotingRight
from elections.services.rounds import ballot_cast, round_close, round_open
from members.models import Person, User
from tests.elections.factories import GA_DAY, at, committee_member, election, nominate, voter
from tests.locking import held_open, lock_timeout


def forward_closure(model: type[models.Model]) -> set[type[models.Model]]:
    """Every model reachable from ``model`` by following the relations its rows hold."""
    seen: set[type[models.Model]] = set()
    stack = [model]
    while stack:
        current = stack.pop()
        for field in current._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is None:
                continue  # a plain column, or another model's relation to this one
            target = field.related_model
            if target not in seen:
                seen.add(target)  # type: ignore[arg-type]
                stack.append(target)  # type: ignore[arg-type]
    return seen


def test_no_path_leads_from_a_ballot_to_a_person_or_an_account() -> None:
    reachable = forward_closure(Ballot)
    assert Person not in reachable and User not in reachable
    assert RoundVoter not in reachable
    # A ballot leads to its ballot box and no further: the box has no relation of its own.
    assert reachable == {BallotBox}
    assert forward_closure(BallotBox) == set()


def test_the_voters_and_the_ballots_meet_only_in_the_round() -> None:
    """Going backwards too, the only way from a ballot to a voter is through the round (its
    ballot box), which every ballot and every voter of that round share: it tells nobody's vote.
    """
    assert forward_closure(RoundVoter) >= {Person, Round}
    assert BallotBox not in {f.related_model for f in RoundVoter._meta.get_fields()}
    reverse_of_box = {f.related_model for f in BallotBox._meta.get_fields() if f.auto_created}
    assert reverse_of_box == {Round, Ballot, SealedBallot}
    assert forward_closure(SealedBallot) == {BallotBox}


def test_nothing_points_to_a_ballot_and_a_ballot_points_only_to_its_round() -> None:
    relations = [f for f in Ballot._meta.get_fields() if f.is_relation]
    assert [(f.name, f.related_model) for f in relations] == [("box", BallotBox)]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and not field.auto_created:
                assert field.related_model is not Ballot, f"{model._meta.label}.{field.name}"


def test_a_ballot_has_no_time_and_no_sequential_key() -> None:
    assert isinstance(Ballot._meta.pk, models.UUIDField)
    assert {f.name for f in Ballot._meta.concrete_fields} == {"id", "box", "choice", "receipt_hash"}
    for field in Ballot._meta.concrete_fields:
        assert not isinstance(field, models.DateField | models.TimeField | models.AutoField)
    assert not Ballot._meta.ordering


def test_who_voted_holds_neither_the_ballot_nor_the_time() -> None:
    assert isinstance(RoundVoter._meta.pk, models.UUIDField)
    assert {f.name for f in RoundVoter._meta.concrete_fields} == {"id", "round", "member", "person"}
    for field in RoundVoter._meta.concrete_fields:
        assert not isinstance(field, models.DateField | models.TimeField | models.AutoField)


def test_neither_table_is_in_the_audit_history_or_the_admin() -> None:
    historical = {
        m._meta.label for m in apps.get_models() if m._meta.object_name.startswith("Historical")
    }
    assert "elections.HistoricalBallot" not in historical
    assert "elections.HistoricalRoundVoter" not in historical
    assert "elections.HistoricalBallotBox" not in historical
    assert (
        "elections.HistoricalRound" in historical and "elections.HistoricalCandidacy" in historical
    )
    assert Ballot not in registered_models.values() and RoundVoter not in registered_models.values()
    assert Ballot not in admin.site._registry and RoundVoter not in admin.site._registry


# --- Concurrent votes (PostgreSQL: SQLite serialises every write) ---------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL row locks"
)


def _ready_round():  # type: ignore[no-untyped-def]
    vote = election(online=True, talliers=True)
    for _ in range(2):
        nominate(vote, accept=True)
    return round_open(
        position=vote.positions.get(),
        method=Round.Method.ONLINE,
        actor=committee_member(),
        now=at(GA_DAY, 11),
    )


def _race(round_: Round, users: list[User]) -> tuple[int, list[str]]:
    barrier = threading.Barrier(len(users))
    successes: list[str] = []
    refusals: list[str] = []

    def cast(user: User) -> None:
        try:
            barrier.wait()
            successes.append(ballot_cast(round=round_, voter=user, choice=1, now=at(GA_DAY, 11)))
        except DomainError as error:
            refusals.append(error.message)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=cast, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(successes), refusals


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@postgres_only
def test_eight_simultaneous_ballots_from_one_voter_count_once() -> None:
    round_ = _ready_round()
    user = voter()
    successes, refusals = _race(round_, [user] * 8)
    assert successes == 1 and len(refusals) == 7
    assert all("already voted" in message for message in refusals)
    assert SealedBallot.objects.count() == 1 and RoundVoter.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@postgres_only
def test_voters_do_not_wait_for_one_another_but_the_close_waits_for_a_vote() -> None:
    """A General Assembly votes at once (issue 19): a vote still being written does not hold
    the next voter back (the round was locked for update by every vote: they queued), but it
    holds the close back, so no ballot arrives after the count."""
    round_ = _ready_round()
    first, second = voter(), voter()
    with held_open(
        lambda: ballot_cast(round=round_, voter=first, choice=1, now=at(GA_DAY, 11))
    ) as outcome:
        assert isinstance(outcome[0], str)  # the receipt code
        with lock_timeout(3):
            assert ballot_cast(round=round_, voter=second, choice=2, now=at(GA_DAY, 11))
        with lock_timeout(0.5), pytest.raises(OperationalError):
            round_close(round=round_, actor=committee_member(), now=at(GA_DAY, 12))
    result = round_close(round=round_, actor=committee_member(), now=at(GA_DAY, 12))
    assert Ballot.objects.filter(box_id=round_.ballot_box_id).count() == 2
    assert result.votes_cast == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@postgres_only
def test_the_database_alone_refuses_a_second_vote_of_a_member() -> None:
    """With the service's own check switched off, the unique constraints still hold."""
    round_ = _ready_round()
    first = voter()
    colleague = voter(member=first.person.member)

    from elections.selectors.voting import voting_right as real

    def never_voted(**kwargs):  # type: ignore[no-untyped-def]
        right = real(**kwargs)
        return VotingRight(right.member, right.person, right.reasons, already_voted=False)

    with (
        mock.patch("elections.services.rounds.voting_right", never_voted),
        mock.patch("elections.services.rounds.share_row", lambda model, pk: None),
    ):
        successes, refusals = _race(round_, [first, colleague, first, colleague])
    assert successes == 1 and len(refusals) == 3
    assert SealedBallot.objects.count() == 1 and RoundVoter.objects.count() == 1
