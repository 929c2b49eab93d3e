"""The fee an applicant would pay, with the Board's parameters of the year."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from aer_portal.rules.applications import FeePreview, application_fee_preview, fee_figures_refusal
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.messages import Message
from fees.selectors.parameters import parameters_for
from governance.models import ApplicationBallot, ApplicationOnlineVote, Mandate
from governance.selectors.bodies import current_mandates_q
from members.models import MembershipApplication


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


def applications_awaiting_board() -> QuerySet[MembershipApplication]:
    """The applications before the Executive Board (on a meeting's agenda or an online vote),
    oldest first, with their country and online vote (one query)."""
    return (
        MembershipApplication.objects.filter(status=MembershipApplication.Status.ON_AGENDA)
        .select_related("country", "online_vote")
        .order_by("submitted_at")
    )


def board_size(*, on: date) -> int:
    """How many people sit on the Executive Board on ``on``: the votes of an online vote."""
    return (
        Mandate.objects.filter(current_mandates_q(on), seat__body__kind=BodyKind.EXECUTIVE_BOARD)
        .values("person_id")
        .distinct()
        .count()
    )


def ballot_counts(online_vote: ApplicationOnlineVote) -> dict[str, int]:
    """How many Board members voted for, against and abstained (one query)."""
    counts = {choice.value: 0 for choice in ApplicationBallot.Choice}
    for choice in online_vote.ballots.values_list("choice", flat=True):
        counts[choice] += 1
    return counts


def my_ballot(
    online_vote: ApplicationOnlineVote, *, person_id: int | None
) -> ApplicationBallot | None:
    """The vote of the person behind an account, if any."""
    if person_id is None:
        return None
    return online_vote.ballots.filter(voter_id=person_id).first()


def ballots_of(*, person_id: int) -> set[int]:
    """The online votes (their ids) in which the person has voted (one query)."""
    return set(
        ApplicationBallot.objects.filter(voter_id=person_id).values_list(
            "online_vote_id", flat=True
        )
    )


def open_online_vote(application: MembershipApplication) -> ApplicationOnlineVote | None:
    """The application's online vote while it is open (read from ``select_related``)."""
    vote = getattr(application, "online_vote", None)
    return vote if vote is not None and vote.is_open else None
