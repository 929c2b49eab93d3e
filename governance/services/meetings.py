"""Writes to meetings: planning, agenda, documents, holding and minutes, and the personal
calendar feed of them. Convening (invitation, documents) is :mod:`governance.services.convening`."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.history import history_author
from aer_portal.uploads import validate_upload
from aer_portal.validation import clean_or_raise
from governance.models import (
    AgendaItem,
    Body,
    CalendarFeed,
    Meeting,
    MeetingDocument,
)
from governance.models.meetings import DOCUMENT_EXTENSIONS, STATUS_FLOW
from governance.services.bodies import require_body_records
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
    history_author(meeting, actor)
    meeting.save()
    return meeting


def secretariat_only(actor: User | None) -> None:
    """Meetings are convened, documented and minuted by the secretariat."""
    require_secretariat(actor, message=_("Only the secretariat runs meetings."))


def locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting's row, locked for the rest of the transaction, with its body."""
    return Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)


def meeting_move(meeting: Meeting, to: str) -> None:
    """Moves the meeting to status ``to`` (unsaved), refused when the status flow forbids it."""
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
    secretariat_only(actor)
    meeting = locked_meeting(meeting)
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
    secretariat_only(actor)
    meeting = locked_meeting(item.meeting)
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
    secretariat_only(actor)
    meeting = locked_meeting(item.meeting)
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
    secretariat_only(actor)
    meeting = locked_meeting(meeting)
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


# --- Holding, minutes, cancelling ---------------------------------------------------------


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: User | None, now: datetime) -> Meeting:
    """Records that the meeting took place; it must have been convened and have begun."""
    secretariat_only(actor)
    meeting = locked_meeting(meeting)
    if meeting.starts_at > now:
        raise DomainError(_("The meeting has not begun yet."), field="status")
    meeting_move(meeting, Meeting.Status.HELD)
    history_author(meeting, actor)
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: User | None) -> Meeting:
    """Cancels a meeting that has not been held."""
    secretariat_only(actor)
    meeting = locked_meeting(meeting)
    meeting_move(meeting, Meeting.Status.CANCELLED)
    history_author(meeting, actor)
    meeting.save(update_fields=["status"])
    return meeting


@transaction.atomic
def meeting_minutes_save(*, meeting: Meeting, notes: str, actor: User | None) -> Meeting:
    """Saves the notes of the minutes until they are approved."""
    secretariat_only(actor)
    meeting = locked_meeting(meeting)
    if meeting.status != Meeting.Status.HELD:
        raise DomainError(
            _("Minutes are written after the meeting and before their approval."),
            field="minutes_notes",
        )
    meeting.minutes_notes = notes.strip()
    history_author(meeting, actor)
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
    secretariat_only(actor)
    meeting = locked_meeting(meeting)
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
    meeting_move(meeting, Meeting.Status.MINUTES_APPROVED)
    meeting.minutes_approved_at = approved_at
    history_author(meeting, actor)
    meeting.save(update_fields=["status", "minutes_approved_at"])
    return meeting


# --- The personal calendar feed -----------------------------------------------------------


@transaction.atomic
def calendar_feed_renew(*, user: User) -> CalendarFeed:
    """Gives the account a new secret feed address; the old one stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()
    return CalendarFeed.objects.create(
        user=user, token=secrets.token_urlsafe(32), created_at=timezone.now()
    )


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> None:
    """Closes the account's feed address."""
    CalendarFeed.objects.filter(user=user).delete()
