"""Votes in AER bodies (Procedures art. 14) and voting rights in the Bureau (art. 5.5)."""

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from aer_portal.rules import N_
from aer_portal.rules.messages import Message

#: Procedures art. 5.5: "Each country will be granted two votes."
BUREAU_VOTES_PER_COUNTRY = 2
#: Procedures art. 5.5.2: representatives of office regions "will each have one vote".
BUREAU_VOTES_PER_OFFICE_REGION = 1
#: Procedures art. 15 B: "two representatives per State represented within the AER".
BUREAU_REPRESENTATIVES_PER_STATE = 2


class Outcome(StrEnum):
    """The outcome of a vote."""

    ADOPTED = "adopted"
    REJECTED = "rejected"
    TIED = "tied"

    @property
    def label(self) -> str:
        """The outcome in English, marked for translation."""
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.ADOPTED: N_("adopted"),
    Outcome.REJECTED: N_("rejected"),
    Outcome.TIED: N_("tied"),
}


def simple_majority(
    *, yes: int, no: int, abstain: int = 0, casting_vote: bool | None = None
) -> Outcome:
    """The outcome of a vote by simple majority: :func:`decide_vote`'s outcome, nothing else.

    Procedures art. 14. ``casting_vote`` ``True`` is the President's vote for, ``False``
    against; on a tie without one the outcome is ``TIED`` (not decided). A casting vote
    without a tie and negative counts raise :class:`VoteCountError` (a ``ValueError``).
    """
    casting = None
    if casting_vote is not None:
        casting = CastingVote.FOR if casting_vote else CastingVote.AGAINST
    return decide_vote(yes=yes, no=no, abstain=abstain, casting_vote=casting).outcome


class CastingVote(StrEnum):
    """What the President of the body did with the casting vote on a tie (Procedures art. 14)."""

    FOR = "for"
    AGAINST = "against"
    DECLINED = "declined"

    @property
    def label(self) -> str:
        """The casting vote in English, marked for translation."""
        return _CASTING_LABELS[self]


_CASTING_LABELS: dict[CastingVote, str] = {
    CastingVote.FOR: N_("casting vote of the President: for"),
    CastingVote.AGAINST: N_("casting vote of the President: against"),
    CastingVote.DECLINED: N_("the President declined to use the casting vote: the motion fails"),
}


class VoteLimit(StrEnum):
    """Who can cast the votes being counted: the ceiling of a count (Procedures art. 14)."""

    ATTENDANCE = "attendance"
    BOARD = "board"

    @property
    def label(self) -> str:
        """Who votes, in English, marked for translation."""
        return _LIMIT_LABELS[self]


_LIMIT_LABELS: dict[VoteLimit, str] = {
    VoteLimit.ATTENDANCE: N_("those present with a vote (attendance)"),
    VoteLimit.BOARD: N_("the members of the Executive Board"),
}

_ART_14 = "Procedures art. 14"


class VoteCountError(ValueError):
    """A count or casting vote the rules refuse; ``part`` says which.

    ``part`` is ``"yes"``, ``"no"``, ``"abstain"`` (that count), ``"total"`` (all counts
    together) or ``"casting_vote"``; each recorder maps it to its own field name.
    """

    def __init__(self, part: str, message: Message) -> None:
        super().__init__(f"{part}: {message}")
        self.part = part
        self.message = message


@dataclass(frozen=True)
class VoteDecision:
    """What a vote decided, or that it is not decided yet (a tie awaiting the casting vote)."""

    outcome: Outcome
    casting_vote: CastingVote | None
    reason: Message

    @property
    def final(self) -> bool:
        """Whether the vote is decided; a tie is not until the President casts or declines."""
        return self.outcome is not Outcome.TIED

    @property
    def adopted(self) -> bool:
        """Whether the motion is adopted (never while the vote is undecided)."""
        return self.outcome is Outcome.ADOPTED


