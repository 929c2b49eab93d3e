"""Membership applications put before the Executive Board at its meetings."""

from __future__ import annotations

from django.conf import settings
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


class ApplicationOnlineVote(models.Model):
    """The Executive Board's online vote on an application, opened by the secretariat
    (issue 18: "by an online vote like working-group proposals"); closed with its count
    (Procedures art. 14) when the secretariat closes it or every Board member has voted."""

    application = models.OneToOneField(
        MembershipApplication,
        verbose_name=_("membership application"),
        on_delete=models.CASCADE,
        related_name="online_vote",
    )
    opened_on = models.DateField(_("opened on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The secretariat member in whose name the last vote records the decision."),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("online vote on an application")
        verbose_name_plural = _("online votes on applications")

    def __str__(self) -> str:
        return f"{self.application} — {self.opened_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


class ApplicationBallot(models.Model):
    """One Board member's vote in an online vote on an application; changeable until the vote
    closes, one per Board member (the constraint)."""

    class Choice(models.TextChoices):
        FOR = "for", _("For")
        AGAINST = "against", _("Against")
        ABSTAIN = "abstain", _("Abstain")

    online_vote = models.ForeignKey(
        ApplicationOnlineVote,
        verbose_name=_("online vote"),
        on_delete=models.CASCADE,
        related_name="ballots",
    )
    voter = models.ForeignKey(
        "members.Person",
        verbose_name=_("Board member"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    cast_at = models.DateTimeField(_("cast at"))
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("vote on an application")
        verbose_name_plural = _("votes on applications")
        constraints = [
            models.UniqueConstraint(
                fields=["online_vote", "voter"],
                name="one_ballot_per_board_member",
                violation_error_message=_("Each Board member votes once on an application."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter_id}: {self.choice}"
