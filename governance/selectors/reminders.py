"""The governance app's reminder sources: which reminders are due on a given day.

Registered in GovernanceConfig.ready(). Each source yields every reminder due that day, sent
or not; the ledger (governance.models.ReminderSent) makes sending idempotent. A deadline has
reminder stages (e.g. a week and a day before, settings.REMINDER_NOTICE_DAYS); a stage is due
from its day until the next stage begins, so a scan that did not run on one day catches up the
next, and a deadline set up late gets only its latest stage, never two mails at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from aer_portal.links import absolute_url
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.dates import add_months
from aer_portal.rules.meetings import NOTICE_PERIODS
from aer_portal.rules.membership import (
    MemberCategory,
    observer_status_last_day,
    substitute_deadline,
)
from aer_portal.rules.notices import Notice, missed_notice_message, notice_deadline
from governance.models import Meeting
from governance.reminders import DueReminder, JSONValue
from governance.selectors.deadlines import (
    LONGEST_NOTICE_DAYS,
    MANDATE_ARTICLES,
    lost_mandates_to_replace,
    mandates_ending,
    start_of,
)
from governance.selectors.meetings import proposal_deadlines
from members.models import Membership
from members.selectors.memberships import officer_addresses


def stage_due(deadline: date, *, today: date, days_before: Sequence[int]) -> int | None:
    """The reminder stage (days before the deadline) due today, or ``None``.

    With stages 7 and 1: 7 from seven to two days before, 1 from the day before to the
    deadline itself; nothing before the first stage or after the deadline.
    """
    if today > deadline:
        return None
    left = (deadline - today).days
    stages = sorted(set(days_before), reverse=True)
    for index, stage in enumerate(stages):
        following = stages[index + 1] if index + 1 < len(stages) else -1
        if following < left <= stage:
            return stage
    return None


def _meetings_ahead(today: date) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            starts_at__gte=start_of(today),
            starts_at__lt=start_of(today + timedelta(days=LONGEST_NOTICE_DAYS + 60)),
            body__kind__in=list(NOTICE_PERIODS),
        )
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("starts_at")
    )


def _sent(meeting: Meeting, notice: Notice) -> bool:
    moment = (
        meeting.invitation_sent_at if notice is Notice.INVITATION else meeting.documents_sent_at
    )
    return moment is not None


def notice_reminders(today: date) -> Iterator[DueReminder]:
    """Invitation and documents due (a week and a day before, to the secretariat) and missed
    (from the day after the deadline until the meeting, saying which article)."""
    for meeting in _meetings_ahead(today):
        kind = meeting.body.kind
        for notice in Notice:
            if _sent(meeting, notice):
                continue
            deadline = notice_deadline(kind, notice, meeting_day=meeting.day)
            context: dict[str, JSONValue] = {
                "meeting": meeting.title,
                "body": meeting.body.name,
                "meeting_day": meeting.day.isoformat(),
                "meeting_id": meeting.pk,
                "notice": _(notice.label),
                "article": NOTICE_PERIODS[BodyKind(kind)].article,
            }
            stage = stage_due(deadline, today=today, days_before=settings.REMINDER_NOTICE_DAYS)
            if stage is not None:
                yield DueReminder(
                    kind=f"governance.meeting.{notice.value}.due",
                    deadline_key=f"meeting:{meeting.pk}:{notice.value}:{stage}d",
                    deadline=deadline,
                    recipient=settings.SECRETARIAT_EMAIL,
                    template="governance/email/reminder_notice_due",
                    context={**context, "days_left": (deadline - today).days},
                )
            elif deadline < today <= meeting.day:
                message = missed_notice_message(kind, notice, meeting_day=meeting.day)
                yield DueReminder(
                    kind=f"governance.meeting.{notice.value}.missed",
                    deadline_key=f"meeting:{meeting.pk}:{notice.value}:missed",
                    deadline=deadline,
                    recipient=settings.SECRETARIAT_EMAIL,
                    template="governance/email/reminder_notice_missed",
                    context={**context, "message": message.render()},
                )


def proposal_reminders(today: date) -> Iterator[DueReminder]:
    """The deadline for proposals to the General Assembly (art. 4.2), to every member's
    officers, at the stages of settings.REMINDER_GA_PROPOSAL_DAYS."""
    assemblies = list(
        Meeting.objects.filter(body__kind=BodyKind.GENERAL_ASSEMBLY, starts_at__gte=start_of(today))
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
    )
    deadlines = proposal_deadlines(general_assemblies=assemblies)
    due = []
    for assembly in assemblies:
        deadline = deadlines.get(assembly.pk)
        if deadline is None:
            continue
        stage = stage_due(deadline, today=today, days_before=settings.REMINDER_GA_PROPOSAL_DAYS)
        if stage is not None:
            due.append((assembly, deadline, stage))
    if not due:
        return
    members = Membership.objects.filter(ended_on__isnull=True).exclude(
        category=MemberCategory.OBSERVER
    )
    officers = officer_addresses(member_ids=members.values("member_id"))
    recipients = set().union(*officers.values())
    for assembly, deadline, stage in due:
        for email, language in sorted(recipients):
            yield DueReminder(
                kind="governance.ga_proposal.deadline",
                deadline_key=f"meeting:{assembly.pk}:proposals:{stage}d",
                deadline=deadline,
                recipient=email,
                template="governance/email/reminder_ga_proposals",
                context={
                    "meeting": assembly.title,
                    "meeting_id": assembly.pk,
                    "meeting_day": assembly.day.isoformat(),
                    "days_left": (deadline - today).days,
                },
                language=language,
            )


def observer_reminders(today: date) -> Iterator[DueReminder]:
    """An observer's year ends (art. 2.1): to the secretariat, settings.REMINDER_OBSERVER_MONTHS
    months before, so that the region is asked whether it becomes a member; and to the
    observer's officers, with the link to the application to become a member."""
    observers = list(
        Membership.objects.filter(
            category=MemberCategory.OBSERVER, ended_on__isnull=True
        ).select_related("member")
    )
    officers = officer_addresses(member_ids=[m.member_id for m in observers])
    for membership in observers:
        last_day = observer_status_last_day(membership.board_decision)
        if add_months(last_day, -settings.REMINDER_OBSERVER_MONTHS) <= today <= last_day:
            for email, language in sorted(officers.get(membership.member_id, ())):
                yield DueReminder(
                    kind="governance.observer.year_ending.observer",
                    deadline_key=f"membership:{membership.pk}:observer_end",
                    deadline=last_day,
                    recipient=email,
                    template="governance/email/reminder_observer_member",
                    context={
                        "member": membership.member.name,
                        "decision": membership.board_decision.isoformat(),
                        "link": absolute_url("applications:apply")
                        + f"?member={membership.member_id}",
                    },
                    language=language,
                )
            yield DueReminder(
                kind="governance.observer.year_ending",
                deadline_key=f"membership:{membership.pk}:observer_end",
                deadline=last_day,
                recipient=settings.SECRETARIAT_EMAIL,
                template="governance/email/reminder_observer",
                context={
                    "member": membership.member.name,
                    "decision": membership.board_decision.isoformat(),
                },
            )


