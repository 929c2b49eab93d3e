"""The member directory for the AER website's frame (README, "Open data"): public fields only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from aer_portal.open_data import embed_page
from members.api import directory_rows


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Every current member with country and category, as the public directory lists them:
    a page of ``OPEN_DATA_PAGE_SIZE`` at a time (``?page=N``), with the total."""
    page = embed_page(request, directory_rows())
    return render(request, "embed/members.html", {"page": page, "entries": page.object_list})
