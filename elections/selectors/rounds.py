"""Rounds and results (Procedures arts. 15.7–15.8); voting itself is in selectors.voting."""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from aer_portal.rules.elections import RUNOFF_CANDIDATES, RoundResult, round_result
from elections.models import (
    Candidacy,
    Election,
    Position,
    Round,
    RoundCandidate,
)
from members.models import Person


def standing_candidacies(*, position: Position) -> list[Candidacy]:
    """Accepted candidacies for a position not yet elected to one of its seats (one query)."""
    return list(
        position.candidacies.filter(status=Candidacy.Status.ACCEPTED)
        .exclude(rounds_won__position=position)
        .select_related("person", "member")
        .order_by("person__last_name", "person__first_name", "pk")
    )


@dataclass
class RoundView:
    """A round with its candidates and, once closed, its result under art. 15.8."""

    round: Round
    candidates: list[RoundCandidate]
    result: RoundResult | None
    #: Whether ``candidates`` holds every candidate of the round with the result computed from
    #: them; otherwise only those elected or standing in the next round, and ``votes_cast``
    #: comes from the database.
    full: bool = True
    votes_cast: int | None = None
    #: The round's status and method in the reader's language, read once per page:
    #: ``get_FOO_display()`` rebuilds its choices on every call.
    status_label: str = ""
    method_label: str = ""

    @property
    def majority(self) -> int | None:
        """The fewest votes that elect (art. 15.8), from the counts summed in the database."""
        return None if self.votes_cast is None else self.votes_cast // 2 + 1

    @property
    def invalid(self) -> int:
        return self.round.invalid


@dataclass
class PositionResult:
    """A position with its rounds (closed rounds carry their counts) and whom it elected."""

    position: Position
    rounds: list[RoundView]
    elected: list[Candidacy]
    open_round: Round | None
    accepted: list[Candidacy] = field(default_factory=list)
    accepted_count: int = 0
    label: str = ""  # the position's ``str``, once
    #: The accepted candidacies with their Bureau role in the reader's language.
    accepted_roles: list[tuple[Candidacy, str]] = field(default_factory=list)

    @property
    def vacant_seats(self) -> int:
        if self.position.is_ratification:
            return 0
        return max(0, self.position.seats - len(self.elected))

    @property
    def last_round(self) -> Round | None:
        return self.rounds[-1].round if self.rounds else None


#: What :func:`election_results` loads of each round's candidates.
IN_FULL_ALL = "all"  # every round's candidates (the election's page, publishing the results)
#: the last round of each position in full unless it elected someone, the others not at all
IN_FULL_LAST = "last"  # (the desk: the Committee works on the open round or the undecided one)
IN_FULL_NONE = "none"  # per closed round, only who was elected or stands again (results)
#: no candidate of any round, nor their votes summed: the open data, which read every count as
#: rows (:func:`closed_round_counts`)
IN_FULL_ROUNDS = "rounds"


