"""An election's results: every position with its rounds and whom they elected (Procedures
arts. 15.7–15.8), each round loaded as fully as the asking page needs (:func:`election_results`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

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

from aer_portal.rules.elections import RoundResult
from elections.models import Candidacy, Election, Position, Round, RoundCandidate
from elections.selectors.rounds import (
    _CANDIDATE_NAME,
    CandidacyNames,
    CandidateLine,
    PositionLabels,
    counted_result,
)
from elections.selectors.winners import ListNominee, MandateWords, Winner, winners_and_nominees
from members.models import person_name


@dataclass
class RoundView:
    """A round with its candidates and, once closed, its result under art. 15.8."""

    round: Round
    #: Models, except on the results page (``"none"``): lines read as columns.
    candidates: list[RoundCandidate] | list[CandidateLine]
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
    #: Whom the round elected, as plain values (None while nobody is).
    winner: Winner | None = None

    @property
    def majority(self) -> int | None:
        """The fewest votes that elect (art. 15.8), from the counts summed in the database."""
        return None if self.votes_cast is None else self.votes_cast // 2 + 1

    @property
    def invalid(self) -> int:
        return self.round.invalid


@dataclass
class PositionResult:
    """A position with its rounds (closed rounds carry their counts) and whom it elected.

    ``elected`` and ``accepted`` hold candidacies only when every round is loaded (``"all"``:
    the election's page and publishing, which records their mandates); ``winners`` (whom the
    rounds elected) and ``nominees`` (the Bureau's accepted list) hold plain rows in every case.
    """

    position: Position
    rounds: list[RoundView]
    elected: list[Candidacy]
    open_round: Round | None
    accepted: list[Candidacy] = field(default_factory=list)
    accepted_count: int = 0
    label: str = ""  # the position's ``str``, once
    nominees: list[ListNominee] = field(default_factory=list)
    winners: list[Winner] = field(default_factory=list)

    @property
    def vacant_seats(self) -> int:
        if self.position.is_ratification:
            return 0
        return max(0, self.position.seats - len(self.winners))

    @property
    def last_round(self) -> Round | None:
        return self.rounds[-1].round if self.rounds else None


def _mandate_words(candidacy: Candidacy) -> str:
    """The mandate of a candidacy read with it (``mandate__seat__body``), in words."""
    mandate = candidacy.mandate
    if mandate is None:
        return ""
    return MandateWords()(
        body=mandate.seat.body.name,
        role=mandate.seat.role,
        starts_on=mandate.starts_on,
        ends_on=mandate.ends_on,
        term=mandate.consecutive_term,
    )


def _nominee(candidacy: Candidacy) -> ListNominee:
    """:class:`ListNominee` of a candidacy already read with its person, member, country and
    mandate (few: the election's page and publishing read the candidacies anyway)."""
    return ListNominee(
        name=str(candidacy.person),
        member=candidacy.member.name,
        member_id=candidacy.member_id,
        country=candidacy.member.country.name,
        role=candidacy.get_bureau_role_display(),
        mandate=_mandate_words(candidacy),
    )


def _winner(candidacy: Candidacy) -> Winner:
    """:class:`Winner` of a round's elected candidacy read with the round."""
    return Winner(
        candidacy.pk,
        str(candidacy.person),
        candidacy.member.name,
        candidacy.member_id,
        _mandate_words(candidacy),
    )


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
    (``accepted_count``, counted in the database for ``"all"`` only: publishing weighs
    it; the desk counts with its calendar, the other pages do not use it).

    ``in_full`` says which rounds come with every candidate (see :data:`IN_FULL_ALL` and the
    others): with ``"last"`` the earlier rounds of a position carry no candidate, nor its last
    one once it elected someone (the Committee then needs only whom); with
    ``"none"`` a closed round carries only its elected candidate and those standing in the next
    round, and its votes cast are summed in the database, so that a page of every position
    costs the same whatever the number of candidates. Open rounds and the rounds of
    ``position_pk`` always come in full (Procedures arts. 15.7–15.8), except with ``"rounds"``:
    no round carries a candidate (the open data read the counts as rows), and the winners
    and the Bureau's list come without their mandates, which the open data do not give.
    """
    candidates = RoundCandidate.objects.select_related(
        "candidacy__person", "candidacy__member"
    ).only(
        "round_id",
        "number",
        "votes",
        "advances",
        "candidacy_id",
        *_CANDIDATE_NAME,
    )
    # A position's rounds in their order: the model's ordering starts with the position's
    # order, a join the grouping by position (below) does not need.
    rounds = Round.objects.order_by("seat_number", "number")
    if in_full == IN_FULL_ALL:
        # Publishing records the winners' mandates: it needs their candidacies. The pages
        # read them as rows (winners_and_nominees).
        rounds = rounds.select_related(
            "elected__person", "elected__member", "elected__mandate__seat__body"
        )
    if in_full == IN_FULL_NONE:
        # A correlated sum per round: a SUM over the join would GROUP BY every column of the
        # round and its elected candidate, which grew with the candidates (8 ms at scale 5).
        votes = RoundCandidate.objects.filter(round=OuterRef("pk")).order_by().values("round")
        rounds = rounds.annotate(
            votes_cast=Subquery(votes.annotate(total=Sum("votes")).values("total"))
        )
    # Ordered as the model is within one election: its ordering starts with the election's,
    # which joined the election and its meeting.
    positions = election.positions.order_by("order", "pk")
    if in_full == IN_FULL_ALL:
        # Only publishing weighs the accepted nominations against the seats here (the desk
        # counts them with its calendar's, candidacy_counts); the subquery was a tenth of
        # the results page and of the open data.
        accepted_of = (
            Candidacy.objects.filter(position=OuterRef("pk"), status=Candidacy.Status.ACCEPTED)
            .order_by()
            .values("position")
        )
        positions = positions.annotate(
            accepted_count=Coalesce(Subquery(accepted_of.annotate(n=Count("pk")).values("n")), 0)
        )
    if in_full == IN_FULL_ALL:
        # Publishing records the ratified list's mandates: it needs the candidacies.
        positions = positions.prefetch_related(
            Prefetch(
                "candidacies",
                queryset=Candidacy.objects.filter(
                    status=Candidacy.Status.ACCEPTED, position__kind=Position.Kind.BUREAU
                )
                .select_related("person", "member__country", "mandate__seat__body")
                .order_by("person__last_name", "person__first_name"),
                to_attr="accepted",
            )
        )
    statuses = {value: str(label) for value, label in Round.Status.choices}
    methods = {value: str(label) for value, label in Round.Method.choices}
    labels = PositionLabels()
    positions_list = list(positions)
    # Each position's rounds, grouped here rather than prefetched: the prefetch's machinery
    # (filtering on the instances, caching a queryset per position) cost more than the query.
    rounds_of: dict[int, list[Round]] = {position.pk: [] for position in positions_list}
    if positions_list:
        by_pk = {position.pk: position for position in positions_list}
        for r in rounds.filter(position_id__in=list(by_pk)):
            r.position = by_pk[r.position_id]  # as the prefetch set it: its ``str`` names it
            rounds_of[r.position_id].append(r)
    winners: dict[int, Winner] = {}
    if in_full == IN_FULL_ALL:
        nominees = {p.pk: [_nominee(c) for c in getattr(p, "accepted", [])] for p in positions_list}
        for position in positions_list:
            for r in rounds_of[position.pk]:
                if r.elected is not None:
                    winners[r.elected.pk] = _winner(r.elected)
    elif positions_list:
        # Only the results page shows the winners' mandates: not the desk, nor the open data.
        winners, nominees = winners_and_nominees(
            election=election,
            mandates=in_full == IN_FULL_NONE,
            elected_ids=[
                r.elected_id
                for position in positions_list
                for r in rounds_of[position.pk]
                if r.elected_id is not None
            ],
        )
    else:
        nominees = {}
    # Which rounds come in full, decided on the rounds already read: the candidates' query
    # then filters on round ids rather than correlating each candidate with later rounds.
    fulls: dict[int, bool] = {}
    for position in positions_list:
        all_rounds = list(rounds_of[position.pk])
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
    lines: dict[int, list[CandidateLine]] = {}
    if in_full == IN_FULL_NONE and fulls:
        # As columns, grouped here: four models a candidate and the prefetch's machinery
        # were half of the results page's queries (issue 16). Nothing on the page needs a
        # round candidate's methods.
        full_ids = [pk for pk, full in fulls.items() if full]
        rows = (
            RoundCandidate.objects.filter(round_id__in=list(fulls))
            .filter(
                Q(round_id__in=full_ids) | Q(advances=True) | Q(candidacy_id=F("round__elected_id"))
            )
            .order_by("round_id", "number")
            .values_list(
                "round_id",
                "pk",
                "number",
                "votes",
                "advances",
                "candidacy_id",
                *_CANDIDATE_NAME,
            )
        )
        for row in rows:
            round_id, pk, number, counted, advances, candidacy_id = row[:6]
            first, last, anonymised_on, label, member = row[6:]
            lines.setdefault(round_id, []).append(
                CandidateLine(
                    pk,
                    number,
                    counted,
                    advances,
                    candidacy_id,
                    CandidacyNames(person_name(first, last, anonymised_on, label), member),
                )
            )
    elif in_full == IN_FULL_LAST:
        candidates = candidates.filter(round_id__in=[pk for pk, full in fulls.items() if full])
    # With "last" and no round in full (every position elected), no candidate is read: the
    # query would ask for none, yet building it cost a tenth of the desk.
    loaded = in_full in (IN_FULL_ALL, IN_FULL_LAST) and (
        in_full != IN_FULL_LAST or any(fulls.values())
    )
    if loaded and fulls:
        prefetch_related_objects(
            [r for position in positions_list for r in rounds_of[position.pk]],
            Prefetch("candidates", queryset=candidates.order_by("number")),
        )
    results = []
    for position in positions_list:
        views = []
        for r in rounds_of[position.pk]:
            full = fulls[r.pk]
            candidates_of: list[RoundCandidate] | list[CandidateLine] = (
                list(r.candidates.all()) if loaded else lines.get(r.pk, [])
            )
            views.append(
                RoundView(
                    round=r,
                    candidates=candidates_of,
                    result=None
                    if r.is_open or not full
                    else counted_result(candidates_of, blank=r.blank),
                    full=full,
                    votes_cast=getattr(r, "votes_cast", None),
                    status_label=statuses.get(r.status, r.status),
                    method_label=methods.get(r.method, r.method),
                    winner=None if r.elected_id is None else winners.get(r.elected_id),
                )
            )
        accepted = list(getattr(position, "accepted", []))
        if position.is_ratification:
            elected = accepted if position.ratified_on else []
        elif in_full == IN_FULL_ALL:
            elected = [v.round.elected for v in views if v.round.elected is not None]
        else:
            elected = []
        open_round = next((v.round for v in views if v.round.is_open), None)
        results.append(
            PositionResult(
                position,
                views,
                elected,
                open_round,
                accepted,
                getattr(position, "accepted_count", 0),
                label=labels(position),
                nominees=nominees.get(position.pk, []),
                winners=[v.winner for v in views if v.winner is not None],
            )
        )
    return results
