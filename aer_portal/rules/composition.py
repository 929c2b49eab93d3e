"""Terms, mandate lengths and composition of AER's elected bodies (Procedures art. 15 A–D).

How long a mandate runs, how often a member may be re-elected, and how many seats of each kind a
body needs: what the elections fill (``aer_portal.rules.elections``) and what the secretariat's
records of the bodies are checked against.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from aer_portal.rules import N_
from aer_portal.rules.bodies import GOVERNING_STRUCTURES, Body, as_body
from aer_portal.rules.messages import Message

#: The bodies whose members are elected for a term (Procedures art. 15 A–D), named as the
#: fields of :class:`TermLimits` and :class:`MandateLengths`.
_ELECTED_BODIES = (
    Body.EXECUTIVE_BOARD,
    Body.BUREAU,
    Body.MONITORING_AND_EVALUATION_GROUP,
    Body.ELECTION_COMMITTEE,
)


def _of_elected_body(values: "TermLimits | MandateLengths", body: Body | str, what: str) -> int:
    """The field of ``values`` for ``body``; ``ValueError`` naming ``what`` for another body."""
    body = as_body(body)
    if body not in _ELECTED_BODIES:
        raise ValueError(f"body: the Procedures set no {what} for the {body.label}")
    value: int = getattr(values, body.value)
    return value


@dataclass(frozen=True)
class TermLimits:
    """How many times members of each elected body may be re-elected (Procedures art. 15 A–D).

    The Election Committee's figure is a setting because a 2024 AER page says three times
    where the Procedures say twice (aer-facts.md).
    """

    executive_board: int = 3  # art. 15 A
    bureau: int = 2  # art. 15 B
    monitoring_and_evaluation_group: int = 2  # art. 15 C
    election_committee: int = 2  # art. 15 D

    def reelections(self, body: Body | str) -> int:
        """The re-elections allowed in ``body``; ``ValueError`` for a body without a limit."""
        return _of_elected_body(self, body, "term limit")


#: The Procedures' term limits, for callers that need a default from outside this module.
DEFAULT_TERM_LIMITS = TermLimits()


@dataclass(frozen=True)
class MandateLengths:
    """Years of a mandate in each elected body (Procedures art. 15 A–D)."""

    executive_board: int = 2  # art. 15 A
    bureau: int = 2  # art. 15 B
    monitoring_and_evaluation_group: int = 3  # art. 15 C
    election_committee: int = 2  # art. 15 D


def max_consecutive_terms(body: Body | str, *, limits: TermLimits = TermLimits()) -> int:
    """The most consecutive terms one person may serve in ``body``.

    Procedures art. 15 A–D. Interpretation (DESIGN.md): "may be re-elected three times" means at
    most four consecutive terms (a first election plus three re-elections).
    """
    return 1 + limits.reelections(body)


def may_stand_again(
    body: Body | str, consecutive_terms_served: int, *, limits: TermLimits = TermLimits()
) -> bool:
    """Whether someone who has served ``consecutive_terms_served`` terms in a row may stand again.

    Procedures art. 15 A (Executive Board: re-elected three times), 15 B (Bureau: twice),
    15 C (Monitoring and Evaluation Group: twice), 15 D (Election Committee: twice, a setting
    in ``limits``). Interpretation (DESIGN.md): at most 1 + re-elections consecutive terms.
    """
    if consecutive_terms_served < 0:
        raise ValueError(
            f"consecutive_terms_served: must not be negative, got {consecutive_terms_served}"
        )
    return consecutive_terms_served < max_consecutive_terms(body, limits=limits)


def mandate_years(body: Body | str, *, lengths: MandateLengths = MandateLengths()) -> int:
    """The length in years of a mandate in ``body``.

    Procedures art. 15 A (Executive Board, 2), 15 B (Bureau, 2), 15 C (Monitoring and
    Evaluation Group, 3), 15 D (Election Committee, 2). Other bodies raise ``ValueError``.
    """
    return _of_elected_body(lengths, body, "mandate length")


@dataclass(frozen=True)
class Composition:
    """How many members an elected body has (Procedures art. 15 A, C, D)."""

    presidents: int = 1  # art. 15 A a)
    treasurers: int = 1  # art. 15 A b)
    vice_presidents_min: int = 7  # art. 15 A c); a 2025 AER page says 7–13
    vice_presidents_max: int = 12
    monitoring_group_members: int = 3  # art. 15 C
    election_committee_min: int = 3  # art. 15 D
    election_committee_max: int = 5


def _count_problem(
    count: int,
    *,
    minimum: int,
    maximum: int | None = None,
    exactly: str,
    between: str = "",
    article: str,
) -> tuple[Message, ...]:
    # ``maximum=None`` is a fixed size (e.g. three MEG members); ``between`` reads a range.
    top = minimum if maximum is None else maximum
    if minimum <= count <= top:
        return ()
    template = exactly if minimum == top else between
    return (Message.of(template, article=article, minimum=minimum, maximum=top, count=count),)


def executive_board_composition_problems(
    *,
    presidents: int,
    treasurers: int,
    vice_presidents: int,
    composition: Composition = Composition(),
) -> tuple[Message, ...]:
    """Why the Executive Board's composition breaks the Procedures; empty when it does not.

    Procedures art. 15 A: the President, the Treasurer and 7–12 Vice-Presidents.
    """
    article = "Procedures art. 15 A"
    c = composition
    return (
        _count_problem(
            presidents,
            minimum=c.presidents,
            exactly=N_("The Executive Board needs {minimum} President(s); it has {count}."),
            article=article,
        )
        + _count_problem(
            treasurers,
            minimum=c.treasurers,
            exactly=N_("The Executive Board needs {minimum} Treasurer(s); it has {count}."),
            article=article,
        )
        + _count_problem(
            vice_presidents,
            minimum=c.vice_presidents_min,
            maximum=c.vice_presidents_max,
            exactly=N_("The Executive Board needs {minimum} Vice-Presidents; it has {count}."),
            between=N_(
                "The Executive Board needs {minimum} to {maximum} Vice-Presidents; it has {count}."
            ),
            article=article,
        )
    )


def election_committee_composition_problems(
    *, members: int, composition: Composition = Composition()
) -> tuple[Message, ...]:
    """Why the Election Committee's size breaks the Procedures (art. 15 D: three to five)."""
    return _count_problem(
        members,
        minimum=composition.election_committee_min,
        maximum=composition.election_committee_max,
        exactly=N_("The Election Committee needs {minimum} members; it has {count}."),
        between=N_("The Election Committee needs {minimum} to {maximum} members; it has {count}."),
        article="Procedures art. 15 D",
    )


