"""Convening a meeting (Procedures arts. 4.1, 5.6, 6, 11.4): its invitation and documents sent
to every member of the body, late only after the secretariat confirms the article, or recorded
as convened outside the portal."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError
from aer_portal.history import history_author
from aer_portal.messages import render as render_message
from aer_portal.rules.meetings import NOTICE_PERIODS
from aer_portal.rules.notices import (
    Notice,
    convened_outside_portal_message,
    late_notice_message,
    notice_deadline,
)
from governance.models import (
    Meeting,
    MeetingMailing,
)
from governance.selectors.seated import meeting_invitees
from governance.services.meetings import locked_meeting, meeting_move, secretariat_only
from governance.services.pending import pending_task_schedule
from members.models import User

# --- Convening ----------------------------------------------------------------------------


def _late_confirmation(
    meeting: Meeting, notice: Notice, *, today: datetime, late_confirmed: bool
) -> tuple[int, str]:
    """(days late, the message confirmed) — or a DomainError carrying the message to confirm."""
    if meeting.body.kind not in NOTICE_PERIODS:
        return 0, ""
    message = late_notice_message(
        meeting.body.kind, notice, meeting_day=meeting.day, today=timezone.localdate(today)
    )
    if message is None:
        return 0, ""
    if not late_confirmed:
        raise DomainError(render_message(message), field="confirm_late")
    days = (timezone.localdate(today) - _deadline_of(meeting, notice)).days
    return days, message.render()


def _deadline_of(meeting: Meeting, notice: Notice) -> date:
    return notice_deadline(meeting.body.kind, notice, meeting_day=meeting.day)


def _recipient_count(meeting: Meeting) -> int:
    recipients = meeting_invitees(meeting=meeting)
    if not recipients:
        raise DomainError(
            _(
                "Nobody with an e-mail address sits in the %(body)s on %(day)s; "
                "record the mandates first."
            )
            % {"body": meeting.body.display_name, "day": day(meeting.day)},
            field="recipients",
        )
    return len(recipients)


@transaction.atomic
def meeting_invitation_send(
    *, meeting: Meeting, actor: User | None, now: datetime, late_confirmed: bool = False
) -> MeetingMailing:
    """Convenes the meeting: e-mails the invitation with the draft agenda (PDF) and an .ics
    to every member of the body (governance.selectors.seated.meeting_invitees) and records when.

    Procedures arts. 4.1, 5.6, 6, 11.4: after the deadline it goes out only when the staff
    member confirms the message quoting the article (``late_confirmed``); the mailing keeps it.
    """
    secretariat_only(actor)
    meeting = locked_meeting(meeting)
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError(
            _("The invitation was sent already (the meeting is “%(status)s”).")
            % {"status": Meeting.Status(meeting.status).label},
            field="status",
        )
    if meeting.starts_at <= now:
        raise DomainError(_("The meeting has begun; it cannot be convened."), field="starts_at")
    if not meeting.agenda_items.exists():
        raise DomainError(
            _("The invitation goes with a draft agenda; add its points first."),
            field="agenda",
        )
    late_days, confirmation = _late_confirmation(
        meeting, Notice.INVITATION, today=now, late_confirmed=late_confirmed
    )
    recipients = _recipient_count(meeting)
    meeting_move(meeting, Meeting.Status.CONVENED)
    meeting.invitation_sent_at = now
    return _mailing_record(
        meeting,
        MeetingMailing.Notice.INVITATION,
        saved=["status", "invitation_sent_at"],
        now=now,
        actor=actor,
        late=(late_days, confirmation),
        recipients=recipients,
    )


@transaction.atomic
def meeting_documents_send(
    *, meeting: Meeting, actor: User | None, now: datetime, late_confirmed: bool = False
) -> MeetingMailing:
    """Sends the documents not sent before to every member of the body and records when.

    Late first mailings need the confirmation described in :func:`meeting_invitation_send`.
    """
    secretariat_only(actor)
    meeting = locked_meeting(meeting)
    if meeting.status not in (Meeting.Status.CONVENED, Meeting.Status.DOCUMENTS_SENT):
        raise DomainError(
            _("Documents go out after the invitation, before the meeting is held."),
            field="status",
        )
    unsent = meeting.documents.filter(sent_at__isnull=True)
    if not unsent.exists():
        raise DomainError(_("There is no new document to send."), field="documents")
    late_days, confirmation = 0, ""
    if meeting.documents_sent_at is None:
        late_days, confirmation = _late_confirmation(
            meeting, Notice.DOCUMENTS, today=now, late_confirmed=late_confirmed
        )
    recipients = _recipient_count(meeting)
    unsent.update(sent_at=now)
    if meeting.status == Meeting.Status.CONVENED:
        meeting_move(meeting, Meeting.Status.DOCUMENTS_SENT)
    meeting.documents_sent_at = meeting.documents_sent_at or now
    return _mailing_record(
        meeting,
        MeetingMailing.Notice.DOCUMENTS,
        saved=["status", "documents_sent_at"],
        now=now,
        actor=actor,
        late=(late_days, confirmation),
        recipients=recipients,
    )


def _mailing_record(
    meeting: Meeting,
    notice: str,
    *,
    now: datetime,
    actor: User | None,
    saved: list[str],
    late: tuple[int, str],
    recipients: int,
) -> MeetingMailing:
    """Saves the ``saved`` fields of the meeting, with the actor as the author in its history,
    and records the mailing and its delivery in this transaction; the worker sends it (never
    lost: see governance.services.pending)."""
    history_author(meeting, actor)
    meeting.save(update_fields=saved)
    late_days, confirmation = late
    mailing = MeetingMailing.objects.create(
        meeting=meeting,
        notice=notice,
        sent_at=now,
        sent_by=actor,
        late_days=late_days,
        late_confirmation=confirmation,
        recipients=recipients,
    )
    pending_task_schedule(
        task="governance.meetings.mailing_send",
        args=[mailing.pk],
        group=f"mailing:{mailing.pk}",
        label=str(mailing)[:200],
    )
    return mailing


@transaction.atomic
def meeting_record_convened_outside(
    *, meeting: Meeting, actor: User | None, now: datetime, confirmed: bool = False
) -> Meeting:
    """Records a meeting that has begun as convened outside the portal, so that its
    attendance, votes and minutes can be recorded.

    Procedures arts. 4.1, 5.6, 6, 11.4: the invitation can no longer go out in time, so the
    staff member confirms the message naming the notice the article required
    (``rules.notices.convened_outside_portal_message``); the meeting keeps it and its page and
    minutes show it. A meeting not yet begun is convened by sending the invitation instead.
    """
    secretariat_only(actor)
    meeting = locked_meeting(meeting)
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError(
            _("Only a meeting not convened through the portal is recorded this way."),
            field="status",
        )
    if meeting.starts_at > now:
        raise DomainError(
            _("The meeting has not begun; convene it by sending the invitation and draft agenda."),
            field="starts_at",
        )
    message = convened_outside_portal_message(meeting.body.kind, meeting_day=meeting.day)
    if not confirmed:
        raise DomainError(render_message(message), field="confirm_late")
    meeting_move(meeting, Meeting.Status.CONVENED)
    meeting.convened_outside_portal = message.render()
    history_author(meeting, actor)
    meeting.save(update_fields=["status", "convened_outside_portal"])
    return meeting
