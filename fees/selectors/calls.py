"""The fee call: the parameters of a year and the preview of what the call invoices."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from html import escape
from typing import TypeVar

from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import (
    Count,
    F,
    Model,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from aer_portal.messages import number, number_format_of_language, render, render_step
from aer_portal.prepared import prepared_objects, prepared_rows
from aer_portal.rules import N_
from aer_portal.rules.fees import FeeParameters, ProgrammeFees
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message, NumberFormat
from fees.calculation import FeeDraft, is_new_member_in, member_fee_draft
from fees.models import (
    Exemption,
    FeeCall,
    FeeDecision,
    Invoice,
    ProgrammeParticipation,
)
from fees.selectors.invoices import MEMBERSHIP_KINDS
from members.models import Member, Membership, MemberStatistics, Person
from members.selectors.memberships import billing_contacts

_Row = TypeVar("_Row")
_Model = TypeVar("_Model", bound=Model)


# --- Parameters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class YearParameters:
    """The parameters that apply to a year and where they come from."""

    year: int
    params: FeeParameters
    programme_fees: ProgrammeFees
    decision: FeeDecision | None

    @property
    def indexation(self) -> str:
        return number(self.params.indexation)

    @property
    def decided_for_the_year(self) -> bool:
        return self.decision is not None and self.decision.year == self.year


def _decision_of(year: int) -> QuerySet[FeeDecision]:
    return FeeDecision.objects.filter(year__lte=year).order_by("-year")[:1]


def parameters_for(*, year: int) -> YearParameters:
    """The Board's decision for ``year``, else its latest earlier one, else the Procedures'.

    Procedures art. 3.2: the basic fee applies "until otherwise decided", so a decision holds
    for the following years until the next one.
    """
    # Compiled once per year (aer_portal.prepared): every fee page asks, and the ORM took
    # three times as long to build this query as the database to answer it.
    found = prepared_objects(_decision_of, year)
    decision = found[0] if found else None
    if decision is None:
        return YearParameters(year, FeeParameters(), ProgrammeFees(), None)
    return YearParameters(year, decision.parameters(), decision.programme_fees(), decision)


# --- The fee call -------------------------------------------------------------------------


class RowStatus(StrEnum):
    TO_INVOICE = "to_invoice"
    INVOICED = "invoiced"
    NEW_MEMBER = "new_member"
    NO_FEE = "no_fee"
    CANNOT_COMPUTE = "cannot_compute"


@dataclass(frozen=True)
class PreviewRow:
    """One member in the preview of a call for fees."""

    draft: FeeDraft
    status: RowStatus
    contacts: tuple[Person, ...] = ()
    invoice: Invoice | None = None
    #: The steps as list items, written beforehand for the rows a page shows
    #: (:func:`with_contacts`); ``None``: written when asked for.
    explained: str | None = None

    @property
    def member(self) -> Member:
        return self.draft.member

    @property
    def category_label(self) -> str:
        category = self.draft.category
        return gettext(category.label) if category else gettext("Category unclear")

    @property
    def steps(self) -> list[str]:
        calculation = self.draft.calculation
        return [render_step(step) for step in calculation.steps] if calculation else []

    @property
    def steps_html(self) -> str:
        """The steps as list items, joined here: two hundred rows render in a fraction of the
        time a template loop takes."""
        if self.explained is not None:
            return self.explained
        return format_html_join("", "<li>{}</li>", ((step,) for step in self.steps))

    @property
    def statistics_text(self) -> str:
        figures = self.draft.statistics
        if figures is None:
            return gettext("not needed")
        return gettext("%(year)s: population %(population)s, relative GDP %(gdp)s") % {
            "year": figures.year,
            "population": intcomma(figures.population),
            "gdp": "" if figures.relative_gdp is None else number(figures.relative_gdp),
        }

    @property
    def reason(self) -> str:
        if self.status is RowStatus.CANNOT_COMPUTE:
            return self.draft.problem_text()
        if self.status is RowStatus.NEW_MEMBER:
            return render(
                Message.of(
                    N_(
                        "Admitted in {year}: the first-year fee is invoiced on admission, not by "
                        "the call."
                    ),
                    article="Procedures art. 3.1.1",
                    year=self.draft.year,
                )
            )
        if self.status is RowStatus.NO_FEE:
            return gettext("Pays no membership fee in this category.")
        return ""


@dataclass(frozen=True)
class CategoryGroup:
    category: str
    label: str
    rows: list[PreviewRow]

    @property
    def total(self) -> Decimal:
        return sum((row.draft.total for row in self.rows), Decimal(0))


@dataclass
class FeeCallPreview:
    """What issuing the call for ``year`` would create, and who it leaves out and why."""

    year: int
    on: date
    parameters: YearParameters
    call: FeeCall | None
    rows: list[PreviewRow] = field(default_factory=list)

    def with_status(self, status: RowStatus) -> list[PreviewRow]:
        return [row for row in self.rows if row.status is status]

    @cached_property
    def to_invoice(self) -> list[PreviewRow]:
        """Asked for several times by one page: computed once, after the rows are in."""
        return self.with_status(RowStatus.TO_INVOICE)

    @cached_property
    def left_out(self) -> list[PreviewRow]:
        """The members the call does not invoice, each with its reason."""
        return [row for row in self.rows if row.status is not RowStatus.TO_INVOICE]

    @cached_property
    def groups(self) -> list[CategoryGroup]:
        """The members to invoice per category, in the order of the categories."""
        by_category: dict[str, list[PreviewRow]] = defaultdict(list)
        for row in self.to_invoice:
            by_category[str(row.draft.category)].append(row)
        return [
            CategoryGroup(category.value, gettext(category.label), by_category[category.value])
            for category in MemberCategory
            if by_category.get(category.value)
        ]

    @property
    def total_to_invoice(self) -> Decimal:
        return sum((row.draft.total for row in self.to_invoice), Decimal(0))

    @property
    def expected_membership_fees(self) -> Decimal:
        """Membership fees (net of discounts) of every member the call invoices or has
        invoiced: what the Treasurer expects (Procedures art. 13.2); programmes left out."""
        total = Decimal(0)
        for row in self.rows:
            if row.status is RowStatus.TO_INVOICE:
                total += sum(
                    (line.amount for line in row.draft.lines if line.kind in MEMBERSHIP_LINE_KINDS),
                    Decimal(0),
                )
        return total


MEMBERSHIP_LINE_KINDS = {"membership", "discount"}


@dataclass(frozen=True, slots=True)
class _PeriodValues:
    """A membership period read as plain values (:class:`fees.calculation.Period`): a
    thousand members' periods cost a third of the preview as model objects."""

    member_id: int
    category: str
    board_decision: date
    ended_on: date | None

    def is_current_on(self, day: date) -> bool:
        # The model's own rule, not a copy of it: it reads these four columns only.
        return Membership.is_current_on(self, day)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class _FigureValues:
    """A member's statistics read as plain values (:class:`fees.calculation.Figures`)."""

    member_id: int
    year: int
    population: int | None
    relative_gdp: Decimal | None
    total_revenue: Decimal | None


