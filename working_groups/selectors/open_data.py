"""Working groups as the open data show them: rows, in the database's order, so that a page
of groups is cut there and only its groups fetch their regions, next meeting and outputs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import F, QuerySet

from governance.models import Meeting
from working_groups.models import GroupActivity, GroupMembership, WorkingGroup


def open_data_groups(*, running_only: bool = False) -> QuerySet[WorkingGroup, Any]:
    """Every working group as its public page shows it, as rows, for the open data (one query).

    Rows, not model instances, ordered in the database (name, then id), so that a page is cut
    in the database and only that page's groups fetch their regions, next meeting and outputs
    (:func:`open_data_regions`, :func:`open_data_next_meetings`, :func:`open_data_outputs`).
    ``running_only`` leaves out the dissolved groups.
    """
    groups = WorkingGroup.objects.all()
    if running_only:
        groups = groups.filter(dissolved_on__isnull=True)
    return groups.order_by("body__name", "pk").values(
        "pk",
        "body_id",
        "focus",
        "objective",
        "activities",
        "lead_region_id",
        "established_on",
        "mandate_ends_on",
        "dissolved_on",
        slug=F("body__slug"),
        name=F("body__name"),
        portfolio=F("policy_area__portfolio"),
        lead_region_name=F("lead_region__name"),
    )


def open_data_regions(*, groups: list[dict[str, Any]], on: date) -> dict[int, list[dict[str, Any]]]:
    """Each group's current regions as rows, by group id (one query).

    Each row has ``id``, ``name``, ``country`` (its code) and ``role``, lead first, then by
    name, as the open data show them.
    """
    rows = (
        GroupMembership.objects.filter(
            group__in=[g["pk"] for g in groups], joined_on__lte=on, left_on__isnull=True
        )
        .order_by("role", "region__name")
        .values_list("group_id", "region_id", "region__name", "region__country__code", "role")
    )
    by_group: dict[int, list[dict[str, Any]]] = {g["pk"]: [] for g in groups}
    for group_id, region_id, name, country, role in rows:
        by_group[group_id].append({"id": region_id, "name": name, "country": country, "role": role})
    return by_group


def open_data_next_meetings(
    *, groups: list[dict[str, Any]], now: datetime
) -> dict[int, dict[str, Any]]:
    """Each group's next meeting (not cancelled, from ``now`` on) as a row, by the id of the
    group's body (one query); a group with none planned is left out."""
    rows = (
        Meeting.objects.filter(body_id__in=[g["body_id"] for g in groups], starts_at__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("-starts_at", "-pk")
        .values("pk", "body_id", "title", "starts_at", "ends_at", "place", "online_url", "status")
    )
    # Latest first, so that the earliest of each body is the one left in the dictionary.
    return {row["body_id"]: dict(row) for row in rows}


def open_data_outputs(*, groups: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    """Each group's recorded activities and outputs as rows, latest first, by group id (one
    query)."""
    by_group: dict[int, list[dict[str, Any]]] = {g["pk"]: [] for g in groups}
    rows = (
        GroupActivity.objects.filter(group__in=list(by_group))
        .order_by("-happened_on", "-pk")
        .values_list("group_id", "kind", "title", "happened_on", "description", "link")
    )
    for group_id, kind, title, happened_on, description, link in rows:
        by_group[group_id].append(
            {
                "kind": kind,
                "title": title,
                "happened_on": happened_on,
                "description": description,
                "link": link,
            }
        )
    return by_group
