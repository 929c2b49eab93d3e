"""Collecting membership fees: first-year fees, balances, discounts, suspension, coverage.

Procedures arts. 3.1, 3.1.1, 3.4, 3.5 and 13.2. The fee formula itself is in
:mod:`aer_portal.rules.fees`; this module applies what the Procedures say about an invoice once
the fee is known.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from aer_portal.rules import N_
from aer_portal.rules.fee_terms import remaining_twelfths
from aer_portal.rules.fees import FeeCalculation, FeeStep, first_year_fee
from aer_portal.rules.messages import Figure, Message

ART_FIRST_YEAR = "Procedures art. 3.1.1"
ART_PAID_IN_FULL = "Procedures art. 3.1"
ART_DISCOUNT = "Procedures art. 3.4"
ART_SUSPENSION = "Procedures art. 3.5"
ART_BUDGET = "Procedures art. 13.2"

#: Procedures art. 3.4 asks for a discount "duly justified"; a justification shorter than this
#: many characters is not one (*interpretation*, a setting).
MIN_JUSTIFICATION_CHARS = 20


def first_year_calculation(*, annual: FeeCalculation, decision: date) -> FeeCalculation:
    """The fee of a member admitted on ``decision``, with the annual fee's steps and one more.

    Procedures art. 3.1.1: "calculated as the remaining twelfths of the annual fee", counted
    from the month following the Board's decision (see
    :func:`aer_portal.rules.fee_terms.remaining_twelfths`: a December decision gives 0).
    """
    twelfths = remaining_twelfths(decision)
    amount = first_year_fee(annual_amount=annual.amount, decision=decision)
    message = Message.of(
        N_(
            "First-year fee: {twelfths}/12 of the annual fee {annual}, from the month after "
            "the Executive Board's decision of {decision}"
        ),
        article=ART_FIRST_YEAR,
        twelfths=twelfths,
        annual=Figure.euros(annual.amount),
        decision=decision,
    )
    step = FeeStep(ART_FIRST_YEAR, "", amount, 2, message)
    return FeeCalculation(amount=amount, steps=(*annual.steps, step))


def balance_due(*, total: Decimal, paid: Decimal, credited: Decimal) -> Decimal:
    """What is still owed on an invoice: its total less credit notes and payments.

    Procedures art. 3.1: the fee "must be paid in full". A negative balance is an overpayment.
    """
    return total - credited - paid


def paid_in_full(*, total: Decimal, paid: Decimal, credited: Decimal) -> bool:
    """Whether nothing is owed any more (Procedures art. 3.1: the fee is paid in full)."""
    return balance_due(total=total, paid=paid, credited=credited) <= 0


def suspension_first_day(due: date) -> date:
    """First day of suspended rights for a fee unpaid on ``due``.

    Procedures art. 3.5, with :func:`aer_portal.rules.fee_terms.fee_overdue`: the due date itself
    is still in time, so rights are suspended from the day after it until the fee is paid.
    """
    return due + timedelta(days=1)


def discount_applied(*, fee: Decimal, discount: Decimal | None) -> Decimal:
    """The reduction an approved discount makes to a fee: never more than the fee.

    Procedures art. 3.4. ``discount`` ``None`` is a full exemption: the whole fee.
    """
    if fee <= 0:
        return Decimal(0)
    if discount is None:
        return fee
    return min(fee, discount)


def discount_repeat_reason(
    *, member: str, earlier_years: Iterable[int], year: int
) -> Message | None:
    """Procedures art. 3.4: a discount is granted "for a non-renewable period".

    *Interpretation*: the period is one year, and a member that had a discount or exemption once
    never has another, whatever year it was for.
    """
    years = sorted(set(earlier_years))
    if not years:
        return None
    return Message.of(
        N_(
            "{member} already had a fee discount or exemption (for {years}); a discount is "
            "granted for a non-renewable period, so not again for {year}."
        ),
        article=ART_DISCOUNT,
        member=member,
        years=", ".join(str(y) for y in years),
        year=year,
    )


def discount_justification_reason(
    *, justification: str, min_chars: int = MIN_JUSTIFICATION_CHARS
) -> Message | None:
    """Procedures art. 3.4: only "in exceptional circumstances, duly justified" in writing."""
    if min_chars < 0:
        raise ValueError(f"min_chars: must not be negative, got {min_chars}")
    if len(justification.strip()) >= min_chars:
        return None
    return Message.of(
        N_(
            "A discount is only granted in exceptional circumstances, duly justified: write the "
            "justification (at least {count} characters)."
        ),
        article=ART_DISCOUNT,
        count=min_chars,
    )


def discount_approver_reason(*, approver_is_treasurer: bool) -> Message | None:
    """Procedures art. 3.4: the discount is "approved by the Vice-President Treasurer"."""
    if approver_is_treasurer:
        return None
    return Message.of(
        N_("Only the person holding the Treasurer's mandate may approve a discount."),
        article=ART_DISCOUNT,
    )


def discount_amount_reason(*, discount: Decimal | None) -> Message | None:
    """A discount is an amount of euros greater than zero; ``None`` is a full exemption."""
    if discount is None or discount > 0:
        return None
    return Message.of(
        N_("A discount must be an amount greater than zero (leave it empty for an exemption)."),
        article=ART_DISCOUNT,
    )


def discount_refusal_reasons(
    *,
    member: str,
    year: int,
    earlier_years: Iterable[int],
    justification: str,
    approver_is_treasurer: bool,
    discount: Decimal | None,
    min_chars: int = MIN_JUSTIFICATION_CHARS,
) -> tuple[tuple[str, Message], ...]:
    """Every reason a discount or exemption cannot be approved, each with what it is about
    (``approver``, ``member``, ``justification`` or ``amount``); empty when it can.

    Procedures art. 3.4: exceptional, duly justified, non-renewable, approved by the Treasurer.
    """
    reasons = (
        ("approver", discount_approver_reason(approver_is_treasurer=approver_is_treasurer)),
        ("member", discount_repeat_reason(member=member, earlier_years=earlier_years, year=year)),
        (
            "justification",
            discount_justification_reason(justification=justification, min_chars=min_chars),
        ),
        ("amount", discount_amount_reason(discount=discount)),
    )
    return tuple((about, reason) for about, reason in reasons if reason is not None)


def budget_coverage_ratio(
    *, expected_fees: Decimal, ordinary_expenditure: Decimal
) -> Decimal | None:
    """Expected membership fees divided by the ordinary expenditure, to two decimals.

    Procedures art. 13.2: the ordinary expenditure of the governing bodies, the Bureau and the
    Working Groups "should in full be covered by the expected membership fees"; 1.00 or more
    means it is. ``None`` when no ordinary expenditure is entered (nothing to cover).
    """
    if ordinary_expenditure < 0 or expected_fees < 0:
        raise ValueError("expected_fees and ordinary_expenditure must not be negative")
    if ordinary_expenditure == 0:
        return None
    ratio = expected_fees / ordinary_expenditure
    return ratio.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def ordinary_expenditure_covered(*, expected_fees: Decimal, ordinary_expenditure: Decimal) -> bool:
    """Whether the expected membership fees cover the ordinary expenditure (art. 13.2)."""
    return expected_fees >= ordinary_expenditure
