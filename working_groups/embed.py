"""The running working groups for the AER website's frame (README, "Open data")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from working_groups.selectors.groups import open_data_groups


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    """The running groups with focus, lead region, next meeting and how to join."""
    groups = [g for g in open_data_groups(now=timezone.now()) if not g.is_dissolved]
    return render(request, "embed/working_groups.html", {"groups": groups})
