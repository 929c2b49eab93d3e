"""The fees panel of the dashboard: what the region owes, or what waits for the secretariat."""

from __future__ import annotations

from datetime import date

from aer_portal.dashboard import Panel
from fees import selectors
from members.http import PortalRequest


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
        owed = selectors.region_invoices(user=user, is_staff=False)
        invoices = owed.filter(balance__gte=selectors.CENT)  # type: ignore[misc]
        context["rows"] = selectors.invoice_rows(invoices, today=today)
        context["suspensions"] = selectors.open_suspensions(
            member_ids=[access.member_id for access in portal.accesses], on=today
        )
        shown = True
    if portal.is_staff:
        context["overdue_count"] = selectors.overdue_invoices(today=today).count()
        context["to_resolve_count"] = selectors.lines_to_resolve().count()
        shown = True
    if portal.is_board_member and not portal.is_staff:
        context["is_treasurer"] = selectors.is_treasurer(user=user, on=today)
        shown = shown or bool(context["is_treasurer"])
    if not shown:
        return []
    return [Panel("fees/dashboard_panel.html", context, order=30)]