def _grouped(rows: Iterable[_Row]) -> dict[int, list[_Row]]:
    """Rows by their ``member_id``, in the order given."""
    groups: dict[int, list[_Row]] = defaultdict(list)
    for row in rows:
        groups[row.member_id].append(row)  # type: ignore[attr-defined]
    return groups


@dataclass(frozen=True)
class _Inputs:
    """What the fees of some members are computed from, read before any is computed."""

    members: list[Member]
    memberships: dict[int, list[_PeriodValues]]
    statistics: dict[int, list[_FigureValues]]
    participations: dict[int, list[ProgrammeParticipation]]
    invoices: dict[int, Invoice]
    call: FeeCall | None


def _inputs(*, year: int, member_ids: Iterable[int] | None, for_display: bool) -> _Inputs:
    """The inputs of every member's fee, or of ``member_ids``', through the ORM (six queries)."""
    members = Member.objects.select_related("fee_exemption").order_by("name")
    # A page shows the name: every column and the country of a thousand members are work
    # for nothing there.
    if for_display:
        members = members.only("name", "fee_exemption")
    else:
        members = members.select_related("country")
    if member_ids is not None:
        members = members.filter(pk__in=list(member_ids))
    members_list = list(members)
    ids = [member.pk for member in members_list]

    def of_members(rows: QuerySet[_Model]) -> QuerySet[_Model]:
        # Every member's rows need no filter: a thousand ids in an IN list cost more to
        # build and bind than the rows they select.
        return rows if member_ids is None else rows.filter(member_id__in=ids)

    # Grouped by hand rather than prefetched: at 200 members this halves the time.
    memberships = _grouped(
        _PeriodValues(*row)
        for row in of_members(Membership.objects.all())
        .order_by("board_decision")
        .values_list("member_id", "category", "board_decision", "ended_on")
    )
    # The newest figures up to the year, ranked in one pass (a window function) rather than
    # by a subquery run again for every row of every member's history. For the few members
    # a page shows, their few years each come as they are (the fee takes the newest):
    # building the window query costs more than those rows.
    figures = of_members(MemberStatistics.objects.filter(year__lte=year))
    if member_ids is None:
        figures = figures.annotate(
            newest=Window(RowNumber(), partition_by=[F("member_id")], order_by=F("year").desc())
        ).filter(newest=1)
    statistics = _grouped(
        _FigureValues(*row) for row in figures.order_by().values_list(*_FIGURE_COLUMNS)
    )
    # Unordered: the model orders by member name (a join) and the lines sort themselves.
    participations = _grouped(
        of_members(ProgrammeParticipation.objects.filter(year=year)).order_by()
    )
    invoices: dict[int, Invoice] = {}
    issued_of_year = Invoice.objects.filter(year=year, kind__in=MEMBERSHIP_KINDS)
    if for_display:
        # A page shows the invoice's number and links to it.
        issued_of_year = issued_of_year.only(*_INVOICE_COLUMNS)
    # After the call every member has one: a page listing twenty rows reads twenty invoices.
    for issued in of_members(issued_of_year).order_by("kind"):
        invoices.setdefault(issued.member_id, issued)
    call = FeeCall.objects.filter(year=year).first()
    return _Inputs(members_list, memberships, statistics, participations, invoices, call)


