"""Rounds (Procedures arts. 15.7–15.8): who stands, each position's open round, and a closed
round's counts, result and tie.

Voting itself is in selectors.voting; every position's rounds with whom they elected, as the
pages show them, in selectors.results.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext

from aer_portal.prepared import prepared_rows
from aer_portal.rules.elections import RUNOFF_CANDIDATES, RoundResult, round_result
from elections.models import Candidacy, Election, Position, Round, RoundCandidate
from members.models import person_name, person_name_columns

#: What a candidate's line names, read beside its counts: the person (as the record shows
#: them, anonymised or not) and the member region.
_CANDIDATE_NAME = (
    *person_name_columns("candidacy__person"),
    "candidacy__member__name",
)


def standing_candidacies(*, position: Position) -> list[Candidacy]:
    """Accepted candidacies for a position not yet elected to one of its seats (one query)."""
    return list(
        position.candidacies.filter(status=Candidacy.Status.ACCEPTED)
        .exclude(rounds_won__position=position)
        .select_related("person", "member")
        .order_by("person__last_name", "person__first_name", "pk")
    )


@dataclass(frozen=True)
class CandidacyNames:
    """A round candidate's candidacy as the results page writes it: the person's and the
    member's names (their ``str``), where a candidacy model would be."""

    person: str
    member: str


@dataclass(frozen=True)
class CandidateLine:
    """A round's candidate read as columns, for the results page: the attributes of a
    :class:`RoundCandidate` that the page and :func:`round_result` read, with
    ``candidacy.person`` and ``candidacy.member`` as names."""

    pk: int
    number: int
    votes: int | None
    advances: bool
    candidacy_id: int
    candidacy: CandidacyNames


class PositionLabels:
    """``str(position)`` with the kinds' labels translated once per page: the model's
    ``get_kind_display()`` rebuilds its choices at each call."""

    def __init__(self) -> None:
        self.kinds = {value: str(label) for value, label in Position.Kind.choices}

    def __call__(self, position: Position) -> str:
        return self.of(position.kind, by_election=position.by_election)

    def of(self, kind: str, *, by_election: bool) -> str:
        """The label of a position read as columns."""
        label = self.kinds.get(kind, kind)
        if by_election:
            label = gettext("%(position)s (by-election)") % {"position": label}
        return label


@dataclass(frozen=True)
class PositionLine:
    """A position as the election's page lists it: its label and the round open now, if any."""

    position: Position
    label: str
    open_round: Round | None


def election_positions(*, election: Election) -> list[PositionLine]:
    """The election's positions in their order, each with its open round (two queries).

    The election's page shows no candidate, count or winner: reading them with
    :func:`election_results` was half of the page (issue 16).
    """
    positions = list(election.positions.order_by("order", "pk"))
    by_pk = {position.pk: position for position in positions}
    open_rounds: dict[int, Round] = {}
    rounds = Round.objects.filter(position__in=positions, status=Round.Status.OPEN).order_by(
        "seat_number", "number"
    )
    for round_ in rounds:
        round_.position = by_pk[round_.position_id]  # its ``str`` names the position
        open_rounds.setdefault(round_.position_id, round_)
    labels = PositionLabels()
    return [
        PositionLine(position, labels(position), open_rounds.get(position.pk))
        for position in positions
    ]


def _closed_round_columns(
    election_id: int, closed: tuple[int, ...] | None
) -> QuerySet[RoundCandidate, tuple[Any, ...]]:
    if closed is None:
        candidates = RoundCandidate.objects.filter(
            round__position__election_id=election_id
        ).exclude(round__status=Round.Status.OPEN)
    else:
        # By the rounds' ids: joining every candidate to its round and position to find the
        # election's closed rounds was a third of the query at scale 5 (issue 16).
        candidates = RoundCandidate.objects.filter(round_id__in=closed)
    return candidates.order_by("round_id", "number").values_list(
        "round_id",
        "votes",
        *_CANDIDATE_NAME,
    )


def closed_round_counts(
    *, election: Election, closed_round_ids: list[int] | None = None
) -> dict[int, list[dict[str, object]]]:
    """Each closed round's candidates with their votes, by round, as rows (one query).

    For the open data (Procedures art. 15.8: the counts of every round are public once it
    closed): read as columns rather than a round candidate, a candidacy, a person and a member
    per row, which made the answer grow four model instances per candidate. The name is the
    person's ``str``, anonymised people keep their record label. ``closed_round_ids`` are the
    election's closed rounds when the caller read them already.
    """
    closed = None if closed_round_ids is None else tuple(sorted(closed_round_ids))
    rows = prepared_rows(_closed_round_columns, election.pk, closed)
    counts: dict[int, list[dict[str, object]]] = {}
    names: dict[tuple[str, str, date | None, str], str] = {}  # a candidate stands in rounds
    for round_id, votes, first, last, anonymised_on, label, member in rows:
        # Building a Person per row was a third of the answer's time.
        key = (first, last, anonymised_on, label)
        name = names.get(key)
        if name is None:
            name = names[key] = person_name(*key)
        counts.setdefault(round_id, []).append({"name": name, "member": member, "votes": votes})
    return counts


def stored_result(round: Round) -> RoundResult:
    """The result of a closed round from its stored counts (uses prefetched candidates)."""
    return counted_result(list(round.candidates.all()), blank=round.blank)


def counted_result(
    candidates: list[RoundCandidate] | list[CandidateLine], *, blank: int
) -> RoundResult:
    """The result of a closed round from its candidates' stored counts, models or lines."""
    return round_result({str(c.pk): c.votes or 0 for c in candidates}, blank=blank)


def pending_tie(round: Round) -> list[RoundCandidate]:
    """The tied candidates of a closed round whose second round the Committee must still choose."""
    if round.is_open or round.elected_id is not None:
        return []
    candidates = list(round.candidates.all())
    if sum(c.advances for c in candidates) >= min(RUNOFF_CANDIDATES, len(candidates)):
        return []
    tied = set(stored_result(round).tie_for_runoff)
    return [c for c in candidates if str(c.pk) in tied]
