"""The fee an applicant would pay, with the Board's parameters of the year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from aer_portal.rules.applications import FeePreview, application_fee_preview, fee_figures_refusal
from aer_portal.rules.messages import Message
from fees.selectors.calls import parameters_for


def applicant_fee_preview(
    *,
    category: str,
    population: int | None,
    relative_gdp: Decimal | None,
    total_revenue: Decimal | None,
    on: date,
) -> FeePreview | Message:
    """The fee if the Board approved the application on ``on`` (Procedures arts. 3.1.1, 3.2),
    or the reason it cannot be computed yet."""
    missing = fee_figures_refusal(
        category=category, population=population, relative_gdp=relative_gdp
    )
    if missing is not None:
        return missing
    return application_fee_preview(
        category=category,
        decision=on,
        population=population,
        relative_gdp=relative_gdp,
        total_revenue=total_revenue if total_revenue and total_revenue > 0 else None,
        params=parameters_for(year=on.year).params,
    )
