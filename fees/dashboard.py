"""The fees panel of the dashboard: what the region owes, or what waits for the secretariat.

The rows come as plain values with their addresses, amounts and days written here, so that
the templates only print them.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.db.models import Exists, OuterRef, QuerySet
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.http import RFC3986_SUBDELIMS

from aer_portal.dashboard import Panel
from aer_portal.prepared import prepared_rows
from fees.selectors.applications import applications_awaiting_board
from fees.selectors.balances import overdue_invoice_count, owed_invoices
from fees.selectors.invoices import lines_to_resolve_count, open_suspensions
from governance.models import ApplicationBallot
from members.access import PortalRequest, may_decide_as_treasurer
from members.models import MembershipApplication, User

#: The characters reverse() leaves unquoted in a path.
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


def _prefix(name: str, arg: object) -> str:
    """A page's address without its last part, reversed once for every row of the panel."""
    return reverse(name, args=[arg])[: -len(str(arg)) - 1]


def _invoice_rows(member_ids: list[int], today: date) -> list[dict[str, str]]:
    """The invoices that still owe a cent, as the panel prints them (one query)."""
    invoice_url = _prefix("fees:invoice", "0")
    return [
        {
            "url": f"{invoice_url}{quote(row.number, safe=URL_SAFE)}/",
            "number": row.number,
            "member_name": row.member_name,
            "amount_due": floatformat(row.amount_due, "2g"),
            "due_on": date_format(row.due_on),
            "status_class": row.status_class,
            "status_label": row.status_label,
        }
        for row in owed_invoices(member_ids=member_ids, today=today)
    ]


def panels(request: PortalRequest, today: date) -> list[Panel]:
    """Member users: their open invoices and any suspension (two queries). Staff: overdue
    invoices and statement lines to resolve (two queries). The Treasurer: a link (none)."""
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
        context["rows"] = _invoice_rows(member_ids, today)
        context["suspensions"] = open_suspensions(member_ids=member_ids, on=today)
        shown = True
    if portal.is_staff:
        context["overdue_count"] = overdue_invoice_count(today=today)
        context["to_resolve_count"] = lines_to_resolve_count()
        shown = True
    if portal.is_board_member and not portal.is_staff:
        treasurer = may_decide_as_treasurer(portal)
        context["is_treasurer"] = treasurer
        shown = shown or treasurer
    panels = [Panel("fees/dashboard_panel.html", context, order=30)] if shown else []
    if portal.is_board_member or portal.is_staff:
        panels.append(_board_applications(user=user, portal_is_board=portal.is_board_member))
    return panels


def _awaiting(voter_id: int | None) -> QuerySet[MembershipApplication, tuple[Any, ...]]:
    awaiting = applications_awaiting_board().select_related(None)
    if voter_id is not None:
        awaiting = awaiting.annotate(
            voted=Exists(
                ApplicationBallot.objects.filter(
                    online_vote=OuterRef("online_vote"), voter_id=voter_id
                )
            )
        )
    fields = ["pk", "name", "category", "board_meeting", "online_vote", "online_vote__closed_on"]
    return awaiting.values_list(*fields, *(["voted"] if voter_id is not None else []))


def _board_applications(*, user: User, portal_is_board: bool) -> Panel:
    """The applications awaiting the Executive Board's decision and, for a Board member, those
    still awaiting their online vote (one query, compiled once: whether the member voted is
    asked beside)."""
    voter_id = user.person_id if portal_is_board else None
    detail_url = _prefix("applications:board_detail", 0)
    categories = {
        value: str(label)
        for value, label in MembershipApplication._meta.get_field("category").flatchoices
    }
    rows = []
    for pk, name, category, board_meeting, online_vote, closed_on, *voted in prepared_rows(
        _awaiting, voter_id
    ):
        vote_open = online_vote is not None and closed_on is None
        rows.append(
            {
                "url": f"{detail_url}{pk}/",
                "name": name,
                "category": categories.get(category, category),
                "board_meeting": board_meeting,
                "vote_open": vote_open,
                "awaiting_my_vote": portal_is_board and vote_open and not (voted and voted[0]),
            }
        )
    return Panel("fees/applications_panel.html", {"rows": rows}, order=35)