_PERIOD_COLUMNS = ("member_id", "category", "board_decision", "ended_on")
_FIGURE_COLUMNS = ("member_id", "year", "population", "relative_gdp", "total_revenue")
#: What a page shows of an invoice: its number, linked.
_INVOICE_COLUMNS = ("id", "number", "year", "kind", "member_id")


# The queries of :func:`_inputs_of_few`, by the members (a tuple) and the year.


def _members_named(ids: tuple[int, ...]) -> QuerySet[Member]:
    return (
        Member.objects.filter(pk__in=ids)
        .select_related("fee_exemption")
        .only("name", "fee_exemption")
        .order_by("name")
    )


def _periods_of(ids: tuple[int, ...]) -> QuerySet[Membership, tuple[object, ...]]:
    return (
        Membership.objects.filter(member_id__in=ids)
        .order_by("board_decision")
        .values_list(*_PERIOD_COLUMNS)
    )


def _figures_of(year: int, ids: tuple[int, ...]) -> QuerySet[MemberStatistics, tuple[object, ...]]:
    return (
        MemberStatistics.objects.filter(year__lte=year, member_id__in=ids)
        .order_by()
        .values_list(*_FIGURE_COLUMNS)
    )


def _participations_of(year: int, ids: tuple[int, ...]) -> QuerySet[ProgrammeParticipation]:
    return ProgrammeParticipation.objects.filter(year=year, member_id__in=ids).order_by()


def _invoices_of(year: int, ids: tuple[int, ...]) -> QuerySet[Invoice]:
    return (
        Invoice.objects.filter(kind__in=MEMBERSHIP_KINDS, year=year, member_id__in=ids)
        .only(*_INVOICE_COLUMNS)
        .order_by("kind")
    )


def _call_of_year(year: int) -> QuerySet[FeeCall]:
    return FeeCall.objects.filter(year=year).order_by()


def _inputs_of_few(*, ids: list[int], year: int) -> _Inputs:
    """The inputs of the fees of the few members a page shows, as :func:`_inputs` reads them
    ``for_display``, in six queries compiled once per members and year (aer_portal.prepared).

    The same queries as :func:`_inputs` by the same columns and conditions: for the twenty
    rows of a page, the ORM took three times as long to build them as the database to
    answer them.
    """
    if not ids:
        return _Inputs([], {}, {}, {}, {}, _call_of(year))
    members = tuple(ids)
    found = prepared_objects(_members_named, members, related=("fee_exemption",))
    memberships = _grouped(_PeriodValues(*row) for row in prepared_rows(_periods_of, members))
    statistics = _grouped(_FigureValues(*row) for row in prepared_rows(_figures_of, year, members))
    participations = _grouped(prepared_objects(_participations_of, year, members))
    invoices: dict[int, Invoice] = {}
    for issued in prepared_objects(_invoices_of, year, members):
        invoices.setdefault(issued.member_id, issued)
    return _Inputs(found, memberships, statistics, participations, invoices, _call_of(year))


def _call_of(year: int) -> FeeCall | None:
    found = prepared_objects(_call_of_year, year)
    return found[0] if found else None


