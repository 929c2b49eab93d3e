"""The fee values in force, for the public /rules/ page (portal.views.rules).

The page lists the rules module's catalogue; the fees in it are the Executive Board's yearly
decision (Procedures art. 3.2), the same :func:`fees.selectors.parameters_for` that invoices
use, not the Procedures' defaults.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from aer_portal.dates import day
from aer_portal.rules import N_
from aer_portal.rules.messages import Message
from fees.selectors.parameters import parameters_for


def rules_values(*, today: date) -> dict[str, Any]:
    """Keyword arguments for :func:`aer_portal.rules.catalogue.catalogue` (one query).

    The decision for this year, else the latest earlier one (it holds "until otherwise
    decided", art. 3.2); with none, nothing, and the catalogue shows the Procedures' values
    and says so.
    """
    parameters = parameters_for(year=today.year)
    decision = parameters.decision
    if decision is None:
        return {}
    decided_on = day(decision.decided_on)
    if decision.year == today.year:
        source = Message.of(
            N_("Executive Board decision of {decided_on} on the fees for {year}"),
            article="Procedures art. 3.2",
            decided_on=decided_on,
            year=decision.year,
        )
    else:
        source = Message.of(
            N_(
                "Executive Board decision of {decided_on} on the fees for {decision_year}, in "
                "force in {year} until the Board decides otherwise"
            ),
            article="Procedures art. 3.2",
            decided_on=decided_on,
            decision_year=decision.year,
            year=today.year,
        )
    return {
        "fee_parameters": parameters.params,
        "programme_fees": parameters.programme_fees,
        "fee_source": source,
    }
