"""The election calendar's reminders (Procedures arts. 15.4–15.6), for the periodic scan.

- ``elections.announcement``: every member's officer is told of the election, from
  ELECTIONS_ANNOUNCEMENT_LEAD_DAYS before the six-week deadline (art. 15.4) until election day.
  The first one sent is the step "members informed" on the election desk.
- ``elections.candidacies_due``: the officers of full members, ELECTIONS_CANDIDACY_REMINDER_DAYS
  before the candidacies close (art. 15.5), while they are open.
- ``elections.portfolio_due`` / ``elections.portfolio_late``: the secretariat,
  ELECTIONS_PORTFOLIO_REMINDER_DAYS before the portfolio deadline (art. 15.6) and from the day
  after it, until the portfolio is sent.
- ``elections.announcement_late``: the secretariat, from the day after the six-week deadline if
  no member has been told (no member officer at all, or the election was published late).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Q

from aer_portal.links import absolute_url
from elections.models import Election
from elections.selectors.elections import ANNOUNCEMENT_KIND, announcement_key
from elections.selectors.people import current_member_ids, full_member_ids, member_officers
from governance.models import ReminderSent
from governance.reminders import DueReminder, JSONValue
from members.models import PortalAccess


def _settings_days(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _upcoming(today: date) -> list[Election]:
    # Election day in Brussels is within a day of the UTC date: filter loosely, then exactly.
    elections = Election.objects.filter(
        is_published=True, meeting__starts_at__date__gte=today - timedelta(days=1)
    ).select_related("meeting")
    return [election for election in elections if election.election_day >= today]


Context = dict[str, JSONValue]


def election_context(election: Election) -> Context:
    """What every e-mail about ``election`` says of it: its meeting, calendar, seats and link."""
    timeline = election.timeline
    return {
        "election": election.title,
        "meeting": election.meeting.title,
        "election_day": timeline.election_day.isoformat(),
        "candidacies_due": timeline.candidacies_due.isoformat(),
        "portfolio_due": timeline.portfolio_distributed.isoformat(),
        "positions": [str(position) for position in election.positions.all()],
        "url": absolute_url("elections:detail", election.pk),
    }


def officer_reminder(
    access: PortalAccess,
    context: Context,
    *,
    kind: str,
    deadline_key: str,
    deadline: date,
    template: str,
) -> DueReminder:
    """``template`` to a member's officer, in the officer's language, naming the member."""
    return DueReminder(
        kind=kind,
        deadline_key=deadline_key,
        deadline=deadline,
        recipient=access.user.email,
        template=template,
        context={**context, "member": access.member.name},
        language=access.user.preferred_language,
    )


def announcement_reminder(
    election: Election, access: PortalAccess, context: Context
) -> DueReminder:
    """The announcement of ``election`` to one officer (Procedures art. 15.4); the scan and the
    desk's send share its ledger row."""
    return officer_reminder(
        access,
        context,
        kind=ANNOUNCEMENT_KIND,
        deadline_key=announcement_key(election.pk),
        deadline=election.timeline.members_informed,
        template="elections/email/announcement",
    )


def member_reminders(today: date) -> Iterator[DueReminder]:
    """Announcements and candidacy deadlines to the members' officers."""
    elections = _upcoming(today)
    if not elections:
        return
    lead = _settings_days("ELECTIONS_ANNOUNCEMENT_LEAD_DAYS", 7)
    before_close = _settings_days("ELECTIONS_CANDIDACY_REMINDER_DAYS", 7)
    members = current_member_ids(on=today)
    full = full_member_ids(on=today)
    officers = member_officers(member_ids=members)
    for election in elections:
        timeline = election.timeline
        context = election_context(election)
        if today >= timeline.members_informed - timedelta(days=lead):
            for access in officers:
                yield announcement_reminder(election, access, context)
        if (
            timeline.candidacies_due - timedelta(days=before_close)
            <= today
            <= timeline.candidacies_due
        ):
            for access in officers:
                if access.member_id in full:
                    yield officer_reminder(
                        access,
                        context,
                        kind="elections.candidacies_due",
                        deadline_key=f"election:{election.pk}:candidacies",
                        deadline=timeline.candidacies_due,
                        template="elections/email/candidacies_due",
                    )


def secretariat_reminders(today: date) -> Iterator[DueReminder]:
    """Warnings to the secretariat about the portfolio and the announcement."""
    elections = _upcoming(today)
    if not elections:
        return
    ahead = _settings_days("ELECTIONS_PORTFOLIO_REMINDER_DAYS", 3)
    recipient = settings.SECRETARIAT_EMAIL
    informed = set(
        ReminderSent.objects.filter(
            Q(kind=ANNOUNCEMENT_KIND),
            deadline_key__in=[announcement_key(e.pk) for e in elections],
        ).values_list("deadline_key", flat=True)
    )
    for election in elections:
        timeline = election.timeline
        context = election_context(election)
        portfolio_due = timeline.portfolio_distributed
        if election.portfolio_sent_on is None and today >= portfolio_due - timedelta(days=ahead):
            kind, template = (
                ("elections.portfolio_late", "elections/email/portfolio_late")
                if today > portfolio_due
                else ("elections.portfolio_due", "elections/email/portfolio_due")
            )
            yield DueReminder(
                kind=kind,
                deadline_key=f"election:{election.pk}:portfolio",
                deadline=portfolio_due,
                recipient=recipient,
                template=template,
                context=context,
            )
        if today > timeline.members_informed and announcement_key(election.pk) not in informed:
            yield DueReminder(
                kind="elections.announcement_late",
                deadline_key=announcement_key(election.pk),
                deadline=timeline.members_informed,
                recipient=recipient,
                template="elections/email/announcement_late",
                context=context,
            )
