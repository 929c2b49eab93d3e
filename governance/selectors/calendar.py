"""iCalendar (RFC 5545) for invitations and the personal feed, written by hand.

The `icalendar` package is not installed, and the portal needs little of it: events with a
start, an end, a place and a description. Lines end in CRLF and are folded at 75 octets; text
is escaped (backslash, semicolon, comma, newline). UIDs are stable, so a calendar that reads the
feed again updates an event instead of adding a copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils.translation import gettext as _

from aer_portal.links import absolute_url
from governance.models import CalendarFeed, Meeting
from governance.selectors.deadlines import (
    Deadline,
    member_deadlines,
    notice_deadlines_of,
    staff_deadlines,
)
from governance.selectors.meetings import meetings_visible_to
from governance.selectors.roles import PortalRoles, portal_roles
from members.models import User

PRODID = "-//Assembly of European Regions//AER portal//EN"
UID_DOMAIN = "aer-portal"


@dataclass(frozen=True)
class CalendarEvent:
    """One VEVENT: a meeting (date and time) or a deadline (a whole day)."""

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    status: str = "CONFIRMED"


def escape_text(value: str) -> str:
    """A TEXT value as RFC 5545 §3.3.11 wants it."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.

    Cut in the encoded bytes, stepping back over continuation bytes: one encoding per line,
    where adding a character at a time encoded each line once per character (half of the
    public calendar's time, which grows with the meetings).
    """
    # Most lines are short and ASCII: no encoding at all (a character is at most four octets).
    if len(line) <= 18 or (len(line) <= 75 and line.isascii()):
        return line
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line
    parts = []
    start = 0
    limit = 75
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte starts no character
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
        limit = 74  # continuation lines start with a space
    parts.append(data[start:].decode("utf-8"))
    return "\r\n ".join(parts)


def _datetime(value: datetime) -> str:
    # From the ISO form ("2026-06-18T08:00:00+00:00"): strftime cost as much as the rest of
    # an event's lines together.
    text = value.astimezone(UTC).isoformat()
    return f"{text[:4]}{text[5:7]}{text[8:13]}{text[14:16]}{text[17:19]}Z"


def _when(name: str, value: datetime | date) -> str:
    if isinstance(value, datetime):
        return f"{name}:{_datetime(value)}"
    return f"{name};VALUE=DATE:{value.isoformat().replace('-', '')}"


def icalendar(
    events: Iterable[CalendarEvent], *, name: str, now: datetime, method: str = "PUBLISH"
) -> str:
    """A VCALENDAR with the events, as text with CRLF line ends.

    Only the lines that carry free text (the UID, summary, place, description, address) can
    pass 75 octets and are folded; the others are written as they are. The cost per event is
    what grows with a year of meetings (the public calendar), so it is kept to a few lines.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        f"METHOD:{method}",
        fold(f"X-WR-CALNAME:{escape_text(name)}"),
        "X-WR-TIMEZONE:Europe/Brussels",
    ]
    stamp = f"DTSTAMP:{_datetime(now)}"
    append = lines.append
    for event in events:
        append("BEGIN:VEVENT")
        append(fold(f"UID:{event.uid}"))
        append(stamp)
        append(_when("DTSTART", event.start))
        if event.end is not None:
            append(_when("DTEND", event.end))
        append(fold(f"SUMMARY:{escape_text(event.summary)}"))
        if event.location:
            append(fold(f"LOCATION:{escape_text(event.location)}"))
        if event.description:
            append(fold(f"DESCRIPTION:{escape_text(event.description)}"))
        if event.url:
            append(fold(f"URL:{event.url}"))
        append(f"STATUS:{event.status}\r\nTRANSP:OPAQUE\r\nEND:VEVENT")
    append("END:VCALENDAR\r\n")
    return "\r\n".join(lines)


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


def meeting_event(meeting: Meeting, *, url: str = "") -> CalendarEvent:
    """A meeting as an event; cancelled meetings stay in the feed as CANCELLED."""
    location = ", ".join(part for part in (meeting.place, meeting.online_url) if part)
    status = {
        Meeting.Status.CANCELLED: "CANCELLED",
        Meeting.Status.PLANNED: "TENTATIVE",
    }.get(Meeting.Status(meeting.status), "CONFIRMED")
    return CalendarEvent(
        uid=meeting_uid(meeting),
        summary=f"{meeting.body.name}: {meeting.title}",
        start=meeting.starts_at,
        end=meeting.ends_at or meeting.starts_at + timedelta(hours=3),
        location=location,
        description=meeting.description,
        url=url,
        status=status,
    )


def deadline_event(deadline: Deadline, *, url: str = "") -> CalendarEvent:
    """A deadline as a whole-day event on its last day."""
    return CalendarEvent(
        uid=f"deadline-{deadline.key.replace(':', '-')}@{UID_DOMAIN}",
        summary=_("Deadline: %(what)s") % {"what": deadline.title},
        start=deadline.deadline,
        end=deadline.deadline + timedelta(days=1),
        description=f"{deadline.article}" if deadline.article else "",
        url=url,
    )


def feed_owner(*, token: str) -> User | None:
    """The account whose feed the token opens, if the token is valid and the account active."""
    feed = CalendarFeed.objects.filter(token=token, user__is_active=True).select_related("user")
    found = feed.first()
    return found.user if found is not None else None


def _meeting_url(pk: int) -> str:
    return absolute_url("governance:meeting_detail", pk)


def feed_for(*, user: User, roles: PortalRoles, today: date) -> list[CalendarEvent]:
    """A person's meetings (a year back, all ahead) and the deadlines that concern them.

    Members and Board members: the meetings they may see and the proposal and observer
    deadlines (governance.selectors.deadlines.member_deadlines); the secretariat: every
    meeting, its notice deadlines and every other deadline in the coming year.
    """
    meetings = list(
        meetings_visible_to(user=user, roles=roles, on=today)
        .filter(starts_at__date__gte=today - timedelta(days=365))
        .order_by("starts_at")
    )
    events = [meeting_event(m, url=_meeting_url(m.pk)) for m in meetings]
    deadlines: list[Deadline]
    if roles.is_staff:
        deadlines = [
            row
            for meeting in meetings
            if meeting.day >= today
            for row in notice_deadlines_of(meeting, today=today)
        ]
        deadlines += [
            row
            for row in staff_deadlines(today=today, horizon_days=365)
            if row.meeting is None or not row.key.endswith(("invitation", "documents"))
        ]
    else:
        deadlines = member_deadlines(user=user, roles=roles, today=today, horizon_days=365)
    seen: set[str] = set()
    for deadline in deadlines:
        if deadline.key in seen:
            continue
        seen.add(deadline.key)
        url = _meeting_url(deadline.meeting.pk) if deadline.meeting else ""
        events.append(deadline_event(deadline, url=url))
    return events


def feed_calendar(*, token: str, today: date, now: datetime) -> str | None:
    """The text of the feed the token opens, or ``None`` for an unknown or revoked token."""
    user = feed_owner(token=token)
    if user is None:
        return None
    roles = portal_roles(user=user, on=today)
    events = feed_for(user=user, roles=roles, today=today)
    return icalendar(events, name=_("AER meetings and deadlines"), now=now)