def election_results(
    *, election: Election, in_full: str = IN_FULL_ALL, position_pk: int | None = None
) -> list[PositionResult]:
    """Every position with its rounds and candidates, in four queries (three with
    ``"rounds"``).

    The counts of a round are stored only when it closes, so an open round shows none. The
    accepted candidacies are fetched for the Bureau's list only (art. 15 B: the pages list
    them, and the open data name them once ratified); the other positions carry their number
    (``accepted_count``, counted in the database), which is all their pages use.

    ``in_full`` says which rounds come with every candidate (see :data:`IN_FULL_ALL` and the
    others): with ``"last"`` the earlier rounds of a position carry no candidate, nor its last
    one once it elected someone (the Committee then needs only whom); with
    ``"none"`` a closed round carries only its elected candidate and those standing in the next
    round, and its votes cast are summed in the database, so that a page of every position
    costs the same whatever the number of candidates. Open rounds and the rounds of
    ``position_pk`` always come in full (Procedures arts. 15.7–15.8), except with ``"rounds"``:
    no round carries a candidate (the open data read the counts as rows).
    """
    candidates = RoundCandidate.objects.select_related(
        "candidacy__person", "candidacy__member"
    ).only(
        "round_id",
        "number",
        "votes",
        "advances",
        "candidacy_id",
        "candidacy__person__first_name",
        "candidacy__person__last_name",
        "candidacy__person__anonymised_on",
        "candidacy__person__record_label",
        "candidacy__member__name",
    )
    # A position's rounds in their order: the model's ordering starts with the position's
    # order, a join the prefetch (grouped by position) does not need.
    rounds = Round.objects.select_related("elected__person", "elected__member").order_by(
        "seat_number", "number"
    )
    if in_full == IN_FULL_NONE:
        # The results page shows each winner's mandate (three queries per winner otherwise,
        # once the results are published).
        rounds = rounds.select_related("elected__mandate__seat__body")
        # A correlated sum per round: a SUM over the join would GROUP BY every column of the
        # round and its elected candidate, which grew with the candidates (8 ms at scale 5).
        votes = RoundCandidate.objects.filter(round=OuterRef("pk")).order_by().values("round")
        rounds = rounds.annotate(
            votes_cast=Subquery(votes.annotate(total=Sum("votes")).values("total"))
        )
    accepted_of = (
        Candidacy.objects.filter(position=OuterRef("pk"), status=Candidacy.Status.ACCEPTED)
        .order_by()
        .values("position")
    )
    # Ordered as the model is within one election: its ordering starts with the election's,
    # which joined the election and its meeting.
    positions = (
        election.positions.annotate(
            accepted_count=Coalesce(Subquery(accepted_of.annotate(n=Count("pk")).values("n")), 0)
        )
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("rounds", queryset=rounds),
            Prefetch(
                "candidacies",
                queryset=Candidacy.objects.filter(
                    status=Candidacy.Status.ACCEPTED, position__kind=Position.Kind.BUREAU
                )
                .select_related("person", "member__country", "mandate__seat__body")
                .order_by("person__last_name", "person__first_name"),
                to_attr="accepted",
            ),
        )
    )
    statuses = {value: str(label) for value, label in Round.Status.choices}
    methods = {value: str(label) for value, label in Round.Method.choices}
    bureau_roles = {value: str(label) for value, label in Candidacy.BureauRole.choices}
    positions_list = list(positions)
    # Which rounds come in full, decided on the rounds already read: the candidates' query
    # then filters on round ids rather than correlating each candidate with later rounds.
    fulls: dict[int, bool] = {}
    for position in positions_list:
        all_rounds = list(position.rounds.all())
        for index, r in enumerate(all_rounds):
            fulls[r.pk] = in_full != IN_FULL_ROUNDS and (
                in_full == IN_FULL_ALL
                or r.is_open
                or position.pk == position_pk
                or (
                    in_full == IN_FULL_LAST
                    and index == len(all_rounds) - 1
                    and r.elected_id is None
                )
            )
    if in_full == IN_FULL_NONE:
        full_ids = [pk for pk, full in fulls.items() if full]
        candidates = candidates.filter(
            Q(round_id__in=full_ids) | Q(advances=True) | Q(candidacy_id=F("round__elected_id"))
        )
    elif in_full == IN_FULL_LAST:
        candidates = candidates.filter(round_id__in=[pk for pk, full in fulls.items() if full])
    if in_full != IN_FULL_ROUNDS and fulls:
        prefetch_related_objects(
            [r for position in positions_list for r in position.rounds.all()],
            Prefetch("candidates", queryset=candidates.order_by("number")),
        )
    results = []
    for position in positions_list:
        views = []
        for r in position.rounds.all():
            loaded = in_full != IN_FULL_ROUNDS
            full = fulls[r.pk]
            views.append(
                RoundView(
                    round=r,
                    candidates=list(r.candidates.all()) if loaded else [],
                    result=None if r.is_open or not full else stored_result(r),
                    full=full,
                    votes_cast=getattr(r, "votes_cast", None),
                    status_label=statuses.get(r.status, r.status),
                    method_label=methods.get(r.method, r.method),
                )
            )
        accepted = list(position.accepted)
        if position.is_ratification:
            elected = accepted if position.ratified_on else []
        else:
            elected = [v.round.elected for v in views if v.round.elected is not None]
        open_round = next((v.round for v in views if v.round.is_open), None)
        results.append(
            PositionResult(
                position,
                views,
                elected,
                open_round,
                accepted,
                position.accepted_count,
                label=str(position),
                accepted_roles=[
                    (c, bureau_roles.get(c.bureau_role, c.bureau_role)) for c in accepted
                ],
            )
        )
    return results


def closed_round_counts(*, election: Election) -> dict[int, list[dict[str, object]]]:
    """Each closed round's candidates with their votes, by round, as rows (one query).

    For the open data (Procedures art. 15.8: the counts of every round are public once it
    closed): read as columns rather than a round candidate, a candidacy, a person and a member
    per row, which made the answer grow four model instances per candidate. The name is the
    person's ``str``, anonymised people keep their record label.
    """
    rows = (
        RoundCandidate.objects.filter(round__position__election=election)
        .exclude(round__status=Round.Status.OPEN)
        .order_by("round_id", "number")
        .values_list(
            "round_id",
            "votes",
            "candidacy__person__first_name",
            "candidacy__person__last_name",
            "candidacy__person__anonymised_on",
            "candidacy__person__record_label",
            "candidacy__member__name",
        )
    )
    counts: dict[int, list[dict[str, object]]] = {}
    for round_id, votes, first, last, anonymised_on, label, member in rows:
        # Person.__str__ (the name rule, anonymised people included) on the four columns it
        # reads: building a Person per row was a third of the answer's time.
        person = SimpleNamespace(
            first_name=first, last_name=last, anonymised_on=anonymised_on, record_label=label
        )
        name = Person.__str__(person)  # type: ignore[arg-type]
        counts.setdefault(round_id, []).append({"name": name, "member": member, "votes": votes})
    return counts


def stored_result(round: Round) -> RoundResult:
    """The result of a closed round from its stored counts (uses prefetched candidates)."""
    return round_result(
        {str(c.pk): c.votes or 0 for c in round.candidates.all()}, blank=round.blank
    )


def pending_tie(round: Round) -> list[RoundCandidate]:
    """The tied candidates of a closed round whose second round the Committee must still choose."""
    if round.is_open or round.elected_id is not None:
        return []
    candidates = list(round.candidates.all())
    if sum(c.advances for c in candidates) >= min(RUNOFF_CANDIDATES, len(candidates)):
        return []
    tied = set(stored_result(round).tie_for_runoff)
    return [c for c in candidates if str(c.pk) in tied]
