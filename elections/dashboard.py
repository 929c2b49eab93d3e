"""The elections panel of the dashboard: what is open now, in at most two queries."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from aer_portal.dashboard import Panel
from elections.models import Candidacy, Election, Round
from members.access import PortalRequest, may_run_elections


def _count(queryset: object) -> Coalesce:
    return Coalesce(Subquery(queryset, output_field=IntegerField()), 0)  # type: ignore[arg-type]


def panels(request: PortalRequest, today: date) -> list[Panel]:
    """Upcoming elections with their deadlines, rounds open for voting, reviews awaiting."""
    user = request.user
    if not user.is_authenticated:
        return []
    committee = may_run_elections(request.portal)
    open_rounds = (
        Round.objects.filter(position__election=OuterRef("pk"), status=Round.Status.OPEN)
        .order_by()  # the model's ordering (by position) is resolved, then dropped, otherwise
        .values("position__election")
        .annotate(n=Count("pk"))
        .values("n")
    )
    counts = {"open_rounds": _count(open_rounds)}
    if committee:  # only the Election Committee sees the reviews awaiting (a subquery less)
        pending = (
            Candidacy.objects.filter(election=OuterRef("pk"), status=Candidacy.Status.SUBMITTED)
            .order_by()
            .values("election")
            .annotate(n=Count("pk"))
            .values("n")
        )
        counts["pending_reviews"] = _count(pending)
    visible = Q() if user.is_staff else Q(is_published=True)
    elections = [
        election
        for election in Election.objects.filter(
            visible,
            meeting__starts_at__date__gte=today - timedelta(days=1),
            results_published_on__isnull=True,
        )
        .select_related("meeting")
        # The panel shows the title and the day: the columns of both rows are most of the
        # query's compiling.
        .only("title", "meeting__starts_at")
        .annotate(**counts)
        .order_by("meeting__starts_at")[:5]
        if election.election_day >= today
    ]
    if not elections:
        return []
    return [
        Panel(
            "elections/dashboard_panel.html",
            {"elections": elections, "committee": committee, "today": today},
            order=70,
        )
    ]
