"""The pages that gather every app: the dashboard after login and the public /rules/ page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from aer_portal.messages import render as render_message
from aer_portal.rules.catalogue import catalogue
from fees.rules_values import rules_values
from members.access import PortalRequest
from portal.dashboard import dashboard_panels


@login_required
@require_GET
def dashboard(request: PortalRequest) -> HttpResponse:
    """The person's start page: who they are, whom they act for, what awaits them."""
    panels = dashboard_panels(request, timezone.localdate())
    return render(request, "dashboard.html", {"panels": panels})


@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    """Every rule the portal applies, with its article and current value, from the module itself.

    The fee values are those in force this year (the Executive Board's decision, Procedures
    art. 3.2, from `fees.rules_values`), not the Procedures' defaults.
    """
    values: dict[str, Any] = rules_values(today=timezone.localdate())
    entries = [
        {
            "article": entry.article,
            "title": gettext(entry.title),
            "description": gettext(entry.description),
            "value": render_message(entry.value_message),
        }
        for entry in catalogue(**values)
    ]
    return render(request, "rules.html", {"entries": entries})
