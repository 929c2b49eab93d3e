"""Reads about working groups: the public list and page, their offices and members.

Every page reads through one function here, in a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import get_language, gettext

from aer_portal.prepared import prepared_rows
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import NoticeDeadlines, notice_deadlines
from governance.models import Mandate, Meeting, Seat
from governance.selectors.bodies import current_mandates_q
from governance.selectors.roles import PortalRoles
from members.models import Member, Person
from working_groups.models import (
    GroupActivity,
    GroupMembership,
    WorkingGroup,
)

#: Support records the invited region sees; a suggestion stays between lead and secretariat.
from working_groups.selectors.people import (
    officer_region_ids,
    officer_regions,
    region_ids,
)

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


@dataclass(frozen=True)
class MeetingEntry:
    """A meeting of a group with its notice deadlines (Procedures art. 11.4)."""

    meeting: Meeting
    deadlines: NoticeDeadlines
    #: The meeting's start and the two deadlines as the template's `date` filter writes them.
    when: str = ""
    invitation_by: str = ""
    documents_by: str = ""


@dataclass(frozen=True)
class MemberRow:
    """A region in a group, as its page lists it: a row, not model instances."""

    region_id: int
    name: str
    country: str
    role: str
    role_label: str


@dataclass(frozen=True)
class GroupPage:
    """Everything the public page of a working group shows, and what the reader may do."""

    group: WorkingGroup
    memberships: list[MemberRow]
    vice_president: Mandate | None
    chair: Mandate | None
    seconded_officer: Mandate | None
    meetings: list[MeetingEntry]
    first_meeting: MeetingEntry | None
    outputs: list[dict[str, Any]]
    joinable_regions: list[Member]
    leavable_memberships: list[MemberRow]
    may_manage: bool
    may_appoint_seconded_officer: bool
    is_staff: bool


def group_page(*, slug: str, portal: PortalRoles, today: date) -> GroupPage | None:
    """The public page of a working group (constant queries); None if there is no such group.

    Anyone may read it; a member region's officer also gets the regions they may join or leave
    with; staff and the officers of the Chair's region may record meetings and activities.
    """
    # With what the page and the actions on the group read (its body and policy area): the
    # lead region, its country and the proposal, joined for nothing, were half of this query.
    found = list(WorkingGroup.objects.select_related("body", "policy_area").filter(body__slug=slug))
    if not found:
        return None
    [group] = found
    # The group's Chair and seconded officer, and the Vice-President of its policy area, in
    # one query.
    holders = Q(
        seat__body_id=group.body_id, seat__role__in=(Seat.Role.CHAIR, Seat.Role.SECONDED_OFFICER)
    )
    if group.policy_area_id is not None:
        holders |= Q(seat_id=group.policy_area_id)
    office = list(
        Mandate.objects.filter(current_mandates_q(today), holders)
        .select_related("person", "member", "seat")
        .order_by("-starts_on")
    )
    vice_president = next(
        (
            m
            for m in office
            if group.policy_area_id is not None and m.seat_id == group.policy_area_id
        ),
        None,
    )
    office = [m for m in office if m.seat.body_id == group.body_id]
    chair = next((m for m in office if m.seat.role == Seat.Role.CHAIR), None)
    seconded = next((m for m in office if m.seat.role == Seat.Role.SECONDED_OFFICER), None)
    # Dates written once here in the formats of the reader's language, not by a filter that
    # looks the format up again for each of them.
    when_format, day_format = get_format("DATETIME_FORMAT"), get_format("DATE_FORMAT")
    meetings = []
    for meeting in (
        Meeting.objects.filter(body_id=group.body_id)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
    ):
        starts_at = timezone.localtime(meeting.starts_at)
        deadlines = notice_deadlines(BodyKind.WORKING_GROUP, starts_at.date())
        meetings.append(
            MeetingEntry(
                meeting=meeting,
                deadlines=deadlines,
                when=dateformat.format(starts_at, when_format),
                invitation_by=dateformat.format(deadlines.invitation, day_format),
                documents_by=dateformat.format(deadlines.documents, day_format),
            )
        )
    memberships = _member_rows(group_id=group.pk, on=today)
    member_ids = {m.region_id for m in memberships}
    officer_of = officer_regions(portal)
    open_to_join = not group.is_dissolved
    chair_region = chair.member_id if chair else None
    return GroupPage(
        group=group,
        memberships=memberships,
        vice_president=vice_president,
        chair=chair,
        seconded_officer=seconded,
        meetings=meetings,
        first_meeting=meetings[0] if meetings else None,
        outputs=_output_rows(group_id=group.pk),
        joinable_regions=[m for m in officer_of if m.pk not in member_ids] if open_to_join else [],
        leavable_memberships=[m for m in memberships if m.region_id in {r.pk for r in officer_of}]
        if open_to_join
        else [],
        may_manage=not group.is_dissolved
        and (
            portal.is_staff
            or (chair_region is not None and chair_region in officer_region_ids(portal))
        ),
        may_appoint_seconded_officer=not group.is_dissolved
        and chair is not None
        and (portal.is_staff or chair_region in officer_region_ids(portal)),
        is_staff=portal.is_staff,
    )


def _member_rows(*, group_id: int, on: date) -> list[MemberRow]:
    """The group's current regions, lead first, then the supporting ones, then by name (one
    query): rows, as some sixty regions with their country cost a page as much as the rest."""
    rank: dict[str, int] = {GroupMembership.Role.LEAD: 0, GroupMembership.Role.SUPPORTING: 1}
    # Each role named once in the reader's language, not once for each of some sixty rows.
    labels = {role: str(label) for role, label in GroupMembership.Role.choices}
    french = (get_language() or "en").startswith("fr")
    rows = (
        GroupMembership.objects.filter(group_id=group_id, joined_on__lte=on, left_on__isnull=True)
        .order_by("role", "region__name")
        .values_list(
            "region_id",
            "region__name",
            "region__country__name_en",
            "region__country__name_fr",
            "role",
        )
    )
    return sorted(
        (
            MemberRow(
                region_id=region_id,
                name=name,
                country=name_fr if french else name_en,
                role=role,
                role_label=labels[role],
            )
            for region_id, name, name_en, name_fr, role in rows
        ),
        key=lambda m: (rank.get(m.role, 2), m.name),
    )


def _output_rows(*, group_id: int) -> list[dict[str, Any]]:
    """The group's recorded activities and outputs, latest first, with their kind's label
    and day in the reader's language, each written once (one query)."""
    labels = {kind: str(label) for kind, label in GroupActivity.Kind.choices}
    day_format = get_format("DATE_FORMAT")
    rows = (
        GroupActivity.objects.filter(group_id=group_id)
        .order_by("-happened_on", "-pk")
        .values_list("kind", "title", "happened_on", "description", "link")
    )
    return [
        {
            "kind": kind,
            "kind_label": labels[kind],
            "title": title,
            "happened_on": dateformat.format(happened_on, day_format),
            "description": description,
            "link": link,
        }
        for kind, title, happened_on, description, link in rows
    ]


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


# --- Open data ---------------------------------------------------------------------------


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
