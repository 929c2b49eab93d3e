"""Warnings about the people who hold seats: term limits, the Bureau's make-up, lost mandates.

These rules never forbid anything: the secretariat records what happened (a person may have
been re-elected once too often, a country may have sent one representative), and the portal
says which article that breaks and why, so that the Executive Board can act.
"""

from collections.abc import Mapping
from datetime import date

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body, as_body
from aer_portal.rules.composition import DEFAULT_TERM_LIMITS, TermLimits, max_consecutive_terms
from aer_portal.rules.membership import SUBSTITUTE_MONTHS, substitute_deadline
from aer_portal.rules.messages import Message

#: Procedures art. 15 B: "two representatives per State represented within the AER".
BUREAU_REPRESENTATIVES_PER_STATE = 2

_TERM_LIMITED = frozenset(
    {
        Body.EXECUTIVE_BOARD,
        Body.BUREAU,
        Body.MONITORING_AND_EVALUATION_GROUP,
        Body.ELECTION_COMMITTEE,
    }
)


def _max_terms(body: Body | str, limits: TermLimits) -> int | None:
    body = as_body(body)
    if body not in _TERM_LIMITED:
        return None
    return max_consecutive_terms(body, limits=limits)


def term_limit_warning(
    *,
    body: Body | str,
    consecutive_term: int,
    name: str,
    limits: TermLimits = DEFAULT_TERM_LIMITS,
) -> Message | None:
    """Why a mandate that is the ``consecutive_term``-th term in a row breaks the term limit.

    Procedures art. 15 A (Executive Board: re-elected three times), 15 B (Bureau: twice),
    15 C (Monitoring and Evaluation Group: twice), 15 D (Election Committee: twice, a setting).
    Interpretation (DESIGN.md): at most 1 + re-elections consecutive terms. ``None`` when the
    term is allowed or the body has no term limit (General Assembly, working groups, …).
    """
    if consecutive_term < 1:
        raise ValueError(f"consecutive_term: must be at least 1, got {consecutive_term}")
    maximum = _max_terms(body, limits)
    if maximum is None or consecutive_term <= maximum:
        return None
    return Message.of(
        N_(
            "{name} serves a term in a row numbered {term} in the {body}; at most {maximum} "
            "consecutive terms are allowed."
        ),
        article="Procedures art. 15 A–D",
        name=name,
        term=consecutive_term,
        body=as_body(body),
        maximum=maximum,
    )


def is_final_term(
    *, body: Body | str, consecutive_term: int, limits: TermLimits = DEFAULT_TERM_LIMITS
) -> bool:
    """Whether the holder may not stand again after this term (Procedures art. 15 A–D).

    True from the last allowed consecutive term on; always false for bodies without a limit.
    """
    if consecutive_term < 1:
        raise ValueError(f"consecutive_term: must be at least 1, got {consecutive_term}")
    maximum = _max_terms(body, limits)
    return maximum is not None and consecutive_term >= maximum


def bureau_composition_problems(
    representatives_by_country: Mapping[str, int],
    *,
    per_state: int = BUREAU_REPRESENTATIVES_PER_STATE,
) -> tuple[Message, ...]:
    """Why the Bureau's representatives of States break the Procedures; empty when they do not.

    Procedures art. 15 B: the Bureau consists of the Executive Board "and two representatives
    per State represented within the AER". ``representatives_by_country`` maps every State
    represented in AER (by name) to the number of its representatives sitting now, 0 included.
    Substitutes are not counted (art. 5.5.1: they sit without a vote).
    """
    if per_state < 0:
        raise ValueError(f"per_state: must not be negative, got {per_state}")
    return tuple(
        Message.of(
            N_(
                "The Bureau has {count} representative(s) of {country}; each State "
                "represented in AER has {expected}."
            ),
            article="Procedures art. 15 B",
            country=country,
            count=count,
            expected=per_state,
        )
        for country, count in sorted(representatives_by_country.items())
        if count != per_state
    )


def lost_mandate_warning(
    *, name: str, lost_on: date, today: date, months: int = SUBSTITUTE_MONTHS
) -> Message:
    """What a delegate's lost regional political mandate means for the Executive Board.

    Procedures art. 15.2: delegates in all bodies must hold a regional political mandate; when
    one is lost, the Board assigns a substitute "after a period of a maximum of six months"
    (the deadline of :func:`membership.substitute_deadline`). The message says whether that
    deadline is still ahead or has passed on ``today``.
    """
    deadline = substitute_deadline(lost_on, months=months)
    if today <= deadline:
        template = N_(
            "{name} lost the regional political mandate on {lost_on}; the Executive Board "
            "assigns a substitute by {deadline}."
        )
    else:
        template = N_(
            "{name} lost the regional political mandate on {lost_on}; the Executive Board "
            "should have assigned a substitute by {deadline}."
        )
    return Message.of(
        template,
        article="Procedures art. 15.2",
        name=name,
        lost_on=lost_on,
        deadline=deadline,
    )


def no_political_mandate_warning(*, name: str) -> Message:
    """Procedures art. 15.2: a delegate holds no regional political mandate on record."""
    return Message.of(
        N_(
            "{name} holds no regional political mandate on record; delegates in all bodies "
            "of AER must hold one."
        ),
        article="Procedures art. 15.2",
        name=name,
    )
