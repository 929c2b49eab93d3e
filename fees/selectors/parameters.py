"""The fee parameters that apply to a year: the Board's decision, else the Procedures'."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from aer_portal.messages import number
from aer_portal.prepared import prepared_objects
from aer_portal.rules.fees import FeeParameters, ProgrammeFees
from fees.models import FeeDecision


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
