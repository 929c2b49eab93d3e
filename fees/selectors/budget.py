"""The Treasurer's view of a year (Procedures art. 13)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    F,
    Sum,
    Value,
    When,
)

from aer_portal.rules.fee_collection import budget_coverage_ratio, ordinary_expenditure_covered
from fees.models import (
    Invoice,
    InvoiceLine,
    OrdinaryExpenditure,
)
from fees.selectors.assessments import expected_membership_fees
from fees.selectors.balances import CENT, MONEY, with_balances
from fees.selectors.previews import MEMBERSHIP_LINE_KINDS

# --- The Treasurer's view (Procedures art. 13) --------------------------------------------


@dataclass(frozen=True)
class BudgetOverview:
    """A year's membership fee income next to the ordinary expenditure it should cover."""

    year: int
    expected: Decimal
    invoiced: Decimal
    credited: Decimal
    received: Decimal
    outstanding: Decimal
    programme_invoiced: Decimal
    expenditure: OrdinaryExpenditure | None

    @property
    def net_invoiced(self) -> Decimal:
        return self.invoiced - self.credited

    @property
    def coverage_ratio(self) -> Decimal | None:
        if self.expenditure is None:
            return None
        return budget_coverage_ratio(
            expected_fees=self.expected, ordinary_expenditure=self.expenditure.amount
        )

    @property
    def covered(self) -> bool | None:
        if self.expenditure is None:
            return None
        return ordinary_expenditure_covered(
            expected_fees=self.expected, ordinary_expenditure=self.expenditure.amount
        )


def budget_overview(*, year: int, assessment_id: int) -> BudgetOverview:
    """Expected, invoiced, received and outstanding fees of ``year`` (Procedures art. 13.2).

    Expected membership fees are the membership lines (net of discounts) of the year's
    invoices, less credit notes, plus what the call would still invoice to members not
    invoiced yet. Invoiced, received and outstanding cover every invoice of the year; the
    programme fees among them are shown apart, as art. 13.2 sets them against other costs.
    What the call would still invoice is summed by the database from the fees computed once
    by the rules and kept while their inputs are unchanged: ``assessment_id``, given by
    :func:`fees.services.assessments.fees_assess`.
    """
    to_invoice = expected_membership_fees(assessment_id=assessment_id)
    by_kind = dict(
        InvoiceLine.objects.filter(invoice__year=year)
        .values("kind")
        .annotate(total=Sum("amount"))
        .values_list("kind", "total")
    )
    membership_lines = sum(
        (Decimal(by_kind.get(kind, 0)) for kind in MEMBERSHIP_LINE_KINDS), Decimal(0)
    )
    programme = sum(
        (Decimal(total) for kind, total in by_kind.items() if kind not in MEMBERSHIP_LINE_KINDS),
        Decimal(0),
    )
    # Summed by the database, not by walking a thousand invoices here.
    # (The sums are named apart from the annotations they add up: an aggregate named like an
    # annotation replaces it.)
    totals = with_balances(Invoice.objects.filter(year=year)).aggregate(
        sum_invoiced=Sum("total"),
        sum_credited=Sum("credited"),
        sum_received=Sum("paid"),
        sum_outstanding=Sum(
            Case(When(balance__gt=0, then=F("balance")), default=Value(Decimal(0))),
            output_field=MONEY,
        ),
    )
    invoiced, credited, received, outstanding = (
        Decimal(totals[f"sum_{name}"] or 0)
        for name in ("invoiced", "credited", "received", "outstanding")
    )
    expected = membership_lines - credited + to_invoice
    return BudgetOverview(
        year=year,
        expected=expected.quantize(CENT),
        invoiced=invoiced.quantize(CENT),
        credited=credited.quantize(CENT),
        received=received.quantize(CENT),
        outstanding=outstanding.quantize(CENT),
        programme_invoiced=programme.quantize(CENT),
        expenditure=OrdinaryExpenditure.objects.filter(year=year).first(),
    )
