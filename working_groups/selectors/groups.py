"""Reads about working groups: the public list, a group's Chair, its held meetings and the
people who may chair it, and the groups of the reader's regions.

A group's page reads through working_groups.selectors.group_page, the open data through
working_groups.selectors.open_data; every page through one function, in a constant number of
queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import get_language, gettext

from aer_portal.prepared import prepared_rows
from governance.models import Mandate, Meeting, Seat
from governance.selectors.bodies import current_mandates_q
from governance.selectors.roles import PortalRoles
from members.models import Person
from working_groups.models import GroupMembership, WorkingGroup
from working_groups.selectors.people import region_ids

# --- Working groups ----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupListEntry:
    """One working group on the public list, as plain values."""

    url: str
    name: str
    policy_area: str
    lead_region: str
    lead_country: str
    member_count: int
    established_on: date
    dissolved_on: date | None
    mine: bool


@dataclass(frozen=True)
class GroupList:
    """The public list: the running groups, and the past ones listed or only counted."""

    running: list[GroupListEntry]
    dissolved: list[GroupListEntry]


def public_group_counts() -> tuple[int, int]:
    """How many working groups run, and how many were dissolved (one query)."""
    counts = WorkingGroup.objects.aggregate(
        running=Count("pk", filter=Q(dissolved_on__isnull=True)),
        dissolved=Count("pk", filter=Q(dissolved_on__isnull=False)),
    )
    return counts["running"], counts["dissolved"]


def public_groups(
    *,
    portal: PortalRoles,
    with_past: bool = False,
    offset: int = 0,
    limit: int | None = None,
) -> GroupList:
    """The working groups (running, then dissolved) with their number of member regions.

    The running groups from ``offset``, at most ``limit`` of them (all without a limit), by
    name, cut in the database; the dissolved groups when ``with_past`` asks (they pile up
    over the years: :func:`public_group_counts` counts them). One query, two with the past
    groups, plus one when the reader acts for a region (which groups it is in). Rows, not
    model instances: each group cost the page a dozen attribute and translation lookups.
    """
    rows = list(
        _list_rows(WorkingGroup.objects.filter(dissolved_on__isnull=True))[
            offset : None if limit is None else offset + limit
        ]
    )
    if with_past:
        rows += _list_rows(WorkingGroup.objects.filter(dissolved_on__isnull=False))
    regions = region_ids(portal)
    mine: set[int] = set()
    if regions:
        mine = set(
            GroupMembership.objects.filter(region_id__in=regions, left_on__isnull=True).values_list(
                "group_id", flat=True
            )
        )
    french = (get_language() or "en").startswith("fr")
    prefix = reverse("working_groups:group", args=["-"]).removesuffix("-/")
    entries = [
        GroupListEntry(
            url=f"{prefix}{slug}/",
            name=name,
            # As Seat.portfolio_name: the policy area in the reader's language when known;
            # a dash without a policy area.
            policy_area=gettext(portfolio) if portfolio else "—" if portfolio is None else "",
            lead_region=lead,
            lead_country=name_fr if french else name_en,
            member_count=count,
            established_on=established_on,
            dissolved_on=dissolved_on,
            mine=pk in mine,
        )
        for (
            pk,
            slug,
            name,
            portfolio,
            lead,
            name_en,
            name_fr,
            established_on,
            dissolved_on,
            count,
        ) in rows
    ]
    return GroupList(
        running=[e for e in entries if e.dissolved_on is None],
        dissolved=[e for e in entries if e.dissolved_on is not None],
    )


def _list_rows(groups: QuerySet[WorkingGroup]) -> QuerySet[WorkingGroup, Any]:
    """The public list's columns of ``groups``, by name, with their current member regions
    counted in the database."""
    return groups.order_by("body__name", "pk").values_list(
        "pk",
        "body__slug",
        "body__name",
        "policy_area__portfolio",
        "lead_region__name",
        "lead_region__country__name_en",
        "lead_region__country__name_fr",
        "established_on",
        "dissolved_on",
        Coalesce(
            Subquery(
                GroupMembership.objects.filter(group=OuterRef("pk"), left_on__isnull=True)
                .order_by()
                .values("group_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
    )


def group_of_proposal(*, proposal_id: int) -> WorkingGroup:
    """The working group an approved proposal established."""
    return WorkingGroup.objects.select_related("body").get(proposal_id=proposal_id)


def group_chair(*, group: WorkingGroup, on: date) -> Mandate | None:
    """The group's Chair on ``on``, with the region they act for."""
    return (
        Mandate.objects.filter(
            current_mandates_q(on), seat__body_id=group.body_id, seat__role=Seat.Role.CHAIR
        )
        .select_related("person", "member")
        .order_by("-starts_on")
        .first()
    )


def held_group_meetings(*, group: WorkingGroup) -> QuerySet[Meeting]:
    """The group's meetings recorded as held, latest first: where it appoints its Chair."""
    return Meeting.objects.filter(
        body=group.body,
        status__in=(Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED),
    ).order_by("-starts_at")


def people_of_group_regions(*, group: WorkingGroup, on: date) -> QuerySet[Person]:
    """The people of the regions in the group: who may be appointed its Chair."""
    regions = GroupMembership.objects.filter(
        group=group, joined_on__lte=on, left_on__isnull=True
    ).values("region_id")
    return (
        Person.objects.filter(member_id__in=regions)
        .select_related("member")
        .order_by("member__name", "last_name", "first_name")
    )


def groups_of_regions(*, portal: PortalRoles) -> list[tuple[str, str]]:
    """The groups the reader's regions are in, for the dashboard, by name, as rows
    (slug, name): one query, compiled once per regions (aer_portal.prepared)."""
    return [
        (slug, name) for slug, name in prepared_rows(_groups_of, tuple(sorted(region_ids(portal))))
    ]


def _groups_of(regions: tuple[int, ...]) -> QuerySet[GroupMembership, tuple[Any, ...]]:
    return (
        GroupMembership.objects.filter(region_id__in=regions, left_on__isnull=True)
        .order_by("group__body__name")
        .values_list("group__body__slug", "group__body__name")
    )
