"""Setting up a Working Group: support and the content of a draft proposal.

Source: AER's page on Working Groups ("Process to set up a working group", which applies
Statute arts. 2, 6, 8 and Procedures art. 11). The Executive Board establishes Working Groups,
so the figures here are settings with the page's values as defaults.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from aer_portal.rules import N_
from aer_portal.rules.messages import Message

#: "An AER member wishing to set up a Working Group should find at least three supporting regions".
MIN_SUPPORTING_REGIONS = 3
#: "activities which they would like to implement within the first two-years mandate".
FIRST_MANDATE_YEARS = 2

_SOURCE = "AER Working Groups page, step 1–2 (Procedures art. 11)"


@dataclass(frozen=True)
class WorkingGroupDraft:
    """A draft proposal for setting up a Working Group, as the lead region fills it in.

    ``lead_region`` and ``supporting_regions`` hold whatever identifies a region to the caller
    (a primary key as text, a code or a name), the same kind of identifier in both.
    """

    topic: str = ""
    focus: str = ""
    lead_region: str = ""
    supporting_regions: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    objective: str = ""


def _distinct_supporters(supporting_regions: Iterable[str], *, lead_region: str) -> set[str]:
    # The lead region supports its own proposal by definition; it is not one of "three
    # supporting regions", and a region named twice counts once.
    lead = lead_region.strip()
    return {region.strip() for region in supporting_regions if region.strip()} - {lead}


def supporters_still_needed(
    supporting_regions: Iterable[str],
    *,
    lead_region: str,
    minimum: int = MIN_SUPPORTING_REGIONS,
) -> int:
    """How many more supporting regions a proposal needs besides its lead region (0 = enough).

    AER Working Groups page, step 1: the proposing member "should find at least three
    supporting regions". The lead region and blank or repeated entries do not count.
    """
    if minimum < 0:
        raise ValueError(f"minimum: must not be negative, got {minimum}")
    return max(0, minimum - len(_distinct_supporters(supporting_regions, lead_region=lead_region)))


def has_enough_supporters(
    supporting_regions: Iterable[str], *, lead_region: str, minimum: int = MIN_SUPPORTING_REGIONS
) -> bool:
    """Whether a proposal has its supporting regions (AER Working Groups page, step 1)."""
    return (
        supporters_still_needed(supporting_regions, lead_region=lead_region, minimum=minimum) == 0
    )


def draft_proposal_problems(
    draft: WorkingGroupDraft, *, min_supporters: int = MIN_SUPPORTING_REGIONS
) -> tuple[Message, ...]:
    """What a draft proposal still lacks before it can go to the Executive Board; empty = ready.

    AER Working Groups page, step 2: the draft proposal should mention the topic, clarify the
    focus of the exchange, indicate the lead region and the supporting regions, propose a few
    activities for the first two-year mandate and define an objective; step 1: at least three
    supporting regions besides the lead. Blank text counts as missing.
    """
    problems: list[Message] = []
    required_text = (
        (draft.topic, N_("The draft proposal does not mention the topic of the Working Group.")),
        (
            draft.focus,
            N_("The draft proposal does not clarify the focus of the exchange of best practices."),
        ),
        (draft.lead_region, N_("The draft proposal does not indicate the lead region.")),
    )
    for value, template in required_text:
        if not value.strip():
            problems.append(Message.of(template, article=_SOURCE))
    missing = supporters_still_needed(
        draft.supporting_regions, lead_region=draft.lead_region, minimum=min_supporters
    )
    if missing:
        problems.append(
            Message.of(
                N_(
                    "The proposal needs at least {minimum} supporting regions besides the lead "
                    "region; {missing} more needed."
                ),
                article=_SOURCE,
                minimum=min_supporters,
                missing=missing,
            )
        )
    if not any(activity.strip() for activity in draft.activities):
        problems.append(
            Message.of(
                N_("The draft proposal proposes no activities for the first {years}-year mandate."),
                article=_SOURCE,
                years=FIRST_MANDATE_YEARS,
            )
        )
    if not draft.objective.strip():
        problems.append(
            Message.of(
                N_("The draft proposal does not define an objective for the Working Group."),
                article=_SOURCE,
            )
        )
    return tuple(problems)
