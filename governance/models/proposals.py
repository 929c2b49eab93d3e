"""Proposals that member regions submit to the General Assembly (Procedures arts. 4.2, 4.3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models.meetings import AgendaItem, Meeting


class GeneralAssemblyProposal(models.Model):
    """A member's proposal to a General Assembly and the Executive Board's opinion on it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting the Executive Board's opinion")
        ACCEPTED = "accepted", _("On the agenda")
        REJECTED = "rejected", _("Not on the agenda")

    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("General Assembly"),
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="ga_proposals",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("proposal"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    board_opinion = models.TextField(_("opinion of the Executive Board"), blank=True)
    opinion_recorded_on = models.DateField(_("opinion recorded on"), null=True, blank=True)
    agenda_item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("General Assembly proposal")
        verbose_name_plural = _("General Assembly proposals")
        ordering = ["meeting", "submitted_at"]

    def __str__(self) -> str:
        return f"{self.member}: {self.title}"
