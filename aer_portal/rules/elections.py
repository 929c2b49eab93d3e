"""Elections: calendar, rounds, unfilled seats and the mailings (Procedures art. 15)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body, as_body
from aer_portal.rules.messages import Message

#: Procedures art. 15.7: "only the two candidates with the most number of votes can stand".
RUNOFF_CANDIDATES = 2


@dataclass(frozen=True)
class ElectionCalendar:
    """Days before an election (Procedures arts. 15.4–15.6); the Procedures' values as defaults."""

    members_informed_days: int = 42  # art. 15.4: "six weeks in advance"
    candidacies_days: int = 28  # art. 15.5: "at least four weeks before"
    portfolio_days: int = 14  # art. 15.6: "at least two weeks before"


#: The Procedures' election calendar, for callers that need a default from outside this module.
DEFAULT_ELECTION_CALENDAR = ElectionCalendar()


@dataclass(frozen=True)
class ElectionTimeline:
    """The last days (inclusive) to act before an election held on ``election_day``."""

    election_day: date
    members_informed: date
    candidacies_due: date
    portfolio_distributed: date


def election_timeline(
    election_day: date,
    *,
    calendar: ElectionCalendar = ElectionCalendar(),  # frozen, so sharing it is safe
) -> ElectionTimeline:
    """The deadlines before an election at the General Assembly.

    Procedures art. 15.4: members informed six weeks in advance; art. 15.5: application letter
    and CV at least four weeks before; art. 15.6: candidates' portfolio distributed at least two
    weeks before. Interpretation (DESIGN.md): six weeks is 42 days, four 28, two 14, and the day
    so computed is the last day that complies.
    """
    return ElectionTimeline(
        election_day=election_day,
        members_informed=election_day - timedelta(days=calendar.members_informed_days),
        candidacies_due=election_day - timedelta(days=calendar.candidacies_days),
        portfolio_distributed=election_day - timedelta(days=calendar.portfolio_days),
    )


@dataclass(frozen=True)
class RoundResult:
    """The result of one round of an election.

    ``elected`` is the winner or ``None``. When nobody is elected, ``runoff`` names the
    candidates sure of a place in the second round, most votes first; it holds two names unless
    a tie leaves places undecided, in which case ``tie_for_runoff`` names the candidates tied
    for the remaining place(s) and the Election Committee must choose among them.
    """

    votes_cast: int
    blank: int
    elected: str | None
    runoff: tuple[str, ...]
    tie_for_runoff: tuple[str, ...] = ()

    @property
    def majority(self) -> int:
        """The fewest votes that elect: more than half of the votes cast."""
        return self.votes_cast // 2 + 1

    @property
    def runoff_decided(self) -> bool:
        """Whether the second round's candidates are known without a further decision."""
        return self.elected is None and not self.tie_for_runoff


def round_result(votes: Mapping[str, int], *, blank: int = 0) -> RoundResult:
    """Who is elected in a round, or who stands in the second round.

    Procedures art. 15.8: elected by simple majority, "more than 50% of those present and
    voting"; art. 15.7: in a second round "only the two candidates with the most number of
    votes can stand". ``votes`` maps each candidate to their votes; ``blank`` (blank and void
    ballots) is recorded but not counted as cast (*interpretation*, as for abstentions in
    DESIGN.md: a blank ballot is present but not voting).

    A tie that leaves the second round's places undecided — three or more candidates level at the
    top, or level for second place — is not broken here: art. 15.7 allows only two candidates
    and the Procedures give no tie-break, so the tied candidates are returned in
    ``tie_for_runoff`` for the Election Committee (art. 15.1) to resolve, for example by lot.
    With fewer than two candidates, all of them are in ``runoff``.
    """
    if not votes:
        raise ValueError("votes: an election round needs at least one candidate")
    if blank < 0:
        raise ValueError(f"blank: a ballot count cannot be negative, got {blank}")
    for candidate, count in votes.items():
        if count < 0:
            raise ValueError(f"votes: {candidate!r} cannot have a negative count, got {count}")
    cast = sum(votes.values())
    ranked = sorted(votes.items(), key=lambda item: (-item[1], item[0]))
    leader, leader_votes = ranked[0]
    if 2 * leader_votes > cast:
        return RoundResult(votes_cast=cast, blank=blank, elected=leader, runoff=())
    if len(ranked) <= RUNOFF_CANDIDATES:
        return RoundResult(
            votes_cast=cast, blank=blank, elected=None, runoff=tuple(name for name, _ in ranked)
        )
    # The last place in the runoff goes to whoever has the second-highest count; everyone with
    # that count or more is in contention.
    threshold = ranked[RUNOFF_CANDIDATES - 1][1]
    above = tuple(name for name, count in ranked if count > threshold)
    level = tuple(name for name, count in ranked if count == threshold)
    if len(above) + len(level) == RUNOFF_CANDIDATES:
        return RoundResult(votes_cast=cast, blank=blank, elected=None, runoff=above + level)
    return RoundResult(
        votes_cast=cast, blank=blank, elected=None, runoff=above, tie_for_runoff=level
    )


