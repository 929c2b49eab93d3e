"""What a member owes for a year, worked out from data already fetched (no queries here).

The fee-call preview (fees.selectors) and the services that issue invoices (fees.services)
both call :func:`member_fee_draft`, so the preview shows exactly what issuing creates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Protocol

from aer_portal.messages import render as render_message
from aer_portal.rules import N_
from aer_portal.rules.fee_collection import discount_applied, first_year_calculation
from aer_portal.rules.fee_terms import is_new_member_in as rules_is_new_member_in
from aer_portal.rules.fees import FeeCalculation, FeeParameters, ProgrammeFees, annual_fee
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message
from fees.models import Exemption, InvoiceLine, ProgrammeParticipation
from members.models import Member

#: Categories whose fee comes from the formula and so needs the member's statistics.
FORMULA_CATEGORIES = frozenset({MemberCategory.FULL, MemberCategory.ASSOCIATE_GEOGRAPHICAL})
#: Categories that pay a membership fee at all (observers and founding associates pay none).
PAYING_CATEGORIES = FORMULA_CATEGORIES | {MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL}

#: Each programme's article and the words of its invoice line.
PROGRAMME_LINES = {
    ProgrammeParticipation.Programme.SUMMER_ACADEMY: (
        "Procedures art. 3.3.2",
        N_("Summer Academy Organising Committee {year}"),
    ),
    ProgrammeParticipation.Programme.EURODYSSEY: (
        "Procedures art. 3.3.1",
        N_("Eurodyssey {year}"),
    ),
}


class Period(Protocol):
    """A membership period as the fee needs it: a :class:`~members.models.Membership`, or
    the same columns read as plain values by a page that sums a thousand fees."""

    @property
    def category(self) -> str: ...
    @property
    def board_decision(self) -> date: ...
    @property
    def ended_on(self) -> date | None: ...
    def is_current_on(self, day: date) -> bool: ...


class Figures(Protocol):
    """A member's statistics as the fee needs them (a :class:`~members.models.MemberStatistics`
    or its columns as plain values)."""

    @property
    def year(self) -> int: ...
    @property
    def population(self) -> int | None: ...
    @property
    def relative_gdp(self) -> Decimal | None: ...
    @property
    def total_revenue(self) -> Decimal | None: ...


@dataclass(frozen=True)
class LineDraft:
    """An invoice line before it is saved."""

    kind: str
    message: Message
    amount: Decimal

    def description(self) -> str:
        return render_message(self.message)

    def as_line(self, position: int) -> InvoiceLine:
        return InvoiceLine(
            position=position,
            kind=self.kind,
            template=self.message.template,
            params=[[name, str(value)] for name, value in self.message.params],
            article=self.message.article,
            amount=self.amount,
        )


@dataclass(frozen=True)
class FeeDraft:
    """What one member would be invoiced for a year, or why its fee cannot be computed."""

    member: Member
    year: int
    membership: Period | None = None
    statistics: Figures | None = None
    calculation: FeeCalculation | None = None
    lines: tuple[LineDraft, ...] = ()
    problem: Message | None = None
    participations: tuple[ProgrammeParticipation, ...] = field(default=())

    @property
    def category(self) -> MemberCategory | None:
        return MemberCategory(self.membership.category) if self.membership else None

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def invoiceable(self) -> bool:
        """A member is invoiced when its fee is known and something on it costs money."""
        return self.problem is None and any(line.amount > 0 for line in self.lines)

    def problem_text(self) -> str:
        return render_message(self.problem) if self.problem else ""


def newest_statistics(statistics: Iterable[Figures], *, year: int) -> Figures | None:
    """The member's figures of the latest reference year up to ``year``."""
    usable = [row for row in statistics if row.year <= year]
    return max(usable, key=lambda row: row.year, default=None)


def is_new_member_in(memberships: Sequence[Period], *, year: int) -> bool:
    """Whether the member was admitted in a paying category during ``year``.

    Procedures art. 3.1.1: such a member pays the first-year fee, invoiced on its admission,
    not the annual fee of the call. A region readmitted after a gap (it had withdrawn) is a new
    member again (*interpretation*, :func:`aer_portal.rules.fee_terms.is_new_member_in`).
    """
    paying = [
        (m.board_decision, m.ended_on) for m in memberships if m.category in PAYING_CATEGORIES
    ]
    return rules_is_new_member_in(paying, year=year)


def _formula_problem(statistics: Figures | None, *, year: int) -> Message | None:
    if statistics is None:
        return Message.of(
            N_("No population and GDP recorded for {year} or an earlier year."),
            article="Procedures art. 3.2.1",
            year=year,
        )
    missing = (
        ("population", N_("The population is missing in the statistics of {year}.")),
        ("relative_gdp", N_("The relative GDP is missing in the statistics of {year}.")),
    )
    for name, template in missing:
        if getattr(statistics, name) is None:
            return Message.of(template, article="Procedures art. 3.2.1", year=statistics.year)
    return None


