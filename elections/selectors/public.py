"""What anyone may read about meetings and deadlines, gathered for open data.

Public today: the meetings on the working groups' public pages (not cancelled) with their
notice deadlines (Procedures art. 11.4), and each published election with the General
Assembly that holds it and its calendar (Procedures arts. 15.4–15.6). The elections app reads
the other apps, so this is the one place that may gather all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import notice_deadlines
from elections.models import Election
from governance.models import Meeting


def public_meetings(*, since: datetime) -> QuerySet[Meeting]:
    """Working-group meetings and General Assemblies holding a published election (one query).

    Cancelled working-group meetings are left out, as on the group's page.
    """
    elections = Election.objects.filter(meeting=OuterRef("pk"), is_published=True)
    group_meeting = Q(body__kind=BodyKind.WORKING_GROUP) & ~Q(status=Meeting.Status.CANCELLED)
    return (
        Meeting.objects.filter(starts_at__gte=since)
        .filter(group_meeting | Q(Exists(elections)))
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def published_elections() -> QuerySet[Election]:
    """The published elections with their meeting, the next first (one query)."""
    return (
        Election.objects.filter(is_published=True)
        .select_related("meeting__body")
        .order_by("meeting__starts_at", "pk")
    )


class PublicMeeting(NamedTuple):
    """A public meeting as the calendar writes it: its columns, not a model instance."""

    pk: int
    body_name: str
    body_kind: str
    title: str
    starts_at: datetime
    ends_at: datetime | None
    place: str
    online_url: str
    status: str


def public_meeting_rows(*, since: datetime) -> list[PublicMeeting]:
    """:func:`public_meetings` as plain rows, for the calendar (one query)."""
    rows = public_meetings(since=since).values_list(
        "pk",
        "body__name",
        "body__kind",
        "title",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "status",
    )
    return [PublicMeeting._make(row) for row in rows]


class PublicDeadline(NamedTuple):
    """A statutory deadline anyone may read, with the article that sets it."""

    key: str
    title: str
    day: date
    article: str
    meeting_id: int


def public_deadlines(
    *, since: datetime, meetings: Sequence[PublicMeeting] | None = None
) -> list[PublicDeadline]:
    """The statutory deadlines of the public meetings and elections from ``since`` on (2 queries,
    one when ``meetings`` gives the public meetings from ``since`` already read).

    Working-group meetings: invitations four weeks and documents two weeks before (art. 11.4);
    elections: members informed, candidacies due and portfolio sent (arts. 15.4–15.6).
    """
    if meetings is None:
        meetings = public_meeting_rows(since=since)
    rows: list[PublicDeadline] = []
    first_day = timezone.localdate(since)
    zone = timezone.get_current_timezone()
    # Translated once, not once a meeting: the calendar holds a year of every group's meetings.
    invitations = gettext("%(name)s: invitations and draft agenda")
    documents = gettext("%(name)s: working documents")
    for meeting in meetings:
        if meeting.body_kind != BodyKind.WORKING_GROUP:
            continue
        due = notice_deadlines(BodyKind.WORKING_GROUP, meeting.starts_at.astimezone(zone).date())
        name = {"name": meeting.body_name}
        rows += [
            PublicDeadline(
                f"meeting-{meeting.pk}-invitation",
                invitations % name,
                due.invitation,
                due.article,
                meeting.pk,
            ),
            PublicDeadline(
                f"meeting-{meeting.pk}-documents",
                documents % name,
                due.documents,
                due.article,
                meeting.pk,
            ),
        ]
    for election in published_elections().filter(meeting__starts_at__gte=since):
        timeline = election.timeline
        rows += [
            PublicDeadline(
                f"election-{election.pk}-informed",
                gettext("%(name)s: members informed") % {"name": election.title},
                timeline.members_informed,
                "Procedures art. 15.4",
                election.meeting_id,
            ),
            PublicDeadline(
                f"election-{election.pk}-candidacies",
                gettext("%(name)s: candidacies due") % {"name": election.title},
                timeline.candidacies_due,
                "Procedures art. 15.5",
                election.meeting_id,
            ),
            PublicDeadline(
                f"election-{election.pk}-portfolio",
                gettext("%(name)s: candidates' portfolio sent") % {"name": election.title},
                timeline.portfolio_distributed,
                "Procedures art. 15.6",
                election.meeting_id,
            ),
        ]
    return sorted((row for row in rows if row.day >= first_day), key=lambda r: (r.day, r.key))
