"""Who attended a meeting, and with how many votes (Procedures arts. 5.5, 14, 15.2)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models.bodies import Seat
from governance.models.meetings import Meeting


class Attendance(models.Model):
    """A person expected at a meeting: present or not, and the votes the rules give them."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendances"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member represented"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    seat = models.ForeignKey(
        Seat,
        verbose_name=_("seat"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    present = models.BooleanField(_("present"), default=False)
    substitute = models.BooleanField(_("substitute"), default=False)
    votes = models.PositiveSmallIntegerField(_("votes"), default=0)
    vote_reason = models.CharField(_("why"), max_length=400, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="one_attendance_per_person",
                violation_error_message=_(
                    "The person's attendance at this meeting is recorded already."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"