def decide_vote(
    *,
    yes: int,
    no: int,
    abstain: int = 0,
    casting_vote: CastingVote | str | None = None,
    votes_available: int | None = None,
    limit: VoteLimit = VoteLimit.ATTENDANCE,
) -> VoteDecision:
    """The one reading of a vote in any AER body: counts, majority and casting vote.

    Procedures art. 14: "simple majority, defined as more than 50% of those present and voting
    […] In the event of a tied vote, the President of the body in question has the casting
    vote." Interpretation (DESIGN.md): abstentions are present but not voting, so the motion
    is adopted when the yes votes outnumber the no votes.

    - A tie (also 0 to 0) is **not decided** until the President of the body casts the vote
      (``FOR`` adopts, ``AGAINST`` rejects) or the record says the President declined
      (``DECLINED``): then the motion fails, since it does not have more than half of the
      votes. Without either the decision is ``TIED`` and ``final`` is ``False``: recorders
      must not save it as a decision.
    - A casting vote without a tie is refused: the President has it only "in the event of a
      tied vote", and a recorder must not silently drop or apply it.
    - ``votes_available`` (``None``: unknown) is how many votes ``limit`` can cast: the counts
      together may not exceed it, and with none available nothing can be counted.

    Refusals raise :class:`VoteCountError` naming the count at fault.
    """
    for part, count in (("yes", yes), ("no", no), ("abstain", abstain)):
        if count < 0:
            raise VoteCountError(
                part, Message.of(N_("A number of votes cannot be negative."), article=_ART_14)
            )
    if votes_available is not None:
        if votes_available <= 0:
            raise VoteCountError(
                "total",
                Message.of(
                    N_(
                        "Nobody with a vote is recorded: record who is present first; votes "
                        "are counted among those present."
                    ),
                    article=_ART_14,
                ),
            )
        if yes + no + abstain > votes_available:
            raise VoteCountError(
                "total",
                Message.of(
                    N_("{cast} votes are more than the {available} votes of {who}."),
                    article=_ART_14,
                    cast=yes + no + abstain,
                    available=votes_available,
                    who=limit,
                ),
            )
    casting = CastingVote(casting_vote) if casting_vote else None
    tied = yes == no
    if casting is not None and not tied:
        raise VoteCountError(
            "casting_vote",
            Message.of(
                N_(
                    "The President's casting vote decides only a tied vote; these votes are not "
                    "tied ({yes} to {no})."
                ),
                article=_ART_14,
                yes=yes,
                no=no,
            ),
        )
    if not tied:
        outcome = Outcome.ADOPTED if yes > no else Outcome.REJECTED
        return VoteDecision(
            outcome,
            None,
            Message.of(
                N_("{yes} for, {no} against: decided by simple majority."),
                article=_ART_14,
                yes=yes,
                no=no,
            ),
        )
    if casting is None:
        return VoteDecision(
            Outcome.TIED,
            None,
            Message.of(
                N_(
                    "The votes are tied ({yes} to {no}): not decided until the President of "
                    "the body casts the casting vote, or the record says the President declined "
                    "and the motion fails."
                ),
                article=_ART_14,
                yes=yes,
                no=no,
            ),
        )
    outcome = Outcome.ADOPTED if casting is CastingVote.FOR else Outcome.REJECTED
    return VoteDecision(
        outcome,
        casting,
        Message.of(
            N_("Tied {yes} to {no}; {casting}."), article=_ART_14, yes=yes, no=no, casting=casting
        ),
    )


@dataclass(frozen=True)
class BureauRepresentative:
    """A person seated in the Bureau, as far as voting rights go (Procedures art. 5.4–5.5.2).

    ``country`` is the State whose delegation the person sits in (e.g. ``"RO"``);
    ``office_region`` says the person represents a region where AER has an office (Strasbourg,
    Brussels, Alba Iulia).
    """

    person_id: Hashable
    country: str
    present: bool = True
    substitute: bool = False
    office_region: bool = False


@dataclass(frozen=True)
class BureauVote:
    """How many votes one representative casts, and why."""

    person_id: Hashable
    country: str
    votes: int
    reason: Message


@dataclass(frozen=True)
class BureauVoteAllocation:
    """The votes of everyone seated at one Bureau vote."""

    votes: tuple[BureauVote, ...]

    @property
    def total(self) -> int:
        """All votes that can be cast."""
        return sum(vote.votes for vote in self.votes)

    def votes_of(self, person_id: Hashable) -> int:
        """The votes ``person_id`` casts; ``KeyError`` if the person is not seated."""
        for vote in self.votes:
            if vote.person_id == person_id:
                return vote.votes
        raise KeyError(person_id)

    def country_votes(self, country: str) -> int:
        """The votes cast by ``country``'s delegation, office regions included."""
        return sum(vote.votes for vote in self.votes if vote.country == country)


