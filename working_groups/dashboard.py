"""The working-groups panel of the dashboard: what awaits the person, in a few queries.

Board members: the oldest ten proposals awaiting their review and their number (one query).
Staff: the oldest ten proposals awaiting the Board's decision and their number (one query). A
region's users: its open proposals, the invitations to support awaiting an answer and its
working groups (three queries). The rows come as plain values with their addresses and labels
written here, so that the template only prints them.
"""

from __future__ import annotations

from datetime import date, datetime

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext

from aer_portal.dashboard import Panel
from governance.selectors.roles import PortalRoles
from members.access import PortalRequest
from working_groups.models import WorkingGroupProposal
from working_groups.selectors.groups import groups_of_regions
from working_groups.selectors.proposals import region_dashboard_proposals
from working_groups.selectors.review import AwaitingProposal, awaiting_decision, awaiting_review

#: Proposals awaiting the Board's decision (or a Board member's vote) that the dashboard names.
DASHBOARD_PROPOSALS = 10


def _prefix(name: str, arg: str) -> str:
    """A page's address without its last part, reversed once for every row of the panel."""
    return reverse(name, args=[arg])[: -len(arg) - 1]


def _awaiting_rows(
    rows: list[AwaitingProposal], proposal_url: str, untitled: str, *, board_meeting: bool
) -> list[dict[str, str]]:
    """The rows of a list of proposals under review: address, title, lead region, and the
    Board meeting's day as the template's `date` filter writes it (local time), written once
    for the proposals queued for the same meeting."""
    template = gettext("Board meeting %(day)s") if board_meeting else "%(day)s"
    day_format = get_format("DATE_FORMAT")
    days: dict[datetime, str] = {}
    for row in rows:
        if row.meeting_starts_at and row.meeting_starts_at not in days:
            day = dateformat.format(timezone.localtime(row.meeting_starts_at), day_format)
            days[row.meeting_starts_at] = template % {"day": day}
    return [
        {
            "url": f"{proposal_url}{row.pk}/",
            "title": row.topic or untitled,
            "lead_region": row.lead_region,
            "meeting": days[row.meeting_starts_at] if row.meeting_starts_at else "",
        }
        for row in rows
    ]


def panels(request: PortalRequest, today: date) -> list[Panel]:
    if not request.user.is_authenticated:
        return []
    portal: PortalRoles = request.portal
    if not (portal.is_board_member or portal.is_staff or portal.is_member_user):
        return []
    proposal_url = _prefix("working_groups:proposal", "0")
    untitled = gettext("Untitled proposal")
    context: dict[str, object] = {
        "is_board_member": portal.is_board_member,
        "is_staff": portal.is_staff,
        "is_member_user": portal.is_member_user,
        "awaiting_review": [],
        "awaiting_decision": [],
        "drafts": [],
        "invitations": [],
        "memberships": [],
    }
    if portal.is_board_member and request.user.person_id is not None:
        # As many proposals as the secretariat's list: the queue has the rest.
        rows, context["awaiting_review_count"] = awaiting_review(
            person_id=request.user.person_id, now=timezone.now(), limit=DASHBOARD_PROPOSALS
        )
        context["awaiting_review"] = _awaiting_rows(
            rows, proposal_url, untitled, board_meeting=True
        )
    if portal.is_staff:
        # Five times AER's size puts a hundred proposals under review: the oldest first, the
        # count, and the list of proposals for the rest.
        rows, context["awaiting_decision_count"] = awaiting_decision(limit=DASHBOARD_PROPOSALS)
        context["awaiting_decision"] = _awaiting_rows(
            rows, proposal_url, untitled, board_meeting=False
        )
    if portal.is_member_user:
        drafts, invitations = region_dashboard_proposals(portal=portal)
        status = dict(WorkingGroupProposal.Status.choices)
        context["drafts"] = [
            {"url": f"{proposal_url}{pk}/", "title": topic or untitled, "status": status[code]}
            for pk, topic, code in drafts
        ]
        context["invitations"] = [
            {"url": f"{proposal_url}{pk}/", "title": topic or untitled, "lead_region": region}
            for pk, topic, region in invitations
        ]
        group_url = _prefix("working_groups:group", "x")
        context["memberships"] = [
            {"url": f"{group_url}{slug}/", "name": name}
            for slug, name in groups_of_regions(portal=portal)
        ]
    return [Panel("working_groups/_panel.html", context, order=40)]
