"""Elections and their calendar (Procedures arts. 15.4–15.6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext

from aer_portal.dates import day
from aer_portal.rules.meetings import DeadlineCheck, check_deadline
from elections.models import (
    Candidacy,
    Election,
)
from governance.models import ReminderSent
from members.models import User

#: The ledger kind of the announcement to members (Procedures art. 15.4); see reminders.py.
ANNOUNCEMENT_KIND = "elections.announcement"


def announcement_key(election_id: int) -> str:
    """The ledger key of an election's announcement to members."""
    return f"election:{election_id}:announcement"


def elections_visible(*, user: User) -> QuerySet[Election]:
    """Published elections for everyone; drafts too for staff."""
    elections = Election.objects.select_related("meeting")
    if not (user.is_authenticated and user.is_staff):
        elections = elections.filter(is_published=True)
    return elections


def election_get(*, user: User, pk: int) -> Election | None:
    """One election the user may see, with its meeting, or ``None``."""
    # Unordered and sliced: first() kept the elections' order (by their meeting's start) and
    # cloned the query again, a quarter of its time, on every page of an election.
    found = list(elections_visible(user=user).filter(pk=pk).order_by()[:1])
    return found[0] if found else None


@dataclass(frozen=True)
class Step:
    """One step of the election calendar, with its deadline and whether it was done in time."""

    name: str
    article: str
    check: DeadlineCheck | None
    detail: str = ""


@dataclass(frozen=True)
class CandidacyCounts:
    """An election's candidacies awaiting review and accepted, by position."""

    submitted: dict[int, int]
    accepted: dict[int, int]


def candidacy_counts(*, election: Election) -> CandidacyCounts:
    """How many candidacies await review and are accepted, per position (one query)."""
    rows = (
        election.candidacies.order_by()
        .values("position_id")
        .annotate(
            submitted=Count("pk", filter=Q(status=Candidacy.Status.SUBMITTED)),
            accepted=Count("pk", filter=Q(status=Candidacy.Status.ACCEPTED)),
        )
        .values_list("position_id", "submitted", "accepted")
    )
    submitted: dict[int, int] = {}
    accepted: dict[int, int] = {}
    for position_id, waiting, taken in rows:
        submitted[position_id] = waiting
        accepted[position_id] = taken
    return CandidacyCounts(submitted, accepted)


def election_steps(
    *, election: Election, today: date, counts: CandidacyCounts | None = None
) -> list[Step]:
    """The calendar of Procedures arts. 15.4–15.6, each step on time, due or late (2 queries,
    one when ``counts`` gives the candidacies counted already)."""
    timeline = election.timeline
    informed = ReminderSent.objects.filter(
        kind=ANNOUNCEMENT_KIND, deadline_key=announcement_key(election.pk)
    ).aggregate(first=Min("sent_at"))["first"]
    informed_on = election.announced_on or (informed.date() if informed is not None else None)
    if informed_on is not None and informed_on > today:
        informed_on = today
    counted = counts or candidacy_counts(election=election)
    totals = {
        "submitted": sum(counted.submitted.values()),
        "accepted": sum(counted.accepted.values()),
    }
    candidacies_open = today <= timeline.candidacies_due
    return [
        Step(
            gettext("Members informed"),
            "Procedures art. 15.4",
            check_deadline(timeline.members_informed, today=today, done_on=informed_on),
        ),
        Step(
            gettext("Candidacies (letter and CV) due"),
            "Procedures art. 15.5",
            None,
            detail=(
                gettext("open until %(day)s") if candidacies_open else gettext("closed on %(day)s")
            )
            % {"day": day(timeline.candidacies_due)}
            + " · "
            + gettext("%(accepted)d accepted, %(submitted)d awaiting review") % totals,
        ),
        Step(
            gettext("Candidates' portfolio distributed"),
            "Procedures art. 15.6",
            check_deadline(
                timeline.portfolio_distributed,
                today=today,
                done_on=min(election.portfolio_sent_on, today)
                if election.portfolio_sent_on
                else None,
            ),
        ),
    ]