def annual_calculation(
    *,
    category: MemberCategory,
    year: int,
    statistics: Figures | None,
    params: FeeParameters,
    explain: bool = True,
) -> tuple[FeeCalculation | None, Message | None]:
    """The annual fee of a member of ``category`` (Procedures art. 3.2), or the problem.

    ``explain=False``: the steps are written when first asked for (see
    :func:`aer_portal.rules.fees.annual_fee`)."""
    if category in FORMULA_CATEGORIES:
        problem = _formula_problem(statistics, year=year)
        if problem is not None:
            return None, problem
        assert statistics is not None and statistics.population is not None
        assert statistics.relative_gdp is not None
        population, gdp = statistics.population, statistics.relative_gdp
        revenue = statistics.total_revenue
    else:
        population, gdp, revenue = 0, Decimal(0), None
    try:
        calculation = annual_fee(
            category=category,
            year=year,
            population=population,
            relative_gdp=gdp,
            total_revenue=revenue,
            params=params,
            explain=explain,
        )
        return calculation, None
    except ValueError as error:
        return None, Message.of("{error}", article="Procedures art. 3.2", error=str(error))


def _membership_line(kind: str, year: int, calculation: FeeCalculation) -> LineDraft:
    template = (
        N_("First-year membership fee {year} (remaining twelfths)")
        if kind == "first_year"
        else N_("Annual membership fee {year}")
    )
    article = "Procedures art. 3.1.1" if kind == "first_year" else "Procedures art. 3.2"
    return LineDraft(
        InvoiceLine.Kind.MEMBERSHIP,
        Message.of(template, article=article, year=year),
        calculation.amount,
    )


def discount_line(exemption: Exemption, *, fee: Decimal) -> LineDraft | None:
    """The negative line of an approved discount or exemption (Procedures art. 3.4)."""
    reduction = discount_applied(fee=fee, discount=exemption.amount)
    if reduction <= 0:
        return None
    template = (
        N_("Exemption approved by the Treasurer on {approved_on}")
        if exemption.amount is None
        else N_("Discount approved by the Treasurer on {approved_on}")
    )
    return LineDraft(
        InvoiceLine.Kind.DISCOUNT,
        Message.of(
            template,
            article="Procedures art. 3.4",
            approved_on=exemption.approved_on.isoformat(),
        ),
        -reduction,
    )


def programme_lines(
    participations: Iterable[ProgrammeParticipation], *, fees: ProgrammeFees
) -> tuple[LineDraft, ...]:
    """One line per programme the member takes part in (Procedures art. 3.3)."""
    amounts = {
        ProgrammeParticipation.Programme.SUMMER_ACADEMY: fees.summer_academy_organising_committee,
        ProgrammeParticipation.Programme.EURODYSSEY: fees.eurodyssey,
    }
    lines = []
    for participation in sorted(participations, key=lambda p: p.programme, reverse=True):
        programme = ProgrammeParticipation.Programme(participation.programme)
        article, template = PROGRAMME_LINES[programme]
        lines.append(
            LineDraft(
                programme.value,
                Message.of(template, article=article, year=participation.year),
                amounts[programme],
            )
        )
    return tuple(lines)


def member_fee_draft(
    *,
    member: Member,
    year: int,
    on: date,
    params: FeeParameters,
    programme_fees: ProgrammeFees,
    memberships: Sequence[Period],
    statistics: Iterable[Figures],
    exemption: Exemption | None,
    participations: Iterable[ProgrammeParticipation],
    first_year_decision: date | None = None,
    explain: bool = True,
) -> FeeDraft:
    """The annual (or, with ``first_year_decision``, first-year) invoice of ``member``.

    The category is the membership running on ``on``; the statistics are the newest up to
    ``year``; an exemption approved for ``year`` becomes a negative line; programmes the member
    takes part in that year and that are not invoiced yet become lines. ``explain=False``
    leaves the fee's steps to be written when first asked for (a page summing every member's
    fee shows a few).
    """
    membership = next((m for m in memberships if m.is_current_on(on)), None)
    if membership is None:
        return FeeDraft(
            member=member,
            year=year,
            problem=Message.of(
                N_("No membership is recorded for {member} on {day}."),
                article="Procedures art. 3.2",
                member=member.name,
                day=on.isoformat(),
            ),
        )
    category = MemberCategory(membership.category)
    stats = newest_statistics(statistics, year=year) if category in FORMULA_CATEGORIES else None
    calculation, problem = annual_calculation(
        category=category, year=year, statistics=stats, params=params, explain=explain
    )
    open_participations = tuple(p for p in participations if p.year == year and not p.invoice_id)
    if calculation is None:
        return FeeDraft(
            member=member, year=year, membership=membership, statistics=stats, problem=problem
        )
    kind = "annual"
    if first_year_decision is not None:
        calculation = first_year_calculation(annual=calculation, decision=first_year_decision)
        kind = "first_year"
    lines = [_membership_line(kind, year, calculation)]
    if exemption is not None and exemption.year == year and exemption.credit_note_id is None:
        discount = discount_line(exemption, fee=calculation.amount)
        if discount is not None:
            lines.append(discount)
    lines += programme_lines(open_participations, fees=programme_fees)
    return FeeDraft(
        member=member,
        year=year,
        membership=membership,
        statistics=stats,
        calculation=calculation,
        lines=tuple(lines),
        participations=open_participations,
    )
