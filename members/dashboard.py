"""The members app's panel on the dashboard: the region the person acts for."""

from __future__ import annotations

from datetime import date

from aer_portal.dashboard import Panel
from members.http import PortalRequest
from members.models import Member
from members.selectors.memberships import category_label, observer_last_day, with_current_category


def panels(request: PortalRequest, today: date) -> list[Panel]:
    """ "My region" in short: category, observer deadline, link to the record (one query)."""
    acting_for = getattr(request, "portal", None) and request.portal.acting_for
    if not acting_for:
        return []
    member = with_current_category(Member.objects.filter(pk=acting_for.pk), on=today).first()
    if member is None:
        return []
    category = getattr(member, "current_category", None)
    context = {
        "member": member,
        "category": category_label(category),
        "observer_until": observer_last_day(
            category=category, since=getattr(member, "category_since", None)
        ),
    }
    return [Panel("members/_dashboard_panel.html", context, order=10)]
