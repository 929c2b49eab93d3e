"""The Election Committee and the secretariat run the elections (Procedures art. 15.1): every
desk service refuses a member's officer or a Board member before it reads anything."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from aer_portal.errors import Refused
from elections.models import Candidacy, Election, Position, Round
from elections.services.announcement import election_announce
from elections.services.candidacies import candidacy_review
from elections.services.portfolio import portfolio_generate, portfolio_request
from elections.services.results import bureau_ratify, results_publish
from elections.services.rounds import (
    round_close,
    round_open,
    round_record_counts,
    round_tie_resolve,
    talliers_record,
)
from members.models import User
from tests.elections.factories import full_member, officer
from tests.factories import board_member

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 25)
NOW = timezone.make_aware(datetime(2026, 9, 25, 10))

CALLS: dict[str, Callable[[User], Any]] = {
    "talliers_record": lambda u: talliers_record(
        election=Election(), tallier_one="A", tallier_two="B", actor=u, now=NOW
    ),
    "round_open": lambda u: round_open(position=Position(), method="paper", actor=u, now=NOW),
    "round_close": lambda u: round_close(round=Round(), actor=u, now=NOW),
    "round_record_counts": lambda u: round_record_counts(
        round=Round(), votes={}, blank=0, invalid=0, actor=u, now=NOW
    ),
    "round_tie_resolve": lambda u: round_tie_resolve(
        round=Round(), advancing=[], decision="Drawn by lot", actor=u, now=NOW
    ),
    "bureau_ratify": lambda u: bureau_ratify(
        position=Position(), ratified=True, note="", actor=u, today=TODAY
    ),
    "results_publish": lambda u: results_publish(election=Election(), actor=u, today=TODAY),
    "election_announce": lambda u: election_announce(election=Election(), actor=u, today=TODAY),
    "portfolio_generate": lambda u: portfolio_generate(election_id=0, now=NOW, actor=u),
    "portfolio_request": lambda u: portfolio_request(election=Election(), actor=u, today=TODAY),
    "candidacy_review": lambda u: candidacy_review(
        candidacy=Candidacy(), actor=u, accept=True, reason="", today=TODAY
    ),
}

PEOPLE: dict[str, Callable[[], User]] = {
    "officer": lambda: officer(full_member()),
    "board member": board_member,
}


@pytest.mark.parametrize("who", sorted(PEOPLE))
@pytest.mark.parametrize("service", sorted(CALLS))
def test_only_the_committee_and_the_secretariat_run_the_election(service: str, who: str) -> None:
    with pytest.raises(Refused, match="Election Committee"):
        CALLS[service](PEOPLE[who]())


@pytest.mark.parametrize("service", sorted(CALLS))
def test_the_refusal_costs_one_query_for_the_offices(service: str) -> None:
    """members.access answers from the account's offices, read once (office_roles); the
    service's transaction savepoints aside."""
    person = board_member()
    with CaptureQueriesContext(connection) as queries, pytest.raises(Refused):
        CALLS[service](person)
    reads = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(reads) == 1 and "governance_mandate" in reads[0]
