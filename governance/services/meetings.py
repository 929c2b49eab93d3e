"""Writes to meetings: planning, agenda, documents, convening, holding and minutes."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError
from aer_portal.messages import render as render_message
from aer_portal.rules.meetings import NOTICE_PERIODS
from aer_portal.rules.notices import (
    Notice,
    convened_outside_portal_message,
    late_notice_message,
    notice_deadline,
)
from aer_portal.uploads import validate_upload
from aer_portal.validation import clean_or_raise
from governance.models import AgendaItem, Body, Meeting, MeetingDocument, MeetingMailing
from governance.models.meetings import DOCUMENT_EXTENSIONS, STATUS_FLOW
from governance.selectors.meetings import meeting_invitees
from governance.services.bodies import require_body_records
from governance.services.pending import pending_task_schedule
from members.access import require_secretariat
from members.models import User


@transaction.atomic
def meeting_schedule(
    *,
    body: Body,
    title: str,
    starts_at: datetime,
    actor: User | None,
    ends_at: datetime | None = None,
    place: str = "",
    online_url: str = "",
    today: date | None = None,
) -> Meeting:
    """Plans a meeting of a body; its notice deadlines follow from aer_portal.rules.meetings.

    A step of :func:`working_groups.services.groups.group_meeting_schedule` and of the Board's
    review; ``actor`` must still keep the body's records on ``today``
    (:func:`governance.services.bodies.require_body_records`). No page calls it directly.
    """
    require_body_records(actor, body=body, today=today, field="starts_at")
    meeting = Meeting(
        body=body,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
    )
    clean_or_raise(meeting)
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save()
    return meeting


def _secretariat_only(actor: User | None) -> None:
    """Meetings are convened, documented and minuted by the secretariat."""
    require_secretariat(actor, message=_("Only the secretariat runs meetings."))


def _locked(meeting: Meeting) -> Meeting:
    """The meeting's row, locked for the rest of the transaction, with its body."""
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def _move(meeting: Meeting, to: str) -> None:
    if to not in STATUS_FLOW[meeting.status]:
        raise DomainError(
            _("A meeting that is “%(now)s” cannot become “%(to)s”.")
            % {
                "now": Meeting.Status(meeting.status).label,
                "to": Meeting.Status(to).label,
            },
            field="status",
        )
    meeting.status = to


def _editable(meeting: Meeting) -> None:
    if meeting.status in (Meeting.Status.MINUTES_APPROVED, Meeting.Status.CANCELLED):
        raise DomainError(
            _("The meeting is “%(status)s”; its agenda and documents are closed.")
            % {"status": Meeting.Status(meeting.status).label},
            field="status",
        )


# --- Agenda -------------------------------------------------------------------------------


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, title: str, actor: User | None, description: str = ""
) -> AgendaItem:
    """Adds a point at the end of the agenda."""
    _secretariat_only(actor)
    meeting = _locked(meeting)
    _editable(meeting)
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting, position=last + 1, title=title.strip(), description=description.strip()
    )
    clean_or_raise(item)
    item.save()
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, up: bool, actor: User | None) -> AgendaItem:
    """Swaps an agenda point with the one before (``up``) or after it."""
    _secretariat_only(actor)
    meeting = _locked(item.meeting)
    _editable(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    neighbours = meeting.agenda_items.filter(
        position__lt=item.position if up else 32767,
        position__gt=0 if up else item.position,
    ).order_by("-position" if up else "position")
    other = neighbours.first()
    if other is None:
        return item
    mine, theirs = item.position, other.position
    # The unique (meeting, position) constraint holds at every step: park one item first.
    item.position = 32767
    item.save(update_fields=["position"])
    other.position = mine
    other.save(update_fields=["position"])
    item.position = theirs
    item.save(update_fields=["position"])
    return item


@transaction.atomic
def agenda_item_remove(*, item: AgendaItem, actor: User | None) -> None:
    """Removes a point from the agenda; the points after it move up."""
    _secretariat_only(actor)
    meeting = _locked(item.meeting)
    _editable(meeting)
    if meeting.status != Meeting.Status.PLANNED:
        raise DomainError(
            _("The draft agenda went out with the invitation; add a point instead."),
            field="agenda",
        )
    position = item.position
    item.delete()
    for later in meeting.agenda_items.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])


# --- Documents ----------------------------------------------------------------------------


