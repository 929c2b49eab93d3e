"""Joining AER: what an application may ask for, the fee it would pay, observers' year-end and
a member's withdrawal (Procedures arts. 2, 3.1.1, 3.2, 3.5).

The Board's decision date is the one every rule here counts from: membership and observer
status start the month following it (arts. 2.1, 3.1.1), the first-year fee is the remaining
twelfths of that year (art. 3.1.1), and art. 2.2 looks three years back from it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from aer_portal.rules import N_
from aer_portal.rules.dates import add_months, first_day_of_next_month, last_day_of_month
from aer_portal.rules.fee_terms import remaining_twelfths
from aer_portal.rules.fees import FeeCalculation, FeeParameters, FeeStep, annual_fee, first_year_fee
from aer_portal.rules.membership import (
    MEMBER_CATEGORIES,
    MemberCategory,
    as_member_category,
    observer_admission_refusal,
    observer_status_last_day,
)
from aer_portal.rules.messages import Figure, Message

#: Months between a member's notice of withdrawal and the day it takes effect. The Statute,
#: which sets it, is not available to us: a setting (WITHDRAWAL_NOTICE_MONTHS).
WITHDRAWAL_NOTICE_MONTHS = 6

#: The categories an applicant may ask for (founding associates are not admitted any more).
APPLICABLE_CATEGORIES = (
    MemberCategory.FULL,
    MemberCategory.ASSOCIATE_GEOGRAPHICAL,
    MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL,
    MemberCategory.OBSERVER,
)
#: Categories whose fee is computed from population and relative GDP (art. 3.2.1, 3.2.2).
FORMULA_CATEGORIES = frozenset({MemberCategory.FULL, MemberCategory.ASSOCIATE_GEOGRAPHICAL})


class ApplicantKind(StrEnum):
    """What kind of entity applies: a region, or an organisation (interregional or other)."""

    REGION = "region"
    ORGANISATION = "organisation"


def membership_first_day(decision: date) -> date:
    """The first day of a membership the Board approves on ``decision``.

    Procedures art. 3.1.1: the fee is due "the month following the Executive Board's decision
    to approve membership"; art. 2.1 counts observer status from the same month. The
    membership starts on the first day of that month (*interpretation*, as DESIGN.md reads
    art. 2.1).
    """
    return first_day_of_next_month(decision)


def category_refusal(
    *, kind: ApplicantKind | str, category: MemberCategory | str
) -> Message | None:
    """Why an entity of ``kind`` cannot ask for ``category``, or ``None`` when it can.

    Procedures arts. 3.2.1 and 3.2.2 price full members and geographical associates by their
    population and GDP, and non-geographical associates by a flat fee: *interpretation*, a
    region is a geographical entity and cannot be a non-geographical associate, and an
    organisation is not a region and can be neither a full member nor a geographical
    associate. Founding associates are the founders (art. 3.2.2): nobody applies as one.
    """
    kind = ApplicantKind(kind)
    category = as_member_category(category)
    if category not in APPLICABLE_CATEGORIES:
        return Message.of(
            N_("Category: {category} is not a category one can apply for."),
            article="Procedures art. 3.2.2",
            category=category,
        )
    if kind is ApplicantKind.REGION and category is MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL:
        return Message.of(
            N_(
                "Category: a region is a geographical entity; it may apply as a full member, "
                "a geographical associate or an observer."
            ),
            article="Procedures art. 3.2.2",
        )
    if kind is ApplicantKind.ORGANISATION and category in FORMULA_CATEGORIES:
        return Message.of(
            N_(
                "Category: an organisation is not a region; it may apply as a non-geographical "
                "associate or an observer."
            ),
            article="Procedures arts. 3.2.1, 3.2.2",
        )
    return None


def fee_figures_refusal(
    *,
    category: MemberCategory | str,
    population: int | None,
    relative_gdp: Decimal | None,
) -> Message | None:
    """Why the fee of ``category`` cannot be computed from these figures, or ``None``.

    Procedures art. 3.2.1: the fee of full members and geographical associates is computed
    from the population and the GDP per inhabitant relative to the EU average; both must be
    given and greater than zero.
    """
    category = as_member_category(category)
    if category not in FORMULA_CATEGORIES:
        return None
    if population is None or population <= 0:
        return Message.of(
            N_("Population: give the number of inhabitants; the fee is computed from it."),
            article="Procedures art. 3.2.1",
        )
    if relative_gdp is None or relative_gdp <= 0:
        return Message.of(
            N_(
                "Relative GDP: give the GDP per inhabitant relative to the EU average "
                "(1.0 = average); the fee is computed from it."
            ),
            article="Procedures art. 3.2.1",
        )
    return None


def admission_refusal(
    *,
    category: MemberCategory | str,
    decision: date,
    history: Iterable[tuple[MemberCategory | str, date | None]],
) -> Message | None:
    """Why the Board cannot approve ``category`` on ``decision`` for an entity with ``history``.

    ``history`` is the entity's memberships as (category, last day or ``None`` while open).

    - An entity that is a member on the day of the decision does not apply again
      (*interpretation*: a change of category is recorded by the secretariat, not applied for).
    - Observer status: Procedures arts. 2.1 (not renewable) and 2.2 (not for regions that were
      full or associate members in the last three years), see
      :func:`~aer_portal.rules.membership.observer_admission_refusal`.
    """
    category = as_member_category(category)
    past = [(as_member_category(c), ended_on) for c, ended_on in history]
    if any(c in MEMBER_CATEGORIES and (e is None or e >= decision) for c, e in past):
        return Message.of(
            N_("The entity is already a member of AER; it does not need to apply."),
            article="Procedures art. 3.1.1",
        )
    if category is MemberCategory.OBSERVER:
        return observer_admission_refusal(decision=decision, history=past)
    return None


@dataclass(frozen=True)
class FeePreview:
    """The fee an applicant would pay: the annual fee, and the first year's share of it."""

    annual: FeeCalculation
    first_year: Decimal
    twelfths: int
    steps: tuple[FeeStep, ...]


