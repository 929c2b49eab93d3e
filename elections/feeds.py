"""Atom feeds of calls for candidacies and published results, and the public calendar (ICS).

The calendar holds the public meetings and their statutory deadlines (elections.selectors
.public); it is written by governance's iCalendar writer, without the online link or the
description a meeting's invitation carries for its members.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET

from aer_portal.links import absolute_url
from aer_portal.open_data import text_response
from elections.models import Election
from elections.selectors.public import (
    PublicMeeting,
    public_deadlines,
    public_meeting_rows,
    published_elections,
)
from governance.models import Meeting
from governance.selectors.calendar import UID_DOMAIN, CalendarEvent, icalendar

FEED_ENTRIES = 50


def _morning(day: object) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9)))  # type: ignore[arg-type]


class CandidacyCallsFeed(Feed):
    """Each published election is a call for candidacies (Procedures arts. 15.4–15.5)."""

    feed_type = Atom1Feed
    title = gettext_lazy("AER: calls for candidacies")
    subtitle = gettext_lazy("Elections at the General Assembly and when candidacies are due.")

    def link(self) -> str:
        return reverse("elections:list")

    def items(self) -> QuerySet[Election]:
        return published_elections().order_by("-meeting__starts_at", "-pk")[:FEED_ENTRIES]

    def item_title(self, item: Election) -> str:
        return gettext("Call for candidacies: %(title)s") % {"title": item.title}

    def item_description(self, item: Election) -> str:
        return gettext(
            "%(meeting)s on %(day)s. Candidacies (letter and CV) are due by %(due)s "
            "(Procedures art. 15.5)."
        ) % {
            "meeting": item.meeting.title,
            "day": item.election_day.isoformat(),
            "due": item.timeline.candidacies_due.isoformat(),
        }

    def item_link(self, item: Election) -> str:
        return reverse("elections:detail", args=[item.pk])

    def item_pubdate(self, item: Election) -> datetime:
        return _morning(item.announced_on or item.timeline.members_informed)


class ResultsFeed(Feed):
    """Elections whose results the secretariat published, the latest first."""

    feed_type = Atom1Feed
    title = gettext_lazy("AER: election results")
    subtitle = gettext_lazy("Results published after each election at the General Assembly.")

    def link(self) -> str:
        return reverse("elections:list")

    def items(self) -> QuerySet[Election]:
        return (
            published_elections()
            .filter(results_published_on__isnull=False)
            .order_by("-results_published_on", "-pk")[:FEED_ENTRIES]
        )

    def item_title(self, item: Election) -> str:
        return gettext("Results: %(title)s") % {"title": item.title}

    def item_description(self, item: Election) -> str:
        return gettext("The results of %(title)s are published.") % {"title": item.title}

    def item_link(self, item: Election) -> str:
        return reverse("elections:results", args=[item.pk])

    def item_pubdate(self, item: Election) -> datetime:
        return _morning(item.results_published_on)


def _public_event(meeting: PublicMeeting, *, online: str) -> CalendarEvent:
    """A meeting as anyone may read it: place, and "online" instead of the link."""
    location = meeting.place
    if meeting.online_url:
        location = ", ".join(part for part in (location, online) if part)
    return CalendarEvent(
        uid=f"meeting-{meeting.pk}@{UID_DOMAIN}",  # governance's meeting_uid, on a row
        summary=f"{meeting.body_name}: {meeting.title}",
        start=meeting.starts_at,
        end=meeting.ends_at or meeting.starts_at + timedelta(hours=3),
        location=location,
        status="TENTATIVE" if meeting.status == Meeting.Status.PLANNED else "CONFIRMED",
    )


@require_GET
def public_calendar(request: HttpRequest) -> HttpResponse:
    """Public meetings and statutory deadlines from a year back on, as iCalendar (2 queries).

    The meetings are read once, as rows, for their events and their deadlines: a year of every
    working group's meetings, which grows with the groups.
    """
    now = timezone.now()
    since = now - timedelta(days=365)
    meetings = public_meeting_rows(since=since)
    online = gettext("online")
    events = [_public_event(m, online=online) for m in meetings]
    deadline_title = gettext("Deadline: %(what)s")
    elections_url = absolute_url("elections:list")
    for deadline in public_deadlines(since=since, meetings=meetings):
        events.append(
            CalendarEvent(
                uid=f"public-{deadline.key}@{UID_DOMAIN}",
                summary=deadline_title % {"what": deadline.title},
                start=deadline.day,
                end=deadline.day + timedelta(days=1),
                description=deadline.article,
                url=elections_url if deadline.key.startswith("election") else "",
            )
        )
    text = icalendar(events, name=gettext("AER public meetings and deadlines"), now=now)
    return text_response(text, content_type="text/calendar; charset=utf-8", filename="aer.ics")
