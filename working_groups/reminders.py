"""Reminder sources of the working_groups app, registered in WorkingGroupsConfig.ready().

- Board members who have not voted on a proposal, some days before the Board meeting
  (settings.WORKING_GROUPS_REVIEW_REMINDER_DAYS; only the latest applicable one is sent).
- The secretariat, when a Board meeting has passed and no decision is recorded (a deadline
  passed without the action is said, not kept silent: DESIGN.md).
- The secretariat and the group's lead and Chair's regions, before the end of a group's
  two-year mandate (settings.WORKING_GROUPS_MANDATE_REMINDER_DAYS).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from aer_portal.links import absolute_url
from governance.models import Meeting
from governance.reminders import DueReminder, JSONValue
from working_groups.models import WorkingGroup, WorkingGroupProposal
from working_groups.notifications import when
from working_groups.selectors.groups import group_chair
from working_groups.selectors.people import Recipient, board_voters_without_vote, region_recipients


def review_offset_due(*, today: date, meeting_day: date, offsets: list[int]) -> int | None:
    """Which of the reminder offsets (days before the meeting) applies today, if any.

    The smallest offset not yet passed: with 7 and 1, from seven days to two days before the
    meeting the 7-day reminder is due, on the day before the 1-day one. None on the meeting day
    and after, and before the largest offset.
    """
    days_left = (meeting_day - today).days
    applicable = [offset for offset in offsets if offset >= days_left]
    if days_left < 1 or not applicable:
        return None
    return min(applicable)


def _before_the_board() -> QuerySet[WorkingGroupProposal]:
    """Submitted proposals on the agenda of a Board meeting that is not cancelled."""
    return (
        WorkingGroupProposal.objects.filter(
            status=WorkingGroupProposal.Status.SUBMITTED, board_meeting__isnull=False
        )
        .exclude(board_meeting__status=Meeting.Status.CANCELLED)
        .select_related("board_meeting", "lead_region")
    )


def _proposal_context(
    proposal: WorkingGroupProposal, meeting: Meeting, page: str
) -> dict[str, JSONValue]:
    """What the e-mails about a proposal before the Board say, linking to the URL ``page``."""
    return {
        "topic": proposal.topic,
        "lead_region": str(proposal.lead_region),
        "meeting": when(meeting),
        "link": absolute_url(page, proposal.pk),
    }


def review_reminders(today: date) -> Iterator[DueReminder]:
    """Board members who have not voted, before the Board meeting that decides."""
    proposals = _before_the_board().filter(board_meeting__starts_at__date__gt=today)
    for proposal in proposals:
        meeting = proposal.board_meeting
        assert meeting is not None
        meeting_day = timezone.localdate(meeting.starts_at)
        offset = review_offset_due(
            today=today,
            meeting_day=meeting_day,
            offsets=list(settings.WORKING_GROUPS_REVIEW_REMINDER_DAYS),
        )
        if offset is None:
            continue
        for recipient, _person_id in board_voters_without_vote(proposal_id=proposal.pk, on=today):
            yield DueReminder(
                kind="working_groups.review.vote_due",
                deadline_key=f"wg-proposal:{proposal.pk}:review:{meeting.pk}:{offset}d",
                deadline=meeting_day,
                recipient=recipient.email,
                template="working_groups/email/review_reminder",
                context=_proposal_context(proposal, meeting, "working_groups:proposal"),
                language=recipient.language,
            )


def decision_missing_reminders(today: date) -> Iterator[DueReminder]:
    """The secretariat, once the Board meeting has passed without a recorded decision."""
    proposals = _before_the_board().filter(board_meeting__starts_at__date__lt=today)
    for proposal in proposals:
        meeting = proposal.board_meeting
        assert meeting is not None
        yield DueReminder(
            kind="working_groups.review.decision_missing",
            deadline_key=f"wg-proposal:{proposal.pk}:decision-missing:{meeting.pk}",
            deadline=timezone.localdate(meeting.starts_at),
            recipient=settings.SECRETARIAT_EMAIL,
            template="working_groups/email/decision_missing",
            context=_proposal_context(proposal, meeting, "working_groups:proposal_decide"),
        )


def mandate_ending_reminders(today: date) -> Iterator[DueReminder]:
    """Before a group's two-year mandate ends: the secretariat, the lead and Chair's regions."""
    window = timedelta(days=settings.WORKING_GROUPS_MANDATE_REMINDER_DAYS)
    groups = WorkingGroup.objects.filter(
        dissolved_on__isnull=True,
        mandate_ends_on__gte=today,
        mandate_ends_on__lte=today + window,
    ).select_related("body", "lead_region")
    for group in groups:
        chair = group_chair(group=group, on=today)
        regions = [group.lead_region_id]
        if chair is not None and chair.member_id is not None:
            regions.append(chair.member_id)
        by_region = region_recipients(member_ids=regions)
        recipients = {r.email: r for pk in regions for r in by_region[pk]}
        recipients.setdefault(settings.SECRETARIAT_EMAIL, Recipient(settings.SECRETARIAT_EMAIL))
        for recipient in recipients.values():
            yield DueReminder(
                kind="working_groups.group.mandate_ending",
                deadline_key=f"wg-group:{group.pk}:mandate-ends:{group.mandate_ends_on}",
                deadline=group.mandate_ends_on,
                recipient=recipient.email,
                template="working_groups/email/mandate_ending",
                context={
                    "name": group.name,
                    "ends_on": group.mandate_ends_on.isoformat(),
                    "link": absolute_url("working_groups:group", group.slug),
                },
                language=recipient.language,
            )
