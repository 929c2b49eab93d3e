"""The personal calendar feed: its page, and the feed itself at a secret address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from governance.models import CalendarFeed
from governance.selectors.calendar import feed_calendar
from governance.services.meetings import calendar_feed_renew, calendar_feed_revoke
from members.access import PortalRequest
from members.models import User


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: PortalRequest) -> HttpResponse:
    """Shows the person's feed address; creates a new one (revoking the old) or closes it."""
    user: User = request.user
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_feed_revoke(user=user)
            messages.success(request, _("Your calendar address is closed."))
        else:
            calendar_feed_renew(user=user)
            messages.success(
                request, _("Your new calendar address is ready; the old one no longer works.")
            )
        return HttpResponseRedirect(reverse("governance:calendar_settings"))
    feed = CalendarFeed.objects.filter(user=user).first()
    url = (
        request.build_absolute_uri(reverse("governance:calendar_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(request, "governance/calendar.html", {"feed": feed, "feed_url": url})


@never_cache
@require_GET
def calendar_feed(request: PortalRequest, token: str) -> HttpResponse:
    """The iCalendar feed; the token in the address is the only key."""
    text = feed_calendar(
        token=token,
        today=timezone.localdate(),
        now=timezone.now(),
    )
    if text is None:
        raise Http404("No such calendar.")
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="aer.ics"'
    return response