def fee_call_preview(
    *,
    year: int,
    on: date,
    member_ids: Iterable[int] | None = None,
    for_display: bool = False,
    parameters: YearParameters | None = None,
) -> FeeCallPreview:
    """Every member's fee for ``year`` as the call would invoice it, in eight queries.

    The category is the membership running on ``on`` (the day of the call), the statistics
    the newest up to ``year``. Members already invoiced for the year, admitted during it
    (first-year fee, art. 3.1.1), paying no fee, or whose fee cannot be computed are listed
    with the reason and not invoiced.

    ``for_display`` is for pages that show a few rows and the totals (the preview, the
    Treasurer's view): the members come with their name only and without billing contacts
    (seven queries), and members invoiced already get no fee computed, only their category;
    such a page asks :func:`with_contacts` for the rows it shows. Issuing
    the call needs the whole member (its address) and every contact. A page that read the
    year's ``parameters`` already passes them (one query less).
    """
    if parameters is None:
        parameters = parameters_for(year=year)
    if for_display and member_ids is not None:
        inputs = _inputs_of_few(ids=list(member_ids), year=year)
    else:
        inputs = _inputs(year=year, member_ids=member_ids, for_display=for_display)
    members_list, memberships, statistics = inputs.members, inputs.memberships, inputs.statistics
    participations, invoices = inputs.participations, inputs.invoices
    contacts = {} if for_display else billing_contacts(member_ids=[m.pk for m in members_list])
    preview = FeeCallPreview(year=year, on=on, parameters=parameters, call=inputs.call)
    for member in members_list:
        periods = memberships.get(member.pk, [])
        if periods and not any(m.is_current_on(on) for m in periods):
            continue  # not (or no longer) a member: nothing to invoice, nothing to explain
        invoice = invoices.get(member.pk)
        if invoice is not None and for_display:
            # Invoiced already: a page shows its category and invoice, never a fee computed
            # again (after the call, that is nearly every member of the year).
            current = next((m for m in periods if m.is_current_on(on)), None)
            draft = FeeDraft(member=member, year=year, membership=current)
            preview.rows.append(PreviewRow(draft, RowStatus.INVOICED, invoice=invoice))
            continue
        exemption = getattr(member, "fee_exemption", None)
        draft = member_fee_draft(
            member=member,
            year=year,
            on=on,
            params=parameters.params,
            programme_fees=parameters.programme_fees,
            memberships=periods,
            statistics=statistics.get(member.pk, []),
            exemption=exemption if isinstance(exemption, Exemption) else None,
            participations=participations.get(member.pk, []),
            # The steps of the twenty rows a page shows are written when it shows them; a
            # page that asked for its rows only shows every one of them.
            explain=not for_display or member_ids is not None,
        )
        if invoice is not None:
            status = RowStatus.INVOICED
        elif draft.problem is not None:
            status = RowStatus.CANNOT_COMPUTE
        elif is_new_member_in(periods, year=year):
            status = RowStatus.NEW_MEMBER
        elif draft.invoiceable:
            status = RowStatus.TO_INVOICE
        else:
            status = RowStatus.NO_FEE
        preview.rows.append(
            PreviewRow(draft, status, tuple(contacts.get(member.pk, ())), invoice=invoice)
        )
    return preview


def _explained(row: PreviewRow, translate: Callable[[str], str], number: NumberFormat) -> str:
    calculation = row.draft.calculation
    steps = calculation.steps if calculation else ()
    # Django's own escaping (html.escape) without format_html_join's round of
    # conditional_escape and format per step: a hundred steps a page.
    return mark_safe(
        "".join(f"<li>{escape(step.render(translate, number))}</li>" for step in steps)
    )


def with_contacts(rows: Iterable[PreviewRow]) -> list[PreviewRow]:
    """The rows with their members' billing contacts, in one query, and their explanations: a
    page that shows a first page of a :func:`fee_call_preview` made ``for_display`` asks for
    those rows only."""
    rows = list(rows)
    contacts = billing_contacts(member_ids=[row.member.pk for row in rows])
    # The rows' steps repeat the same few sentences: each translated once for the page.
    translate = functools.cache(gettext)
    number_format = number_format_of_language()
    return [
        replace(
            row,
            contacts=tuple(contacts.get(row.member.pk, ())),
            explained=_explained(row, translate, number_format),
        )
        for row in rows
    ]


def fee_call_years(*, today: date) -> list[dict[str, object]]:
    """The years the secretariat works on: decisions, calls and invoice counts (3 queries)."""
    decisions = {d.year: d for d in FeeDecision.objects.all()}
    calls = {c.year: c for c in FeeCall.objects.all()}
    counts = dict(Invoice.objects.values("year").annotate(n=Count("pk")).values_list("year", "n"))
    years = sorted({today.year, today.year + 1, *decisions, *calls, *counts}, reverse=True)
    return [
        {
            "year": year,
            "decision": decisions.get(year),
            "call": calls.get(year),
            "invoice_count": counts.get(year, 0),
        }
        for year in years
    ]
