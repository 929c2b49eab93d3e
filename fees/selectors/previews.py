"""What the preview of a fee call holds: a row per member with its status and reason, the
groups by category and the totals, and the rows a page shows with contacts and steps."""

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

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from aer_portal.messages import number, number_format_of_language, render, render_step
from aer_portal.rules import N_
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message, NumberFormat
from fees.calculation import FeeDraft
from fees.models import FeeCall, Invoice
from fees.selectors.parameters import YearParameters
from members.models import Member, Person
from members.selectors.memberships import billing_contacts


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
