"""Portal-wide pages: the public home, the dashboard after login and the health check."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from aer_portal.dashboard import dashboard_panels


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public landing page."""
    return render(request, "home.html")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The person's start page: who they are, whom they act for, what awaits them."""
    panels = dashboard_panels(request, timezone.localdate())
    return render(request, "dashboard.html", {"panels": panels})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise; for load balancers and compose."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    """Every rule the portal applies, with its article and current value, from the module itself.

    The fee values are those in force this year (the Executive Board's decision, Procedures
    art. 3.2), which the apps provide through their ``rules_values`` hook.
    """
    from django.utils.translation import gettext

    from aer_portal.portal_apps import app_hooks
    from aer_portal.rules.catalogue import catalogue

    values: dict[str, Any] = {}
    for hook in app_hooks("rules_values"):
        values.update(hook.rules_values(today=timezone.localdate()))
    entries = [
        {
            "article": entry.article,
            "title": gettext(entry.title),
            "description": gettext(entry.description),
            "value": entry.value_message.render(gettext),
        }
        for entry in catalogue(**values)
    ]
    return render(request, "rules.html", {"entries": entries})
