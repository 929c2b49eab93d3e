"""The elections panel of the dashboard: what is open now, in one query.

The rows come as plain values with their addresses and days written here, so that the
template only prints them.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from aer_portal.dashboard import Panel
from aer_portal.prepared import prepared_rows
from aer_portal.rules.elections import election_timeline
from elections.models import Candidacy, Election, Position, Round
from members.access import PortalRequest, may_run_elections


def _tables() -> tuple[str, str, str, str]:
    qn = connection.ops.quote_name
    models = (Election, Position, Round, Candidacy)
    elections, positions, rounds, candidacies = (qn(m._meta.db_table) for m in models)
    return elections, positions, rounds, candidacies


def _open_rounds_sql() -> str:
    """How many rounds of the outer query's election are open, as plain SQL."""
    elections, positions, rounds, _candidacies = _tables()
    # Names from the models, the status a parameter: nothing to inject.
    return (
        f"SELECT COUNT(*) FROM {rounds} INNER JOIN {positions}"  # noqa: S608
        f" ON {rounds}.position_id = {positions}.id"
        f" WHERE {positions}.election_id = {elections}.id AND {rounds}.status = %s"
    )


def _pending_reviews_sql() -> str:
    """How many candidacies of the outer query's election await review, as plain SQL."""
    elections, _positions, _rounds, candidacies = _tables()
    return (
        f"SELECT COUNT(*) FROM {candidacies}"  # noqa: S608
        f" WHERE {candidacies}.election_id = {elections}.id AND {candidacies}.status = %s"
    )


def _elections(
    committee: bool, staff: bool, since: datetime
) -> QuerySet[Election, tuple[Any, ...]]:
    """The next five elections whose General Assembly starts from ``since``, results not yet
    published, with their open rounds and, for the Election Committee, the reviews awaiting."""
    counts = {
        "open_rounds": RawSQL(_open_rounds_sql(), (Round.Status.OPEN,), IntegerField()),  # noqa: S611
    }
    if committee:  # only the Election Committee sees the reviews awaiting (a subquery less)
        counts["pending_reviews"] = RawSQL(  # noqa: S611
            _pending_reviews_sql(), (Candidacy.Status.SUBMITTED,), IntegerField()
        )
    visible = Q() if staff else Q(is_published=True)
    return (
        Election.objects.filter(
            visible, meeting__starts_at__gte=since, results_published_on__isnull=True
        )
        .annotate(**counts)
        .order_by("meeting__starts_at")
        .values_list("pk", "title", "meeting__starts_at", *counts)[:5]
    )


def panels(request: PortalRequest, today: date) -> list[Panel]:
    """Upcoming elections with their deadlines, rounds open for voting, reviews awaiting.

    The counts are plain SQL: the same subqueries as Subquery expressions took twice the
    panel's time to compile (issue 16); the query is compiled once per day and rights
    (aer_portal.prepared).
    """
    user = request.user
    if not user.is_authenticated:
        return []
    committee = may_run_elections(request.portal)
    # The General Assembly's day in Brussels is yesterday or later.
    since = timezone.make_aware(datetime.combine(today - timedelta(days=1), time.min))
    fetched = prepared_rows(_elections, committee, user.is_staff, since)
    detail_url = reverse("elections:detail", args=[0])[: -len("0/")]
    elections = []
    for pk, title, starts_at, open_rounds, *pending_reviews in fetched:
        # As Election.election_day: the General Assembly's day in Brussels.
        day = timezone.localtime(starts_at).date()
        if day < today:
            continue
        candidacies_due = election_timeline(day).candidacies_due
        elections.append(
            {
                "url": f"{detail_url}{pk}/",
                "desk_url": f"{detail_url}{pk}/desk/",
                "title": title,
                "day": date_format(day),
                "candidacies_until": date_format(candidacies_due)
                if today <= candidacies_due
                else "",
                "open_rounds": open_rounds,
                "pending_reviews": pending_reviews[0] if pending_reviews else 0,
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