def substitute_reminders(today: date) -> Iterator[DueReminder]:
    """A delegate lost the regional mandate (art. 15.2): the Board assigns a substitute within
    six months; to the secretariat at the stages of settings.REMINDER_SUBSTITUTE_DAYS."""
    for lost in lost_mandates_to_replace(today=today):
        assert lost.lost_on is not None
        deadline = substitute_deadline(lost.lost_on)
        stage = stage_due(deadline, today=today, days_before=settings.REMINDER_SUBSTITUTE_DAYS)
        if stage is not None:
            yield DueReminder(
                kind="governance.mandate.substitute_deadline",
                deadline_key=f"regional_mandate:{lost.pk}:substitute:{stage}d",
                deadline=deadline,
                recipient=settings.SECRETARIAT_EMAIL,
                template="governance/email/reminder_substitute",
                context={"person": str(lost.person), "lost_on": lost.lost_on.isoformat()},
            )


def mandate_reminders(today: date) -> Iterator[DueReminder]:
    """Mandates in elected bodies end: to the secretariat, one e-mail per body and day, at the
    stages of settings.REMINDER_MANDATE_ENDING_DAYS."""
    longest = max(settings.REMINDER_MANDATE_ENDING_DAYS)
    for (body_id, day), mandates in mandates_ending(
        first=today, last=today + timedelta(days=longest)
    ).items():
        stage = stage_due(day, today=today, days_before=settings.REMINDER_MANDATE_ENDING_DAYS)
        if stage is None:
            continue
        body = mandates[0].seat.body
        yield DueReminder(
            kind="governance.mandate.ending",
            deadline_key=f"body:{body_id}:mandates_end:{day.isoformat()}:{stage}d",
            deadline=day,
            recipient=settings.SECRETARIAT_EMAIL,
            template="governance/email/reminder_mandates_ending",
            context={
                "body": body.name,
                "article": MANDATE_ARTICLES.get(BodyKind(body.kind), ""),
                "people": [f"{m.person} ({m.seat})" for m in mandates],
            },
        )


SOURCES = {
    "governance.meeting_notice": notice_reminders,
    "governance.ga_proposals": proposal_reminders,
    "governance.observer_year": observer_reminders,
    "governance.substitute": substitute_reminders,
    "governance.mandates_ending": mandate_reminders,
}
