"""What anyone may read about meetings and deadlines, gathered for open data.

Public today: the meetings on the working groups' public pages (not cancelled) with their
notice deadlines (Procedures art. 11.4), and each published election with the General
Assembly that holds it and its calendar (Procedures arts. 15.4–15.6). The elections app reads
the other apps, so this is the one place that may gather all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

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


@dataclass(frozen=True)
class PublicDeadline:
    """A statutory deadline anyone may read, with the article that sets it."""

    key: str
    title: str
    day: date
    article: str
    meeting: Meeting


def public_deadlines(*, since: datetime) -> list[PublicDeadline]:
    """The statutory deadlines of the public meetings and elections from ``since`` on (2 queries).

    Working-group meetings: invitations four weeks and documents two weeks before (art. 11.4);
    elections: members informed, candidacies due and portfolio sent (arts. 15.4–15.6).
    """
    rows: list[PublicDeadline] = []
    first_day = timezone.localdate(since)
    for meeting in public_meetings(since=since).filter(body__kind=BodyKind.WORKING_GROUP):
        due = notice_deadlines(BodyKind.WORKING_GROUP, timezone.localdate(meeting.starts_at))
        rows += [
            PublicDeadline(
                f"meeting-{meeting.pk}-invitation",
                gettext("%(name)s: invitations and draft agenda") % {"name": meeting.body.name},
                due.invitation,
                due.article,
                meeting,
            ),
            PublicDeadline(
                f"meeting-{meeting.pk}-documents",
                gettext("%(name)s: working documents") % {"name": meeting.body.name},
                due.documents,
                due.article,
                meeting,
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
                election.meeting,
            ),
            PublicDeadline(
                f"election-{election.pk}-candidacies",
                gettext("%(name)s: candidacies due") % {"name": election.title},
                timeline.candidacies_due,
                "Procedures art. 15.5",
                election.meeting,
            ),
            PublicDeadline(
                f"election-{election.pk}-portfolio",
                gettext("%(name)s: candidates' portfolio sent") % {"name": election.title},
                timeline.portfolio_distributed,
                "Procedures art. 15.6",
                election.meeting,
            ),
        ]
    return sorted((row for row in rows if row.day >= first_day), key=lambda r: (r.day, r.key))
