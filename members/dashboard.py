"""The members app's panel on the dashboard: the region the person acts for."""

from __future__ import annotations

from datetime import date

from aer_portal.dashboard import Panel
from members.access import PortalRequest
from members.selectors.access import pending_access_request_count
from members.selectors.memberships import category_label, current_category_of, observer_last_day


def panels(request: PortalRequest, today: date) -> list[Panel]:
    """ "My region" in short: category, observer deadline, link to the record (one query);
    for staff, how many requests for portal access wait (one query)."""
    found = _access_panel(request)
    acting_for = getattr(request, "portal", None) and request.portal.acting_for
    if not acting_for:
        return found
    category, since = current_category_of(member_id=acting_for.pk, on=today)
    context = {
        "member": acting_for,
        "category": category_label(category),
        "observer_until": observer_last_day(category=category, since=since),
    }
    return [*found, Panel("members/_dashboard_panel.html", context, order=10)]


def _access_panel(request: PortalRequest) -> list[Panel]:
    if not request.user.is_staff:
        return []
    context = {"waiting": pending_access_request_count()}
    return [Panel("members/_access_requests_panel.html", context, order=15)]
