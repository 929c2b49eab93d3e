"""The running working groups for the AER website's frame (README, "Open data")."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from working_groups.selectors.groups import open_data_groups

#: Groups a page of the frame shows; the frame links to the previous and next pages.
EMBED_PAGE_SIZE = 20


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    """The running groups with focus, lead region, next meeting and how to join, 20 a page.

    The page is cut in the database (``?page=N``; a page out of range shows the last one), so
    the frame costs the same whatever the number of groups.
    """
    groups = Paginator(open_data_groups(now=timezone.now(), running_only=True), EMBED_PAGE_SIZE)
    listing = groups.get_page(request.GET.get("page"))
    return render(request, "embed/working_groups.html", {"groups": listing})