@transaction.atomic
def meeting_document_add(
    *,
    meeting: Meeting,
    upload: UploadedFile,
    title: str,
    actor: User | None,
    now: datetime,
    agenda_item: AgendaItem | None = None,
) -> MeetingDocument:
    """Stores a working document (PDF, DOCX, XLSX, ODT) under a generated name.

    The file is checked by size and content (aer_portal.uploads); members see it once it is
    sent (:func:`meeting_documents_send`).
    """
    _secretariat_only(actor)
    meeting = _locked(meeting)
    _editable(meeting)
    try:
        validate_upload(upload, allowed=DOCUMENT_EXTENSIONS, field="file")
    except ValidationError as error:
        raise DomainError(error.messages[0], field="file") from error
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise DomainError(_("The point is on another meeting's agenda."), field="agenda_item")
    document = MeetingDocument(
        meeting=meeting,
        agenda_item=agenda_item,
        title=title.strip() or (upload.name or ""),
        original_name=(upload.name or "")[:255],
        size=upload.size or 0,
        uploaded_at=now,
        uploaded_by=actor,
    )
    document.file.save(upload.name or "document", upload, save=False)
    try:
        clean_or_raise(document, exclude=["file"])
    except DomainError:
        document.file.delete(save=False)
        raise
    document.save()
    return document


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
    to every member of the body (governance.selectors.meetings.meeting_invitees) and records when.

    Procedures arts. 4.1, 5.6, 6, 11.4: after the deadline it goes out only when the staff
    member confirms the message quoting the article (``late_confirmed``); the mailing keeps it.
    """
    _secretariat_only(actor)
    meeting = _locked(meeting)
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
    _move(meeting, Meeting.Status.CONVENED)
    meeting.invitation_sent_at = now
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save(update_fields=["status", "invitation_sent_at"])
    mailing = MeetingMailing.objects.create(
        meeting=meeting,
        notice=MeetingMailing.Notice.INVITATION,
        sent_at=now,
        sent_by=actor,
        late_days=late_days,
        late_confirmation=confirmation,
        recipients=recipients,
    )
    _deliver_after_commit(mailing)
    return mailing


@transaction.atomic
def meeting_documents_send(
    *, meeting: Meeting, actor: User | None, now: datetime, late_confirmed: bool = False
) -> MeetingMailing:
    """Sends the documents not sent before to every member of the body and records when.

    Late first mailings need the confirmation described in :func:`meeting_invitation_send`.
    """
    _secretariat_only(actor)
    meeting = _locked(meeting)
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
        _move(meeting, Meeting.Status.DOCUMENTS_SENT)
    meeting.documents_sent_at = meeting.documents_sent_at or now
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save(update_fields=["status", "documents_sent_at"])
    mailing = MeetingMailing.objects.create(
        meeting=meeting,
        notice=MeetingMailing.Notice.DOCUMENTS,
        sent_at=now,
        sent_by=actor,
        late_days=late_days,
        late_confirmation=confirmation,
        recipients=recipients,
    )
    _deliver_after_commit(mailing)
    return mailing


def _deliver_after_commit(mailing: MeetingMailing) -> None:
    """Records the delivery in this transaction; the worker sends it (never lost: see
    governance.services.pending)."""
    pending_task_schedule(
        task="governance.meetings.mailing_send",
        args=[mailing.pk],
        group=f"mailing:{mailing.pk}",
        label=str(mailing)[:200],
    )


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
    _secretariat_only(actor)
    meeting = _locked(meeting)
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
    _move(meeting, Meeting.Status.CONVENED)
    meeting.convened_outside_portal = message.render()
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save(update_fields=["status", "convened_outside_portal"])
    return meeting


# --- Holding, minutes, cancelling ---------------------------------------------------------


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: User | None, now: datetime) -> Meeting:
    """Records that the meeting took place; it must have been convened and have begun."""
    _secretariat_only(actor)
    meeting = _locked(meeting)
    if meeting.starts_at > now:
        raise DomainError(_("The meeting has not begun yet."), field="status")
    _move(meeting, Meeting.Status.HELD)
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User | None) -> Meeting:
    """Cancels a meeting that has not been held."""
    _secretariat_only(actor)
    meeting = _locked(meeting)
    _move(meeting, Meeting.Status.CANCELLED)
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def meeting_minutes_save(*, meeting: Meeting, notes: str, actor: User | None) -> Meeting:
    """Saves the notes of the minutes until they are approved."""
    _secretariat_only(actor)
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise DomainError(
            _("Minutes are written after the meeting and before their approval."),
            field="minutes_notes",
        )
    meeting.minutes_notes = notes.strip()
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save(update_fields=["minutes_notes"])
    return meeting


@transaction.atomic
def meeting_minutes_approve(
    *, meeting: Meeting, approved_at: Meeting, actor: User | None
) -> Meeting:
    """Records that a later meeting of the same body approved the minutes.

    Minutes are approved at the next meeting: ``approved_at`` must be of the same body, later,
    and held.
    """
    _secretariat_only(actor)
    meeting = _locked(meeting)
    if (
        approved_at.body_id != meeting.body_id
        or approved_at.starts_at <= meeting.starts_at
        or approved_at.status not in (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)
    ):
        raise DomainError(
            _("Minutes are approved at a later meeting of the %(body)s that has been held.")
            % {"body": meeting.body.display_name},
            field="approved_at",
        )
    _move(meeting, Meeting.Status.MINUTES_APPROVED)
    meeting.minutes_approved_at = approved_at
    meeting._history_user = actor  # type: ignore[attr-defined]
    meeting.save(update_fields=["status", "minutes_approved_at"])
    return meeting
