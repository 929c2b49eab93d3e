"""An election at a General Assembly and the positions it fills (Procedures art. 15, 15 A–D)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.elections import ElectionTimeline, Unfilled, election_timeline
from aer_portal.uploads import GeneratedName


class Election(models.Model):
    """The elections held at one General Assembly (Procedures art. 15)."""

    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("General Assembly"),
        on_delete=models.PROTECT,
        related_name="elections",
    )
    title = models.CharField(_("title"), max_length=200)
    is_published = models.BooleanField(
        _("published to members"),
        default=False,
        help_text=_(
            "Members are informed, may nominate candidates and receive reminders only once the "
            "election is published."
        ),
    )
    tallier_one = models.CharField(
        _("first tallier"),
        max_length=200,
        blank=True,
        help_text=_("Procedures art. 15.7: an AER member who volunteered to count the votes."),
    )
    tallier_two = models.CharField(_("second tallier"), max_length=200, blank=True)
    portfolio = models.FileField(
        _("candidates' portfolio"),
        upload_to=GeneratedName("elections/portfolios"),
        blank=True,
    )
    portfolio_generated_at = models.DateTimeField(
        _("portfolio generated at"), null=True, blank=True
    )
    portfolio_sent_on = models.DateField(_("portfolio sent to members on"), null=True, blank=True)
    portfolio_late_confirmation = models.TextField(
        _("portfolio sent late: what was confirmed"), blank=True
    )
    announced_on = models.DateField(
        _("member regions informed on"),
        null=True,
        blank=True,
        help_text=_("Procedures art. 15.4: six weeks in advance; sent from the election desk."),
    )
    announcement_late_confirmation = models.TextField(
        _("announcement sent late: what was confirmed"), blank=True
    )
    results_published_on = models.DateField(_("results published on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["-meeting__starts_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        meeting = getattr(self, "meeting", None)
        if meeting is not None and meeting.body.kind != BodyKind.GENERAL_ASSEMBLY:
            raise ValidationError(
                {
                    "meeting": _(
                        "Elections take place at a General Assembly (Procedures "
                        "art. 15.4); “%(meeting)s” is a meeting of the %(body)s."
                    )
                    % {"meeting": meeting, "body": meeting.body}
                }
            )

    @property
    def election_day(self) -> date:
        """The General Assembly's day in Brussels."""
        return timezone.localtime(self.meeting.starts_at).date()

    @property
    def timeline(self) -> ElectionTimeline:
        """The deadlines of Procedures arts. 15.4–15.6."""
        return election_timeline(self.election_day)

    @property
    def talliers_recorded(self) -> bool:
        return bool(self.tallier_one.strip() and self.tallier_two.strip())


class Position(models.Model):
    """What the General Assembly fills at an election: seats of one kind in one body."""

    class Kind(models.TextChoices):
        PRESIDENT = "president", _("President")
        TREASURER = "treasurer", _("Treasurer")
        VICE_PRESIDENT = "vice_president", _("Vice-Presidents")
        MONITORING_GROUP = "monitoring_group", _("Monitoring and Evaluation Group members")
        ELECTION_COMMITTEE = "election_committee", _("Election Committee members")
        BUREAU = "bureau", _("Bureau members (ratification)")

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="positions"
    )
    kind = models.CharField(_("position"), max_length=32, choices=Kind.choices)
    seats = models.PositiveSmallIntegerField(
        _("seats to fill"),
        default=1,
        help_text=_(
            "Vice-Presidents 7–12, Monitoring and Evaluation Group 3, Election Committee "
            "3–5; each seat is elected separately. Ignored for the Bureau's list."
        ),
    )
    by_election = models.BooleanField(
        _("by-election"),
        default=False,
        help_text=_("Procedures art. 15.3: the mandate ends when the current term ends."),
    )
    term_ends_on = models.DateField(
        _("current term ends on"),
        null=True,
        blank=True,
        help_text=_("For a by-election: the last day of the current term."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    ratified_on = models.DateField(_("list ratified on"), null=True, blank=True)
    ratification_note = models.CharField(_("ratification"), max_length=300, blank=True)
    unfilled = models.CharField(
        _("unfilled seats"),
        max_length=24,
        blank=True,
        choices=[(u.value, _(u.label)) for u in Unfilled],
        help_text=_(
            "Recorded when the results are published with seats left unfilled "
            "(Procedures arts. 15 C, 15 D, 15.3)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["election", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "kind"],
                name="one_position_per_kind",
                violation_error_message=_("The election has this position already."),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1),
                name="position_has_a_seat",
                violation_error_message=_("A position has at least one seat."),
            ),
        ]

    def __str__(self) -> str:
        label = str(self.get_kind_display())
        if self.by_election:
            label = _("%(position)s (by-election)") % {"position": label}
        return label

    def clean(self) -> None:
        if self.by_election and self.term_ends_on is None:
            raise ValidationError(
                {
                    "term_ends_on": _(
                        "A by-election's mandate ends when the current term ends "
                        "(Procedures art. 15.3); give that day."
                    )
                }
            )
        if self.kind in SINGLE_SEAT_KINDS and self.seats != 1:
            raise ValidationError(
                {
                    "seats": _("The General Assembly elects one %(kind)s (art. 15 A).")
                    % {"kind": self.get_kind_display()}
                }
            )

    @property
    def body_kind(self) -> BodyKind:
        """The body whose seats the position fills."""
        return POSITION_BODIES[self.Kind(self.kind)]

    @property
    def is_ratification(self) -> bool:
        """The Bureau is ratified as a list, not elected in rounds (art. 15 B)."""
        return self.kind == self.Kind.BUREAU


POSITION_BODIES: dict[Position.Kind, BodyKind] = {
    Position.Kind.PRESIDENT: BodyKind.EXECUTIVE_BOARD,
    Position.Kind.TREASURER: BodyKind.EXECUTIVE_BOARD,
    Position.Kind.VICE_PRESIDENT: BodyKind.EXECUTIVE_BOARD,
    Position.Kind.MONITORING_GROUP: BodyKind.MONITORING_AND_EVALUATION_GROUP,
    Position.Kind.ELECTION_COMMITTEE: BodyKind.ELECTION_COMMITTEE,
    Position.Kind.BUREAU: BodyKind.BUREAU,
}
SINGLE_SEAT_KINDS = frozenset({Position.Kind.PRESIDENT, Position.Kind.TREASURER})
