"""The fees panel of the dashboard: what the region owes, or what waits for the secretariat."""

from __future__ import annotations

from datetime import date

from aer_portal.dashboard import Panel
from fees.selectors.applications import (
    applications_awaiting_board,
    ballots_of,
    open_online_vote,
)
from fees.selectors.invoices import (
    invoice_rows,
    lines_to_resolve,
    open_suspensions,
    overdue_invoices,
    owed_invoices,
)
from members.access import PortalRequest, may_decide_as_treasurer
from members.models import User


def panels(request: PortalRequest, today: date) -> list[Panel]:
    """Member users: their open invoices and any suspension (two queries). Staff: overdue
    invoices and statement lines to resolve (two queries). The Treasurer: a link (one)."""
    portal = request.portal
    user = request.user
    if not user.is_authenticated:
        return []
    context: dict[str, object] = {
        "rows": None,
        "suspensions": [],
        "overdue_count": None,
        "to_resolve_count": 0,
        "is_treasurer": False,
    }
    shown = False
    if portal.is_member_user:
        member_ids = [access.member_id for access in portal.accesses]
        context["rows"] = invoice_rows(owed_invoices(member_ids=member_ids), today=today)
        context["suspensions"] = open_suspensions(member_ids=member_ids, on=today)
        shown = True
    if portal.is_staff:
        context["overdue_count"] = overdue_invoices(today=today).count()
        context["to_resolve_count"] = lines_to_resolve().count()
        shown = True
    if portal.is_board_member and not portal.is_staff:
        treasurer = may_decide_as_treasurer(portal)
        context["is_treasurer"] = treasurer
        shown = shown or treasurer
    panels = [Panel("fees/dashboard_panel.html", context, order=30)] if shown else []
    if portal.is_board_member or portal.is_staff:
        panels.append(_board_applications(user=user, portal_is_board=portal.is_board_member))
    return panels


def _board_applications(*, user: User, portal_is_board: bool) -> Panel:
    """The applications awaiting the Executive Board's decision and, for a Board member, those
    still awaiting their online vote (two queries)."""
    awaiting = list(applications_awaiting_board())
    voted = (
        ballots_of(person_id=user.person_id)
        if portal_is_board and user.person_id is not None
        else set()
    )
    rows = []
    for application in awaiting:
        vote = open_online_vote(application)
        rows.append(
            {
                "application": application,
                "vote_open": vote is not None,
                "awaiting_my_vote": portal_is_board and vote is not None and vote.pk not in voted,
            }
        )
    return Panel("fees/applications_panel.html", {"rows": rows}, order=35)
