"""Membership applications put before the Executive Board at its meetings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from governance.models.meetings import AgendaItem
from members.models import MembershipApplication


class ApplicationOnAgenda(models.Model):
    """An application on the agenda of an Executive Board meeting (Procedures arts. 2.1,
    3.1.1: the Board decides); an application postponed to a later meeting has one per meeting."""

    application = models.ForeignKey(
        MembershipApplication,
        verbose_name=_("membership application"),
        on_delete=models.CASCADE,
        related_name="agenda_entries",
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="application_entry",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application on an agenda")
        verbose_name_plural = _("applications on agendas")

    def __str__(self) -> str:
        return f"{self.application} — {self.agenda_item.meeting}"
