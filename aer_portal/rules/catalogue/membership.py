"""The catalogue's entries on membership and delegates (Procedures arts. 2, 15.2)."""

from aer_portal.rules import N_
from aer_portal.rules.catalogue.entry import RuleEntry, entry
from aer_portal.rules.membership import (
    OBSERVER_LOOKBACK_YEARS,
    OBSERVER_STATUS_MONTHS,
    SUBSTITUTE_MONTHS,
)


def membership_entries() -> tuple[RuleEntry, ...]:
    """Observer status and substitute delegates (Procedures arts. 2.1, 2.2, 15.2)."""
    return (
        entry(
            "observer_status_period",
            "Procedures art. 2.1",
            N_("Observer status"),
            N_(
                "Observer status is granted once, from the first day of the month after the "
                "Executive Board's decision (interpretation), for one year."
            ),
            N_("{months} months"),
            months=OBSERVER_STATUS_MONTHS,
        ),
        entry(
            "observer_lookback",
            "Procedures art. 2.2",
            N_("No observer status for recent members"),
            N_(
                "Regions that were full or associate members during this period cannot be "
                "observers."
            ),
            N_("{years} years"),
            years=OBSERVER_LOOKBACK_YEARS,
        ),
        entry(
            "substitute_delegate",
            "Procedures art. 15.2",
            N_("Substitute for a delegate"),
            N_(
                "Delegates hold a regional political mandate; the Executive Board assigns a "
                "substitute at most this long after a delegate loses it or is absent."
            ),
            N_("{months} months"),
            months=SUBSTITUTE_MONTHS,
        ),
    )
