"""The member directory for the AER website's frame (README, "Open data"): public fields only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from members.selectors.directory import DirectoryFilters, member_directory


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Every current member with country and category, as the public directory lists them."""
    entries = member_directory(
        on=timezone.localdate(), filters=DirectoryFilters(), with_contacts=False
    )
    return render(request, "embed/members.html", {"entries": entries})