def application_fee_preview(
    *,
    category: MemberCategory | str,
    decision: date,
    population: int | None,
    relative_gdp: Decimal | None,
    total_revenue: Decimal | None = None,
    params: FeeParameters = FeeParameters(),  # noqa: B008 (frozen, so sharing it is safe)
) -> FeePreview:
    """The fee an applicant would pay if the Board approved it on ``decision``, with its steps.

    Procedures art. 3.2 (the annual fee, :func:`~aer_portal.rules.fees.annual_fee`) and art.
    3.1.1 (the first year: the remaining twelfths from the month following the decision,
    :func:`~aer_portal.rules.fees.first_year_fee`). Observers and founding associates pay
    nothing. Raises ``ValueError`` when the figures the formula needs are missing: ask
    :func:`fee_figures_refusal` first.
    """
    category = as_member_category(category)
    annual = annual_fee(
        category=category,
        year=decision.year,
        population=population or 0,
        relative_gdp=relative_gdp or Decimal(0),
        total_revenue=total_revenue,
        params=params,
    )
    twelfths = remaining_twelfths(decision)
    first = first_year_fee(annual_amount=annual.amount, decision=decision)
    step_message = Message.of(
        N_("First year, {twelfths} twelfths of {annual} from {start}"),
        article="Procedures art. 3.1.1",
        twelfths=twelfths,
        annual=Figure.euros(annual.amount),
        start=membership_first_day(decision).strftime("%m/%Y"),
    )
    step = FeeStep(step_message.article, "", first, 0, step_message)
    steps = (*annual.steps, step)
    return FeePreview(annual=annual, first_year=first, twelfths=twelfths, steps=steps)


def observer_status_ended(decision: date, *, today: date) -> bool:
    """Whether the observer status granted on ``decision`` has ended by ``today``.

    Procedures art. 2.1: granted "for a determined and non-renewable period" of one year; it
    ends by itself after its last day.
    """
    return today > observer_status_last_day(decision)


def withdrawal_effective_day(notice: date, *, months: int = WITHDRAWAL_NOTICE_MONTHS) -> date:
    """The last day of membership of a member that gives notice of withdrawal on ``notice``.

    The Statute, which sets the notice period, is not available to us (aer-facts.md): the
    membership ends on the last day of the month ``months`` months after the notice
    (*interpretation*, a setting). Procedures art. 3.5: fees already due stay due ("without
    prejudice to the recovery of unpaid fees").
    """
    if months < 0:
        raise ValueError(f"months: must not be negative, got {months}")
    return last_day_of_month(add_months(notice, months))
