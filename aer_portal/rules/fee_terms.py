"""When membership fees are due, and which members are new in a year (Procedures art. 3.1).

Existing members pay the annual fee within two months of the call (art. 3.1.2); a region the
Executive Board admits during the year is a new member and owes the remaining twelfths of that
year's fee from the month after the decision (art. 3.1.1: the amount is
``aer_portal.rules.fees.first_year_fee``). Unpaid after the due date, a member's rights are
suspended (art. 3.5).
"""

from collections.abc import Iterable
from datetime import date, timedelta

from aer_portal.rules.dates import add_months

#: Procedures art. 3.1.2: "within two months following the call for membership fees".
PAYMENT_MONTHS = 2


def remaining_twelfths(decision: date) -> int:
    """How many twelfths of the annual fee a member admitted on ``decision`` owes that year.

    Procedures art. 3.1.1: the fee is due the month following the Board's decision and is the
    remaining twelfths of the annual fee, counted from that month: a decision in March gives
    April–December, 9 twelfths. A decision in December gives 0 (*interpretation*: the month
    following is in the next year, so the new member pays that year's full annual fee then).
    """
    return 12 - decision.month


def admission_decisions(periods: Iterable[tuple[date, date | None]]) -> list[date]:
    """The Board decisions that made a region a (paying) member, oldest first.

    ``periods`` are the region's periods in a fee-paying category, as ``(board_decision,
    ended_on)`` pairs (``ended_on`` inclusive, ``None`` while open), in any order. A period that
    starts at most one day after the previous one ended continues it (a change of category ends
    the old period the day before the new decision); a period that starts later, after a gap
    during which the region was not a paying member, is an admission again.

    Procedures art. 3.1.1 (*interpretation*, DESIGN.md "New member"): a region whose membership
    the Executive Board approves again after a gap (it had withdrawn, or was an observer or
    nothing in between) is a new member, and pays the remaining twelfths of that year's fee as
    any new member; a withdrawal does not keep the region an "existing member".
    """
    ordered = sorted(periods, key=lambda period: period[0])
    for decision, ended_on in ordered:
        if ended_on is not None and ended_on < decision:
            raise ValueError(f"ended_on: {ended_on} is before the Board decision {decision}")
    admissions: list[date] = []
    covered_until: date | None = None  # last day of the current run; None: open or no run yet
    for index, (decision, ended_on) in enumerate(ordered):
        continues = index > 0 and (
            covered_until is None or decision <= covered_until + timedelta(days=1)
        )
        if not continues:
            admissions.append(decision)
            covered_until = ended_on
        elif covered_until is not None:
            covered_until = None if ended_on is None else max(covered_until, ended_on)
    return admissions


def is_new_member_in(periods: Iterable[tuple[date, date | None]], *, year: int) -> bool:
    """Whether the region became a member in ``year``, for the first time or after a gap.

    Procedures art. 3.1.1: such a member owes the remaining twelfths of the annual fee of
    ``year`` from the month after the Board's decision (:func:`first_year_fee`), not the annual
    fee of the call. Readmission after a gap counts (*interpretation*, see
    :func:`admission_decisions`).
    """
    return any(decision.year == year for decision in admission_decisions(periods))


def payment_due_date(*, call_sent: date, months: int = PAYMENT_MONTHS) -> date:
    """Last day to pay the annual fee after the call for fees sent on ``call_sent``.

    Procedures art. 3.1.2: existing members pay the full annual fee "within two months
    following the call for membership fees". Two calendar months after the call; a day the
    target month lacks becomes its last day (31 December → 28/29 February).
    """
    if months < 0:
        raise ValueError(f"months: must not be negative, got {months}")
    return add_months(call_sent, months)


def fee_overdue(*, due: date, today: date, paid_in_full: bool) -> bool:
    """Whether a fee is unpaid after its due date, which suspends the member's rights.

    Procedures arts. 3.1 ("must be paid in full") and 3.5: members that have not paid have
    their membership rights suspended and their representatives are no longer eligible. The
    due date itself still counts as in time.
    """
    return not paid_in_full and today > due
