"""The elections panel of the dashboard: what is open now, in one query.

The rows come as plain values with their addresses and days written here, so that the
template only prints them.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from aer_portal.dashboard import Panel
from aer_portal.rules.elections import election_timeline
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
    fetched = (
        Election.objects.filter(
            visible,
            meeting__starts_at__date__gte=today - timedelta(days=1),
            results_published_on__isnull=True,
        )
        .annotate(**counts)
        .order_by("meeting__starts_at")
        .values("pk", "title", "meeting__starts_at", *counts)[:5]
    )
    detail_url = reverse("elections:detail", args=[0])[: -len("0/")]
    elections = []
    for row in fetched:
        # As Election.election_day: the General Assembly's day in Brussels.
        day = timezone.localtime(row["meeting__starts_at"]).date()
        if day < today:
            continue
        candidacies_due = election_timeline(day).candidacies_due
        elections.append(
            {
                "url": f"{detail_url}{row['pk']}/",
                "desk_url": f"{detail_url}{row['pk']}/desk/",
                "title": row["title"],
                "day": date_format(day),
                "candidacies_until": date_format(candidacies_due)
                if today <= candidacies_due
                else "",
                "open_rounds": row["open_rounds"],
                "pending_reviews": row.get("pending_reviews", 0),
            }
        )
    if not elections:
        return []
    return [
        Panel(
            "elections/dashboard_panel.html",
            {"elections": elections, "committee": committee},
            order=70,
        )
    ]