class Unfilled(StrEnum):
    """What the General Assembly did with seats left unfilled at an election."""

    DELEGATED_TO_BOARD = "delegated_to_board"
    BY_ELECTION = "by_election"

    @property
    def label(self) -> str:
        """What happened, in English, marked for translation."""
        return _UNFILLED_LABELS[self]


_UNFILLED_LABELS: dict[Unfilled, str] = {
    Unfilled.DELEGATED_TO_BOARD: N_("filling the seats is delegated to the Executive Board"),
    Unfilled.BY_ELECTION: N_("postponed to a by-election"),
}

#: Bodies whose unfilled seats the General Assembly may leave to the Executive Board.
_DELEGABLE: dict[Body, str] = {
    Body.MONITORING_AND_EVALUATION_GROUP: "Procedures art. 15 C",
    Body.ELECTION_COMMITTEE: "Procedures art. 15 D",
}


def unfilled_seat_options(body: Body | str, *, enough_candidates: bool) -> dict[Unfilled, str]:
    """What may be recorded for a position whose seats were not all filled, with the article.

    Procedures art. 15 C: "If at a General Assembly there are not enough candidates for the
    necessary number of positions in the Monitoring and Evaluation Group, the General Assembly
    may delegate the decision on filling these positions to the Executive Board".
    Interpretation: the same applies to the Election Committee (art. 15 D, a committee of the
    same kind whose members the Assembly elects by the same procedure), and only when there
    were not enough candidates. Any position may be left to a by-election, held "between the
    mandatory periods" (art. 15.3).
    """
    options: dict[Unfilled, str] = {}
    body = as_body(body)
    if body in _DELEGABLE and not enough_candidates:
        options[Unfilled.DELEGATED_TO_BOARD] = _DELEGABLE[body]
    options[Unfilled.BY_ELECTION] = "Procedures art. 15.3"
    return options


class ElectionMailing(StrEnum):
    """The two mailings to all member regions before an election (Procedures arts. 15.4, 15.6)."""

    ANNOUNCEMENT = "announcement"
    PORTFOLIO = "portfolio"


_MAILING_RULES: dict[ElectionMailing, tuple[str, str, str]] = {
    ElectionMailing.ANNOUNCEMENT: (
        N_("announcement of the elections to the member regions"),
        "Procedures art. 15.4",
        "The member regions shall be informed six weeks in advance of the elections taking "
        "place at the General Assembly",
    ),
    ElectionMailing.PORTFOLIO: (
        N_("candidates' portfolio"),
        "Procedures art. 15.6",
        "The portfolio of the candidates will be distributed to all members at least two "
        "weeks before the election.",
    ),
}


def late_election_mailing_message(
    mailing: ElectionMailing | str,
    *,
    timeline: ElectionTimeline,
    today: date,
) -> Message | None:
    """What the Election Committee confirms before sending ``mailing`` late; ``None`` in time.

    Procedures art. 15.4 (members informed six weeks in advance) and art. 15.6 (portfolio at
    least two weeks before), read as in :func:`election_timeline`: sending on the last day is
    in time. The message names the mailing, the days late, the last day and quotes the article,
    as meetings do for their notice (``rules.notices.late_notice_message``).
    """
    mailing = ElectionMailing(mailing)
    deadline = (
        timeline.members_informed
        if mailing is ElectionMailing.ANNOUNCEMENT
        else timeline.portfolio_distributed
    )
    if today <= deadline:
        return None
    what, article, quote = _MAILING_RULES[mailing]
    return Message.of(
        N_(
            "The {what} goes out {days} day(s) late: the last day was {deadline}. {where}: "
            "“{quote}”"
        ),
        article=article,
        what=what,
        days=(today - deadline).days,
        deadline=deadline,
        where=article,
        quote=quote,
    )
