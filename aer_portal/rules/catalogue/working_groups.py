"""The catalogue's entry on working groups (AER Working Groups page; Procedures art. 11)."""

from aer_portal.rules import N_
from aer_portal.rules.catalogue.entry import RuleEntry, entry
from aer_portal.rules.working_groups import FIRST_MANDATE_YEARS, MIN_SUPPORTING_REGIONS


def working_group_entries() -> tuple[RuleEntry, ...]:
    """Support needed for a new Working Group (AER Working Groups page; Procedures art. 11)."""
    return (
        entry(
            "working_group_support",
            "AER Working Groups page; Procedures art. 11",
            N_("Support for a new Working Group"),
            N_(
                "The lead region finds supporting regions and proposes a topic, a focus, "
                "activities for the first mandate and an objective to the Executive Board."
            ),
            N_("at least {count} supporting regions; first mandate {years} years"),
            count=MIN_SUPPORTING_REGIONS,
            years=FIRST_MANDATE_YEARS,
        ),
    )
