"""The running working groups for the AER website's frame (README, "Open data")."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from working_groups.selectors.open_data import open_data_groups, open_data_next_meetings

#: Groups a page of the frame shows; the frame links to the previous and next pages.
EMBED_PAGE_SIZE = 20


@require_GET
def group_list(request: HttpRequest) -> HttpResponse:
    """The running groups with focus, lead region, next meeting and how to join, 20 a page.

    The page is cut in the database (``?page=N``; a page out of range shows the last one), so
    the frame costs the same whatever the number of groups; it counts each group's regions in
    the database rather than loading them, and reads rows, not model instances.
    """
    now = timezone.now()
    today = timezone.localdate(now)
    groups = open_data_groups(running_only=True).annotate(
        region_count=Count(
            "memberships",
            filter=Q(memberships__joined_on__lte=today, memberships__left_on__isnull=True),
        )
    )
    listing = Paginator(groups, EMBED_PAGE_SIZE).get_page(request.GET.get("page"))
    meetings = open_data_next_meetings(groups=list(listing), now=now)
    for group in listing:
        group["next_meeting"] = meetings.get(group["body_id"])
    return render(
        request,
        "embed/working_groups.html",
        {
            "groups": listing,
            # Every group's address is this one with its own slug: reversed once.
            "group_url": reverse("working_groups:group", args=["-"]).removesuffix("-/"),
        },
    )
