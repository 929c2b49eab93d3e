"""The governance panels of the dashboard: next meetings and deadlines, for each role."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from aer_portal.dashboard import Panel
from governance.selectors.deadlines import member_deadlines, staff_deadlines
from governance.selectors.meetings import upcoming_meetings
from members.access import PortalRequest

#: The secretariat sees every deadline this many days ahead.
STAFF_HORIZON_DAYS = 42


def _meeting_url() -> str:
    """A meeting page's address without its number, reversed once for every row: the panels'
    rows once reversed each, and included the deadline's badge each (the badge is written out
    in the panels' loops for that reason)."""
    return reverse("governance:meeting_detail", args=[0])[: -len("0/")]


def panels(request: PortalRequest, today: date) -> list[Panel]:
    """A member's or Board member's next meetings and deadlines; the secretariat's every
    deadline in the next six weeks, late ones first. A fixed number of queries each."""
    user = request.user
    if not user.is_authenticated:
        return []
    roles = request.portal
    if roles.is_staff:
        return [
            Panel(
                "governance/dashboard_staff.html",
                {
                    "deadlines": staff_deadlines(today=today, horizon_days=STAFF_HORIZON_DAYS),
                    "horizon": STAFF_HORIZON_DAYS,
                    "meeting_url": _meeting_url(),
                },
                order=20,
            )
        ]
    meetings = upcoming_meetings(user=user, roles=roles, now=timezone.now())
    deadlines = member_deadlines(user=user, roles=roles, today=today)
    return [
        Panel(
            "governance/dashboard_member.html",
            {"meetings": meetings, "deadlines": deadlines, "meeting_url": _meeting_url()},
            order=20,
        )
    ]
