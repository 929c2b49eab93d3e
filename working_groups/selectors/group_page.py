"""The public page of a working group: its offices, its meetings with their notice deadlines,
its member regions and recorded activities, and what the reader may do there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import get_language

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import NoticeDeadlines, notice_deadlines
from governance.models import Mandate, Meeting, Seat
from governance.selectors.bodies import current_mandates_q
from governance.selectors.roles import PortalRoles
from members.models import Member
from working_groups.models import GroupActivity, GroupMembership, WorkingGroup
from working_groups.selectors.people import officer_region_ids, officer_regions


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
