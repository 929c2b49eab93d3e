"""The working-groups panel of the dashboard: what awaits the person, in a few queries.

Board members: the oldest ten proposals awaiting their review and their number (one query).
Staff: the proposals awaiting the Board's decision (two queries). A region's users: its open
proposals, the invitations to support awaiting an answer and its working groups (three queries).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from aer_portal.dashboard import Panel
from governance.selectors.roles import PortalRoles
from members.access import PortalRequest
from working_groups.models import ProposalSupport, WorkingGroupProposal
from working_groups.selectors.groups import groups_of_regions
from working_groups.selectors.proposals import region_proposals
from working_groups.selectors.review import awaiting_decision, awaiting_review

#: Proposals awaiting the Board's decision (or a Board member's vote) that the dashboard names.
DASHBOARD_PROPOSALS = 10


def panels(request: PortalRequest, today: date) -> list[Panel]:
    if not request.user.is_authenticated:
        return []
    portal: PortalRoles = request.portal
    if not (portal.is_board_member or portal.is_staff or portal.is_member_user):
        return []
    now = timezone.now()
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
        context["awaiting_review"], context["awaiting_review_count"] = awaiting_review(
            person_id=request.user.person_id, now=now, limit=DASHBOARD_PROPOSALS
        )
    if portal.is_staff:
        # Five times AER's size puts a hundred proposals under review: the oldest first, the
        # count, and the list of proposals for the rest.
        context["awaiting_decision"], context["awaiting_decision_count"] = awaiting_decision(
            limit=DASHBOARD_PROPOSALS
        )
    if portal.is_member_user:
        own, invitations = region_proposals(portal=portal)
        context["drafts"] = [
            p
            for p in own
            if p.status
            in (WorkingGroupProposal.Status.DRAFT, WorkingGroupProposal.Status.SUBMITTED)
        ]
        context["invitations"] = [
            s for s in invitations if s.status == ProposalSupport.Status.INVITED
        ]
        context["memberships"] = groups_of_regions(portal=portal)
    return [Panel("working_groups/_panel.html", context, order=40)]
