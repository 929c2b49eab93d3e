"""Working groups the Board established: their page, members and activities."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from working_groups.models.proposals import (
    POLICY_AREA_SEATS,
    WorkingGroupProposal,
    split_activities,
)


class WorkingGroup(models.Model):
    """A Working Group the Executive Board established: its public page and its mandate."""

    body = models.OneToOneField(
        "governance.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="working_group",
    )
    proposal = models.OneToOneField(
        WorkingGroupProposal,
        verbose_name=_("proposal"),
        on_delete=models.PROTECT,
        related_name="working_group",
    )
    lead_region = models.ForeignKey(
        "members.Member",
        verbose_name=_("lead region"),
        on_delete=models.PROTECT,
        related_name="led_working_groups",
    )
    policy_area = models.ForeignKey(
        "governance.Seat",
        verbose_name=_("policy area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
        limit_choices_to=POLICY_AREA_SEATS,
    )
    focus = models.TextField(_("focus"))
    objective = models.TextField(_("objective"))
    activities = models.TextField(_("envisioned activities"))
    established_on = models.DateField(_("established on"))
    mandate_ends_on = models.DateField(_("first mandate ends on"))
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolution_reason = models.TextField(_("reason for dissolving"), blank=True)
    dissolution_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("dissolution recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["-established_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_ends_on__gt=models.F("established_on")),
                name="wg_mandate_ends_after_establishment",
                violation_error_message=_("The group's mandate ends after its establishment."),
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(dissolved_on__gte=models.F("established_on")),
                name="wg_dissolved_after_establishment",
                violation_error_message=_("A group is dissolved after its establishment."),
            ),
        ]

    def __str__(self) -> str:
        return self.body.name

    @property
    def name(self) -> str:
        return self.body.name

    @property
    def slug(self) -> str:
        return self.body.slug

    @property
    def is_dissolved(self) -> bool:
        return self.dissolved_on is not None

    @property
    def activity_list(self) -> list[str]:
        return split_activities(self.activities)


class GroupMembership(models.Model):
    """A member region taking part in a Working Group, from joining to leaving."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead region")
        SUPPORTING = "supporting", _("Supporting region")
        MEMBER = "member", _("Member")

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    region = models.ForeignKey(
        "members.Member",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="working_group_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working-group membership")
        verbose_name_plural = _("working-group memberships")
        ordering = ["group", "role", "region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "region"],
                condition=Q(left_on__isnull=True),
                name="wg_one_current_membership_per_region",
                violation_error_message=_("The region is a member of this working group already."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="wg_membership_left_after_joining",
                violation_error_message=_("A region leaves a group after joining it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} in {self.group}"


class GroupActivity(models.Model):
    """Something a Working Group did or produced: an event, a publication, a study, …"""

    class Kind(models.TextChoices):
        EVENT = "event", _("Event")
        PUBLICATION = "publication", _("Publication")
        STUDY = "study", _("Study or report")
        REPRESENTATION = "representation", _("Representation at an external meeting or event")

    group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="outputs",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    happened_on = models.DateField(_("date"))
    description = models.TextField(_("description"), blank=True)
    link = models.URLField(_("link"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working-group activity")
        verbose_name_plural = _("working-group activities")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return self.title
