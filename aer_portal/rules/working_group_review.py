"""The Executive Board's review of a Working Group proposal, and the life of a group after it.

Sources: AER's page on Working Groups ("Process to set up a working group", steps 1–5), which
applies Statute arts. 2, 6, 8 and Procedures art. 11; Procedures art. 3.5 (suspended rights),
art. 6 (the Board's working documents) and art. 14 (votes). The content of a draft proposal and
its supporters are in :mod:`aer_portal.rules.working_groups`.
"""

from datetime import date, timedelta

from aer_portal.rules import N_
from aer_portal.rules.bodies import Body
from aer_portal.rules.dates import add_years
from aer_portal.rules.meetings import notice_period
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message
from aer_portal.rules.votes import VoteDecision
from aer_portal.rules.working_groups import FIRST_MANDATE_YEARS

_SOURCE = "AER Working Groups page (Procedures art. 11)"


def earliest_review_meeting_day(submitted_on: date, *, documents_days: int | None = None) -> date:
    """The first day on which a Board meeting can decide a proposal submitted on ``submitted_on``.

    AER Working Groups page, step 3: the Board assesses the proposal "at the EB meeting";
    Procedures art. 6: the Board's working documents go out at least one week before its
    meetings. Interpretation: the proposal is a working document of the meeting that decides
    it, so it goes to the first Board meeting at least seven days after its submission (a
    meeting on that seventh day is in time); one submitted later waits for the next meeting.
    ``documents_days`` lets the caller use a period the Board has changed.
    """
    days = (
        notice_period(Body.EXECUTIVE_BOARD).documents_days
        if documents_days is None
        else documents_days
    )
    if days < 0:
        raise ValueError(f"documents_days: must not be negative, got {days}")
    return submitted_on + timedelta(days=days)


def first_mandate_last_day(established_on: date, *, years: int = FIRST_MANDATE_YEARS) -> date:
    """The last day of a Working Group's first mandate.

    AER Working Groups page, step 2: the proposal lists activities "within the first two-years
    mandate". Interpretation: the mandate starts on the day of the Board's decision that
    establishes the group and ends the day before the same calendar day two years later
    (established 15 March 2026, mandate to 14 March 2028). ``years`` is the Board's setting.
    """
    if years < 1:
        raise ValueError(f"years: must be at least 1, got {years}")
    return add_years(established_on, years) - timedelta(days=1)


def participation_refusal_reason(
    *, category: MemberCategory | str | None, suspended: bool
) -> Message | None:
    """Why a member may not propose, support or join a Working Group; ``None`` when it may.

    AER Working Groups page: proposals "can be submitted by any member" and the groups "are
    open to all members of AER"; Procedures art. 3.5: a member that has not paid its fee has
    its membership rights suspended. ``category`` is the member's current category (``None``:
    not a member today). Interpretation: an observer (Procedures art. 2) is not yet a member,
    so it may neither propose, support nor join; every category of member may.
    """
    if category is None:
        return Message.of(
            N_("The region is not a member of AER today; Working Groups are open to members."),
            article=_SOURCE,
        )
    if MemberCategory(category) == MemberCategory.OBSERVER:
        return Message.of(
            N_(
                "The region is an observer (Procedures art. 2), not a member; Working Groups "
                "are open to members."
            ),
            article=_SOURCE,
        )
    if suspended:
        return Message.of(
            N_("The region's membership rights are suspended for an unpaid fee."),
            article="Procedures art. 3.5",
        )
    return None


def policy_area_problem(policy_area: str) -> Message | None:
    """What the draft lacks about its policy area; ``None`` when it names one.

    AER Working Groups page, step 5: the Chair liaises "with the Vice-President in charge of
    the Working Group policy area". Interpretation: the draft names its policy area so that
    the Board knows, when it decides, which Vice-President will be in charge of the group.
    Blank text counts as missing.
    """
    if policy_area.strip():
        return None
    return Message.of(
        N_(
            "The draft proposal does not name its policy area, and so the Vice-President in "
            "charge of the Working Group."
        ),
        article=_SOURCE,
    )


def board_decision_problem(
    *,
    review_open: bool,
    meeting_day: date | None,
    decided_on: date,
    decision: VoteDecision,
    online: VoteDecision,
    reason_against_online: str,
) -> tuple[str, Message] | None:
    """Why the Board's decision on a proposal cannot be recorded yet or as entered; ``None``
    when it can. Returns the field at fault and the reason.

    AER Working Groups page, step 3: the Board assesses the proposal "at the EB meeting";
    Procedures art. 14: its decision is the Board's vote by simple majority. Interpretation:

    - While the online review is open (``review_open``: the Board meeting it was queued for has
      not begun, or none is planned), no decision is recorded: the review's votes are not yet
      the Board's vote, and a decision on a few early votes would pre-empt the meeting.
    - The decision is dated on the day of that meeting or later (``decided_on``).
    - ``decision`` is the Board's vote at or after the meeting (:func:`votes.decide_vote`).
      When it differs from the online result (``online``, decided by the same rule on the
      review's votes), the record gives the reason (``reason_against_online``): the lead
      region and the Board can then see why the meeting departed from the online review. An
      online tie without casting vote decides nothing, so no decision departs from it.
    """
    if review_open:
        if meeting_day is None:
            return "decided_on", Message.of(
                N_(
                    "The proposal waits for a Board meeting: the Executive Board decides at its "
                    "meeting, after the online review. Queue it for a Board meeting first."
                ),
                article=_SOURCE,
            )
        return "decided_on", Message.of(
            N_(
                "The online review is open until the Board meeting of {day} begins: the "
                "decision follows the Board's vote at or after that meeting, not before."
            ),
            article="Procedures art. 14",
            day=meeting_day,
        )
    if meeting_day is not None and decided_on < meeting_day:
        return "decided_on", Message.of(
            N_(
                "The Board decides at its meeting of {day}: the decision is dated that day or "
                "later."
            ),
            article=_SOURCE,
            day=meeting_day,
        )
    if online.final and online.adopted != decision.adopted and not reason_against_online.strip():
        return "reason_against_online", Message.of(
            N_(
                "The decision differs from the result of the online review ({online}): record "
                "why the Board decided otherwise."
            ),
            article="Procedures art. 14",
            online=online.outcome,
        )
    return None
