"""Membership categories, observer status and substitute delegates (Procedures arts. 2, 3, 15.2)."""

from collections.abc import Iterable
from datetime import date, timedelta
from enum import StrEnum

from aer_portal.rules import N_
from aer_portal.rules.dates import add_months, add_years, first_day_of_next_month
from aer_portal.rules.messages import Message

#: Procedures art. 2.1: observer status lasts "one year" (twelve months).
OBSERVER_STATUS_MONTHS = 12
#: Procedures art. 2.2: no observer status for members of "the last three years".
OBSERVER_LOOKBACK_YEARS = 3
#: Procedures art. 15.2: a substitute is assigned "after a period of a maximum of six months".
SUBSTITUTE_MONTHS = 6


class MemberCategory(StrEnum):
    """A category of membership (Procedures arts. 2 and 3.2); the value is stored."""

    FULL = "full"
    ASSOCIATE_GEOGRAPHICAL = "associate_geographical"
    ASSOCIATE_NON_GEOGRAPHICAL = "associate_non_geographical"
    FOUNDING_ASSOCIATE = "founding_associate"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        """The category's name in English, marked for translation."""
        return _LABELS[self]


_LABELS: dict[MemberCategory, str] = {
    MemberCategory.FULL: N_("Full member"),
    MemberCategory.ASSOCIATE_GEOGRAPHICAL: N_("Associate member (geographical entity)"),
    MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL: N_("Associate member (non-geographical entity)"),
    MemberCategory.FOUNDING_ASSOCIATE: N_("Founding associate member"),
    MemberCategory.OBSERVER: N_("Observer"),
}


def as_member_category(
    value: MemberCategory | str, *, argument: str = "category"
) -> MemberCategory:
    """``value`` as a :class:`MemberCategory`; an unknown one raises ``ValueError`` naming it."""
    try:
        return MemberCategory(value)
    except ValueError:
        accepted = ", ".join(category.value for category in MemberCategory)
        raise ValueError(
            f"{argument}: unknown member category {value!r}; expected one of {accepted}"
        ) from None


def observer_status_first_day(decision: date) -> date:
    """First day of observer status: the first day of the month after the Board's decision.

    Procedures art. 2.1 ("one year from the month following the Executive Board's decision").
    Interpretation (DESIGN.md): the year starts on the first day of that following month.
    """
    return first_day_of_next_month(decision)


def observer_status_last_day(decision: date, *, months: int = OBSERVER_STATUS_MONTHS) -> date:
    """Last day (inclusive) of observer status granted by the Board on ``decision``.

    Procedures art. 2.1: the status is granted for a non-renewable period of one year from the
    month following the decision. Interpretation (DESIGN.md): from the first day of the month
    after the decision to the last day of the twelfth month — decision 15 March 2026, status
    1 April 2026 to 31 March 2027. ``months`` is the period the Board may change.
    """
    if months < 1:
        raise ValueError(f"months: must be at least 1, got {months}")
    return add_months(observer_status_first_day(decision), months) - timedelta(days=1)


def observer_refusal_reason(
    *,
    decision: date,
    last_membership_ended: date | None,
    lookback_years: int = OBSERVER_LOOKBACK_YEARS,
) -> Message | None:
    """Why observer status cannot be granted on ``decision``, or ``None`` when it can.

    Procedures art. 2.2: not for regions that were full or associate members of AER during the
    last three years. ``last_membership_ended`` is the last day of the region's last full or
    associate membership (``None``: never a member). Interpretation: "the last three years" are
    the three years up to the decision, starting on the same calendar day three years earlier;
    a membership that lasted until that day or later blocks the status.
    """
    if lookback_years < 0:
        raise ValueError(f"lookback_years: must not be negative, got {lookback_years}")
    if last_membership_ended is None:
        return None
    window_start = add_years(decision, -lookback_years)
    if last_membership_ended < window_start:
        return None
    return Message.of(
        N_(
            "Observer status cannot be granted: the region was a full or associate member "
            "until {ended}, less than {years} years before the decision of {decision}."
        ),
        article="Procedures art. 2.2",
        ended=last_membership_ended,
        years=lookback_years,
        decision=decision,
    )


#: The categories of AER's members (Procedures art. 2): an observer is not a member.
MEMBER_CATEGORIES = frozenset(
    {
        MemberCategory.FULL,
        MemberCategory.ASSOCIATE_GEOGRAPHICAL,
        MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL,
        MemberCategory.FOUNDING_ASSOCIATE,
    }
)


def observer_admission_refusal(
    *,
    decision: date,
    history: Iterable[tuple[MemberCategory | str, date | None]],
    lookback_years: int = OBSERVER_LOOKBACK_YEARS,
) -> Message | None:
    """Why the Board cannot grant observer status on ``decision``, or ``None`` when it can.

    ``history`` is the region's memberships before the decision, as (category, last day); a
    last day of ``None`` is a membership still open, which the new decision ends.

    - Procedures art. 2.1: the status is granted "for a non-renewable period", so a region that
      was an observer once is refused (*interpretation*: at any time before, not only in the
      year just ended).
    - Procedures art. 2.2: not for a region that was a full or associate member during the last
      three years (:func:`observer_refusal_reason`); an open membership counts as lasting until
      the decision.
    """
    past = [(as_member_category(category), ended_on) for category, ended_on in history]
    if any(category == MemberCategory.OBSERVER for category, _ended in past):
        return Message.of(
            N_(
                "Observer status is granted for a non-renewable period, and the region was an "
                "observer before."
            ),
            article="Procedures art. 2.1",
        )
    ended = [ended_on or decision for category, ended_on in past if category in MEMBER_CATEGORIES]
    return observer_refusal_reason(
        decision=decision,
        last_membership_ended=max(ended, default=None),
        lookback_years=lookback_years,
    )


def may_be_granted_observer(
    *,
    decision: date,
    last_membership_ended: date | None,
    lookback_years: int = OBSERVER_LOOKBACK_YEARS,
) -> bool:
    """Whether the Board may grant observer status on ``decision``.

    Procedures art. 2.2; see :func:`observer_refusal_reason` for the reading of "the last
    three years" (an interpretation) and for the reason in words.
    """
    reason = observer_refusal_reason(
        decision=decision,
        last_membership_ended=last_membership_ended,
        lookback_years=lookback_years,
    )
    return reason is None


def substitute_deadline(mandate_lost_on: date, *, months: int = SUBSTITUTE_MONTHS) -> date:
    """Last day by which the Executive Board assigns a substitute delegate.

    Procedures art. 15.2: delegates in all bodies must hold a regional political mandate; when
    a delegate is absent or loses that mandate, the Board assigns a substitute "after a period
    of a maximum of six months". Read as a deadline: six calendar months after the loss (a day
    the target month lacks becomes its last day, so 31 August → 28/29 February).
    """
    if months < 0:
        raise ValueError(f"months: must not be negative, got {months}")
    return add_months(mandate_lost_on, months)