def monitoring_group_composition_problems(
    members: Mapping[str, Iterable[Body | str]], *, composition: Composition = Composition()
) -> tuple[Message, ...]:
    """Why the Monitoring and Evaluation Group breaks the Procedures; empty when it does not.

    Procedures art. 15 C: three members, "not involved in other governing structures of AER".
    ``members`` maps each member's name to the bodies they also sit in. Interpretation: the
    governing structures are the Executive Board, the Bureau and the Election Committee (see
    ``bodies.GOVERNING_STRUCTURES``); sitting in the General Assembly or a Working Group is fine.
    """
    problems = _count_problem(
        len(members),
        minimum=composition.monitoring_group_members,
        exactly=N_("The Monitoring and Evaluation Group needs {minimum} members; it has {count}."),
        article="Procedures art. 15 C",
    )
    for name, bodies in members.items():
        problems += other_structure_reasons(name=name, other_bodies=bodies)
    return problems


def other_structure_reasons(
    *, name: str, other_bodies: Iterable[Body | str]
) -> tuple[Message, ...]:
    """Why ``name`` may not sit in the Monitoring and Evaluation Group: one reason per body.

    Procedures art. 15 C: its members are "not involved in other governing structures of AER"
    (*interpretation* of which bodies count: ``bodies.GOVERNING_STRUCTURES``). Empty when none.
    """
    found = {as_body(body, argument="other_bodies") for body in other_bodies} & (
        GOVERNING_STRUCTURES - {Body.MONITORING_AND_EVALUATION_GROUP}
    )
    return tuple(
        Message.of(
            N_(
                "{name} also sits in the {body}; members of the Monitoring and Evaluation Group "
                "may not be involved in other governing structures of AER."
            ),
            article="Procedures art. 15 C",
            name=name,
            body=body,
        )
        for body in sorted(found)
    )