_ART_55 = "Procedures art. 5.5"
_ART_551 = "Procedures art. 5.5.1"
_ART_552 = "Procedures art. 5.5.2"


def bureau_votes(
    representatives: Iterable[BureauRepresentative],
    *,
    lone_representative_casts_both: bool = True,
) -> BureauVoteAllocation:
    """Who casts how many votes at a Bureau vote.

    Procedures art. 5.5: each country is granted two votes; art. 5.5.1: substitutes present sit
    in their delegation without the right to vote; art. 5.5.2: representatives of the regions
    where AER has an office each have one vote. The reading applied (*interpretation*):

    - A country's two votes are cast by its representatives who are present and not
      substitutes: one each when two are present. When only one is present, that one casts both
      (the votes are "granted" to the country, art. 5.5); set ``lone_representative_casts_both``
      to ``False`` to give that person one vote only. A delegation with nobody entitled present
      casts no votes: a substitute does not take over the absent member's vote (art. 5.5.1).
    - A representative of an office region has one vote of their own, in addition to their
      country's two votes (art. 5.5.2 would add nothing if that vote were one of the two), and
      is not one of the two who cast the country's votes.
    - Absent people have no vote. Executive Board members who sit in the Bureau (art. 15 B)
      vote only as one of the above: art. 5.5 allots the Bureau's votes to countries and office
      regions, not to seats.

    More than two voting country representatives of one State is a data error: the Bureau has
    "two representatives per State" (art. 15 B), and the error names the country. Duplicate
    people raise ``ValueError`` too.
    """
    people = tuple(representatives)
    counts = Counter(person.person_id for person in people)
    duplicates = sorted(str(person_id) for person_id, n in counts.items() if n > 1)
    if duplicates:
        raise ValueError(f"representatives: listed more than once: {', '.join(duplicates)}")

    voters_by_country: Counter[str] = Counter(
        person.country for person in people if _casts_country_votes(person)
    )
    for country, voters in sorted(voters_by_country.items()):
        if voters > BUREAU_REPRESENTATIVES_PER_STATE:
            raise ValueError(
                f"representatives: country {country!r} has {voters} representatives present with "
                f"a vote; the Bureau has {BUREAU_REPRESENTATIVES_PER_STATE} per State "
                "(Procedures art. 15 B)"
            )
    return BureauVoteAllocation(
        votes=tuple(
            _bureau_vote(
                person,
                voters_in_country=voters_by_country[person.country],
                lone_representative_casts_both=lone_representative_casts_both,
            )
            for person in people
        )
    )


def _casts_country_votes(person: BureauRepresentative) -> bool:
    return person.present and not person.substitute and not person.office_region


def _bureau_vote(
    person: BureauRepresentative,
    *,
    voters_in_country: int,
    lone_representative_casts_both: bool,
) -> BureauVote:
    def vote(votes: int, reason: Message) -> BureauVote:
        return BureauVote(person.person_id, person.country, votes, reason)

    if not person.present:
        return vote(0, Message.of(N_("Absent: no vote."), article=_ART_55))
    if person.substitute:
        return vote(
            0,
            Message.of(
                N_("Substitute present: seated without the right to vote."), article=_ART_551
            ),
        )
    if person.office_region:
        return vote(
            BUREAU_VOTES_PER_OFFICE_REGION,
            Message.of(
                N_("Representative of a region where AER has an office: one vote of their own."),
                article=_ART_552,
            ),
        )
    if voters_in_country == 1 and lone_representative_casts_both:
        return vote(
            BUREAU_VOTES_PER_COUNTRY,
            Message.of(
                N_("Only representative of {country} present: casts the country's {votes} votes."),
                article=_ART_55,
                country=person.country,
                votes=BUREAU_VOTES_PER_COUNTRY,
            ),
        )
    # Two representatives present: the country's two votes are shared out, one each.
    return vote(
        1,
        Message.of(
            N_("Representative of {country}: casts one of the country's {votes} votes."),
            article=_ART_55,
            country=person.country,
            votes=BUREAU_VOTES_PER_COUNTRY,
        ),
    )
