"""Who may stand for election: one small rule per function, each giving a reason in words.

Each function returns ``None`` when its rule is met and a :class:`Message` saying why not when
it is not, so the election desk and the candidacy form can list every reason at once.
"""

from dataclasses import dataclass
from datetime import date

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body, as_body
from aer_portal.rules.composition import (
    DEFAULT_TERM_LIMITS,
    TermLimits,
    max_consecutive_terms,
    other_structure_reasons,
)
from aer_portal.rules.elections import (
    DEFAULT_ELECTION_CALENDAR,
    ElectionCalendar,
    election_timeline,
)
from aer_portal.rules.messages import Message

_TERM_LIMITED = frozenset(
    {
        Body.EXECUTIVE_BOARD,
        Body.BUREAU,
        Body.MONITORING_AND_EVALUATION_GROUP,
        Body.ELECTION_COMMITTEE,
    }
)


@dataclass(frozen=True)
class Candidate:
    """What the eligibility rules need to know about a person standing for a body."""

    name: str
    holds_regional_political_mandate: bool
    region_suspended: bool = False
    consecutive_terms_served: int = 0
    other_bodies: tuple[Body, ...] = ()
    nominated_by_member: bool = True
    submitted_on: date | None = None


def political_mandate_reason(*, holds_regional_political_mandate: bool) -> Message | None:
    """Procedures arts. 15.2, 15 D b): delegates in every body hold a regional political mandate."""
    if holds_regional_political_mandate:
        return None
    return Message.of(
        N_("The candidate does not hold a regional political mandate."),
        article="Procedures art. 15.2",
    )


def suspension_reason(*, region_suspended: bool) -> Message | None:
    """Procedures art. 3.5: representatives of a region that has not paid are not eligible."""
    if not region_suspended:
        return None
    return Message.of(
        N_(
            "The candidate's region has its membership rights suspended for unpaid fees, so its "
            "representatives are not eligible."
        ),
        article="Procedures art. 3.5",
    )


def term_limit_reason(
    *, body: Body | str, consecutive_terms_served: int, limits: TermLimits = DEFAULT_TERM_LIMITS
) -> Message | None:
    """Procedures art. 15 A–D: the candidate has served the most consecutive terms allowed.

    Interpretation (DESIGN.md): "may be re-elected three times" means four consecutive terms.
    """
    if consecutive_terms_served < 0:
        raise ValueError(
            f"consecutive_terms_served: must not be negative, got {consecutive_terms_served}"
        )
    body = as_body(body)
    maximum = max_consecutive_terms(body, limits=limits)
    if consecutive_terms_served < maximum:
        return None
    return Message.of(
        N_(
            "The candidate has served {served} consecutive terms in the {body}; at most {maximum} "
            "are allowed."
        ),
        article="Procedures art. 15 A–D",
        served=consecutive_terms_served,
        body=body,
        maximum=maximum,
    )


def nomination_reason(*, nominated_by_member: bool) -> Message | None:
    """Procedures art. 15 D a): an Election Committee candidate is nominated by an AER member."""
    if nominated_by_member:
        return None
    return Message.of(
        N_("The candidate has not been nominated by an AER member."),
        article="Procedures art. 15 D",
    )


def candidacy_deadline_reason(
    *,
    submitted_on: date,
    election_day: date,
    calendar: ElectionCalendar = DEFAULT_ELECTION_CALENDAR,
) -> Message | None:
    """Procedures art. 15.5: letter and CV are sent at least four weeks before the election.

    Interpretation (DESIGN.md): the election day minus 28 days is the last day in time.
    """
    due = election_timeline(election_day, calendar=calendar).candidacies_due
    if submitted_on <= due:
        return None
    return Message.of(
        N_("The candidacy arrived on {submitted}, after the deadline of {due}."),
        article="Procedures art. 15.5",
        submitted=submitted_on,
        due=due,
    )


def candidate_ineligibility(
    body: Body | str,
    candidate: Candidate,
    *,
    election_day: date | None = None,
    limits: TermLimits = DEFAULT_TERM_LIMITS,
    calendar: ElectionCalendar = DEFAULT_ELECTION_CALENDAR,
) -> tuple[Message, ...]:
    """Every reason ``candidate`` may not stand for ``body``; empty when they may.

    Applies arts. 15.2 and 3.5 to every body, the term limits of art. 15 A–D to the bodies that
    have them, art. 15 C (no other governing structure) to the Monitoring and Evaluation Group,
    art. 15 D a) (nomination) to the Election Committee, and art. 15.5 (deadline) when both
    ``election_day`` and ``candidate.submitted_on`` are known.
    """
    body = as_body(body)
    reasons: list[Message | None] = [
        political_mandate_reason(
            holds_regional_political_mandate=candidate.holds_regional_political_mandate
        ),
        suspension_reason(region_suspended=candidate.region_suspended),
    ]
    if body in _TERM_LIMITED:
        reasons.append(
            term_limit_reason(
                body=body,
                consecutive_terms_served=candidate.consecutive_terms_served,
                limits=limits,
            )
        )
    if body is Body.ELECTION_COMMITTEE:
        reasons.append(nomination_reason(nominated_by_member=candidate.nominated_by_member))
    if election_day is not None and candidate.submitted_on is not None:
        reasons.append(
            candidacy_deadline_reason(
                submitted_on=candidate.submitted_on, election_day=election_day, calendar=calendar
            )
        )
    found = tuple(reason for reason in reasons if reason is not None)
    if body is Body.MONITORING_AND_EVALUATION_GROUP:
        found += other_structure_reasons(name=candidate.name, other_bodies=candidate.other_bodies)
    return found
