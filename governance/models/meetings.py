"""Meetings of AER's bodies, their agenda, documents and the mailings that convene them, and
the personal calendar feed that lists them."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.uploads import GeneratedName, upload_validator
from governance.models.bodies import Body

#: Meeting documents the secretariat may upload (Procedures arts. 4.1, 5.6, 6, 11.4).
DOCUMENT_EXTENSIONS = (".pdf", ".docx", ".xlsx", ".odt")


class Meeting(models.Model):
    """A meeting of a body, physical or online, with its statutory deadlines.

    Deliberately without a link to any account: a secret ballot leads to its meeting, and from
    there no chain of foreign keys may reach a person (see governance.models.votes).
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        CONVENED = "convened", _("Convened")
        DOCUMENTS_SENT = "documents_sent", _("Documents sent")
        HELD = "held", _("Held")
        MINUTES_APPROVED = "minutes_approved", _("Minutes approved")
        CANCELLED = "cancelled", _("Cancelled")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    invitation_sent_at = models.DateTimeField(
        _("invitation sent at"),
        null=True,
        blank=True,
        help_text=_("When the invitation and draft agenda went to the members of the body."),
    )
    documents_sent_at = models.DateTimeField(_("documents first sent at"), null=True, blank=True)
    convened_outside_portal = models.TextField(
        _("convened outside the portal"),
        blank=True,
        help_text=_(
            "Set when a meeting that had begun was recorded without a portal invitation: the "
            "message confirmed, with the article on notice."
        ),
    )
    minutes_notes = models.TextField(
        _("minutes"),
        blank=True,
        help_text=_("What was discussed; attendance and decisions are added to the PDF."),
    )
    minutes_approved_at = models.ForeignKey(
        "self",
        verbose_name=_("minutes approved at"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        help_text=_("The later meeting of the same body that approved these minutes."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting ends after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="minutes_approved") | Q(minutes_approved_at__isnull=False),
                name="approved_minutes_name_the_meeting",
                violation_error_message=_("Approved minutes name the meeting that approved them."),
            ),
        ]
        indexes = [models.Index(fields=["body", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    @property
    def status_label(self) -> str:
        """The status in the reader's language: get_status_display() translates every status's
        name at each call, for each row of the meetings list."""
        try:
            return str(Meeting.Status(self.status).label)
        except ValueError:
            return self.status

    @property
    def is_online(self) -> bool:
        return bool(self.online_url) and not self.place

    @property
    def day(self) -> date:
        """The meeting's first day in Brussels time, from which its deadlines count."""
        return timezone.localtime(self.starts_at).date()


#: Which status may follow which (cancelling is possible until the meeting is held).
STATUS_FLOW: dict[str, frozenset[str]] = {
    Meeting.Status.PLANNED: frozenset({Meeting.Status.CONVENED, Meeting.Status.CANCELLED}),
    Meeting.Status.CONVENED: frozenset(
        {Meeting.Status.DOCUMENTS_SENT, Meeting.Status.HELD, Meeting.Status.CANCELLED}
    ),
    Meeting.Status.DOCUMENTS_SENT: frozenset({Meeting.Status.HELD, Meeting.Status.CANCELLED}),
    Meeting.Status.HELD: frozenset({Meeting.Status.MINUTES_APPROVED}),
    Meeting.Status.MINUTES_APPROVED: frozenset(),
    Meeting.Status.CANCELLED: frozenset(),
}


class AgendaItem(models.Model):
    """One point of a meeting's agenda, in order."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"],
                name="one_agenda_item_per_position",
                violation_error_message=_("Another point is at this place on the agenda."),
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1),
                name="agenda_position_positive",
                violation_error_message=_("A point's place on the agenda is 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class MeetingDocument(models.Model):
    """A working document of a meeting, stored under a generated name and served by a view."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="documents"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"),
        upload_to=GeneratedName("meetings"),
        max_length=200,
        validators=[upload_validator(*DOCUMENT_EXTENSIONS, field="file")],
    )
    original_name = models.CharField(_("original file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(
        _("sent at"),
        null=True,
        blank=True,
        help_text=_("When it went to the members; until then only the secretariat sees it."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        from pathlib import PurePath

        return PurePath(self.file.name or "").suffix.lower()


class MeetingMailing(models.Model):
    """A mailing of a meeting's invitation or documents: when, by whom, and any late notice."""

    class Notice(models.TextChoices):
        INVITATION = "invitation", _("Invitation and draft agenda")
        DOCUMENTS = "documents", _("Working documents")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="mailings"
    )
    notice = models.CharField(_("what"), max_length=20, choices=Notice.choices)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    late_days = models.PositiveSmallIntegerField(_("days late"), default=0)
    late_confirmation = models.TextField(
        _("late notice confirmed"),
        blank=True,
        help_text=_("The message quoting the article that the staff member confirmed."),
    )
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("meeting mailing")
        verbose_name_plural = _("meeting mailings")
        ordering = ["meeting", "sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(late_days=0) | ~Q(late_confirmation=""),
                name="late_mailing_keeps_its_confirmation",
                violation_error_message=_(
                    "A late mailing keeps the confirmation of the person who sent it late."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.get_notice_display()}"


class CalendarFeed(models.Model):
    """A revocable token: whoever knows the address reads the person's meetings and deadlines."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"
