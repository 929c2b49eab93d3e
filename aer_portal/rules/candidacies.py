"""Nominating, withdrawing and the terms that elected candidates start (Procedures art. 15).

The eligibility of the candidate is in :mod:`aer_portal.rules.eligibility`; this module holds
the rules around it that the election desk needs: who may nominate, until when a candidacy may
be withdrawn, how many consecutive terms a candidate has served when a new term starts, and
when a mandate won at an election ends.
"""

from datetime import date, timedelta

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body, as_body
from aer_portal.rules.composition import MandateLengths, mandate_years
from aer_portal.rules.dates import add_years
from aer_portal.rules.membership import MemberCategory, as_member_category
from aer_portal.rules.messages import Message

#: The Procedures' mandate lengths (art. 15 A–D), the default of the functions below.
DEFAULT_MANDATE_LENGTHS = MandateLengths()


def nominating_member_reason(*, category: MemberCategory | str | None) -> Message | None:
    """Why a member may not nominate a candidate, or ``None`` when it may.

    Procedures art. 15 D a) (a candidate is "nominated by an AER member") and 15 B (the Bureau
    "on the suggestion by the Regions"). Interpretation: the General Assembly that elects is
    made of the full members' representatives (the Statute, as AER describes it), so only a
    member whose current category is full membership nominates; associates and observers do
    not. ``category`` is ``None`` for a member with no current membership.
    """
    if category is not None and as_member_category(category) is MemberCategory.FULL:
        return None
    return Message.of(
        N_("Only full members of AER nominate candidates; this member is not a full member."),
        article="Procedures art. 15 D a)",
    )


def withdrawal_reason(*, today: date, election_day: date) -> Message | None:
    """Why a candidacy can no longer be withdrawn, or ``None`` when it can.

    Interpretation of the elections calendar (Procedures arts. 15.4–15.7): the Procedures name
    no last day, so a candidate may withdraw until the election day included; on that day the
    election desk refuses it once voting for the position has begun (checked by the caller).
    """
    if today <= election_day:
        return None
    return Message.of(
        N_("The election took place on {day}; a candidacy can no longer be withdrawn."),
        article="Procedures art. 15.7",
        day=election_day,
    )


def consecutive_terms_before(
    body: Body | str,
    *,
    last_term: int | None,
    last_ended_on: date | None,
    new_term_starts: date,
    lengths: MandateLengths = DEFAULT_MANDATE_LENGTHS,
) -> int:
    """How many consecutive terms someone has served in ``body`` when a new term starts.

    Procedures art. 15 A–D count re-elections, that is terms that follow each other.
    ``last_term`` is the ``consecutive_term`` number of the person's latest mandate in the
    body (``None``: never sat there) and ``last_ended_on`` its last day (``None``: still open).
    Interpretation: the run is broken when the person stayed out of the body for at least one
    full mandate length (art. 15.10 lets mandates run on when an assembly is late, so a short
    gap between two terms does not break it); otherwise the latest term's number is the count.
    """
    if last_term is None:
        return 0
    if last_term < 1:
        raise ValueError(f"last_term: a term number starts at 1, got {last_term}")
    if last_ended_on is None or last_ended_on >= new_term_starts:
        return last_term
    out_of_body_from = last_ended_on + timedelta(days=1)
    if add_years(out_of_body_from, mandate_years(body, lengths=lengths)) <= new_term_starts:
        return 0
    return last_term


def elected_mandate_end(
    body: Body | str,
    *,
    starts_on: date,
    by_election_term_ends: date | None = None,
    lengths: MandateLengths = DEFAULT_MANDATE_LENGTHS,
) -> date:
    """The last day of a mandate won at an election that starts on ``starts_on``.

    Procedures art. 15 A–D give the mandate length of each body (two years; three for the
    Monitoring and Evaluation Group); art. 15.3: an election between the mandatory periods is a
    by-election "in order to maintain the term of office", so its mandate ends when the current
    term ends (``by_election_term_ends``). Interpretation: a term of two years from 15 October
    2026 ends on 14 October 2028.
    """
    body = as_body(body)
    if by_election_term_ends is not None:
        if by_election_term_ends <= starts_on:
            raise ValueError(
                f"by_election_term_ends: the current term ends on {by_election_term_ends}, "
                f"not after the by-election on {starts_on}"
            )
        return by_election_term_ends
    return add_years(starts_on, mandate_years(body, lengths=lengths)) - timedelta(days=1)
