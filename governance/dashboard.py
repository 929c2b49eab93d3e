"""The governance panels of the dashboard: next meetings and deadlines, for each role.

The rows come as plain strings written here (addresses, days, the deadline's badge, the
article), so that the templates only print them: the templates' per-row `date` filters,
`blocktranslate` badges and `article` filter were most of the panels' time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from aer_portal.dashboard import Panel
from aer_portal.rules.meetings import DeadlineCheck, DeadlineStatus
from aer_portal.rules.messages import format_article
from governance.models import Meeting
from governance.selectors.deadlines import Deadline, member_deadlines, staff_deadlines
from governance.selectors.meetings import upcoming_meetings
from members.access import PortalRequest

#: The secretariat sees every deadline this many days ahead.
STAFF_HORIZON_DAYS = 42


def _meeting_url() -> str:
    """A meeting page's address without its number, reversed once for every row."""
    return reverse("governance:meeting_detail", args=[0])[: -len("0/")]


def _sent(day: date, days_written: Mapping[date, str]) -> str:
    written = days_written[day] if day in days_written else date_format(day)
    text = gettext("sent %(day)s") % {"day": conditional_escape(written)}
    return f'<span class="small">{text}</span>'


def _badge(
    check: DeadlineCheck, days_written: Mapping[date, str] = MappingProxyType({})
) -> SafeString:
    """Where a deadline stands, as the badge the panels show: words, not colour alone; the
    days already written in ``days_written``."""
    days = conditional_escape(localize(check.days))
    text: str
    if check.status is DeadlineStatus.ON_TIME:
        assert check.done_on is not None
        text = gettext("on time")
        sent = _sent(check.done_on, days_written)
        badge = f'<span class="badge text-bg-success">{text}</span> {sent}'
    elif check.status is DeadlineStatus.DUE:
        text = (
            gettext("due today")
            if check.days == 0
            else ngettext("due in %(days)s day", "due in %(days)s days", check.days)
            % {"days": days}
        )
        badge = f'<span class="badge text-bg-warning">{text}</span>'
    else:
        text = ngettext("late by %(days)s day", "late by %(days)s days", check.days) % {
            "days": days
        }
        badge = f'<span class="badge text-bg-danger">{text}</span>'
        if check.done_on:
            badge += " " + _sent(check.done_on, days_written)
    # As the templates wrote it: translations as they are (a template's literal is safe), the
    # values in them escaped.
    return mark_safe(badge)


def _deadline_rows(deadlines: list[Deadline], meeting_url: str) -> list[dict[str, object]]:
    """The rows as the panel prints them; each day, badge and article written once, however
    many deadlines share it (the secretariat's list has a few dozen at five times AER's size)."""
    days = {row.deadline for row in deadlines} | {
        row.check.done_on for row in deadlines if row.check.done_on
    }
    days_written = {day: date_format(day) for day in days}
    articles = {
        article: format_article(article, gettext)
        for article in {row.article for row in deadlines if row.article}
    }
    badges = {check: _badge(check, days_written) for check in {row.check for row in deadlines}}
    return [
        {
            "late": row.late,
            "badge": badges[row.check],
            "day": days_written[row.deadline],
            "url": f"{meeting_url}{row.meeting.pk}/" if row.meeting else "",
            "title": row.title,
            "article": articles[row.article] if row.article else row.article,
        }
        for row in deadlines
    ]


def _meeting_rows(meetings: list[Meeting], meeting_url: str) -> list[dict[str, str]]:
    return [
        {
            "url": f"{meeting_url}{meeting.pk}/",
            "title": meeting.title,
            "body": meeting.body.display_name,
            "starts_at": date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT"),
            "status": meeting.status_label,
        }
        for meeting in meetings
    ]


def panels(request: PortalRequest, today: date) -> list[Panel]:
    """A member's or Board member's next meetings and deadlines; the secretariat's every
    deadline in the next six weeks, late ones first. A fixed number of queries each."""
    user = request.user
    if not user.is_authenticated:
        return []
    roles = request.portal
    meeting_url = _meeting_url()
    if roles.is_staff:
        deadlines = staff_deadlines(today=today, horizon_days=STAFF_HORIZON_DAYS)
        return [
            Panel(
                "governance/dashboard_staff.html",
                {
                    "deadlines": _deadline_rows(deadlines, meeting_url),
                    "horizon": STAFF_HORIZON_DAYS,
                },
                order=20,
            )
        ]
    meetings = upcoming_meetings(user=user, roles=roles, now=timezone.now())
    deadlines = member_deadlines(user=user, roles=roles, today=today)
    return [
        Panel(
            "governance/dashboard_member.html",
            {
                "meetings": _meeting_rows(meetings, meeting_url),
                "deadlines": _deadline_rows(deadlines, meeting_url),
            },
            order=20,
        )
    ]
