"""The fee call: what each member's fee is computed from, read in a fixed number of queries,
the preview of what the call invoices, and the years the secretariat works on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TypeVar

from django.db.models import Count, F, Model, QuerySet, Window
from django.db.models.functions import RowNumber

from aer_portal.prepared import prepared_objects, prepared_rows
from fees.calculation import FeeDraft, is_new_member_in, member_fee_draft
from fees.models import Exemption, FeeCall, FeeDecision, Invoice, ProgrammeParticipation
from fees.selectors.invoices import MEMBERSHIP_KINDS
from fees.selectors.parameters import YearParameters, parameters_for
from fees.selectors.previews import FeeCallPreview, PreviewRow, RowStatus
from members.models import Member, Membership, MemberStatistics
from members.selectors.memberships import billing_contacts

_Row = TypeVar("_Row")
_Model = TypeVar("_Model", bound=Model)


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
