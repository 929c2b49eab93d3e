"""Working-group proposals, their support, and the Board's review and decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.working_groups import WorkingGroupDraft

#: The seats a proposal may name as its policy area: the Board's Vice-Presidents.
POLICY_AREA_SEATS = {"role": "vice_president", "body__kind": BodyKind.EXECUTIVE_BOARD.value}


def split_activities(text: str) -> list[str]:
    """The activities written one per line, without blank lines or list marks."""
    lines = (line.strip().lstrip("-•*").strip() for line in text.splitlines())
    return [line for line in lines if line]


class WorkingGroupProposal(models.Model):
    """A member's proposal for setting up a Working Group, from draft to the Board's decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Under review by the Executive Board")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    lead_region = models.ForeignKey(
        "members.Member",
        verbose_name=_("lead region"),
        on_delete=models.PROTECT,
        related_name="working_group_proposals",
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    focus = models.TextField(
        _("focus of the exchange and dissemination of good practice"), blank=True
    )
    objective = models.TextField(
        _("objective"), blank=True, help_text=_("What will the activities help to achieve?")
    )
    activities = models.TextField(
        _("activities for the first two-year mandate"),
        blank=True,
        help_text=_("One activity per line."),
    )
    policy_area = models.ForeignKey(
        "governance.Seat",
        verbose_name=_("policy area"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_group_proposals",
        limit_choices_to=POLICY_AREA_SEATS,
        help_text=_("The portfolio of the Vice-President who will be in charge of the group."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    board_meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("Executive Board meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="working_group_proposals",
        help_text=_("The Board meeting that decides; the online review closes when it starts."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working-group proposal")
        verbose_name_plural = _("working-group proposals")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="wg_proposal_submitted_has_date",
                violation_error_message=_("A submitted proposal records when it was submitted."),
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return self.topic or str(_("Untitled proposal"))

    @property
    def activity_list(self) -> list[str]:
        return split_activities(self.activities)

    def as_draft(self, supporting_region_ids: list[int]) -> WorkingGroupDraft:
        """The proposal as aer_portal.rules sees it, with the regions that confirmed support."""
        return WorkingGroupDraft(
            topic=self.topic,
            focus=self.focus,
            lead_region=str(self.lead_region_id or ""),
            supporting_regions=tuple(str(pk) for pk in supporting_region_ids),
            activities=tuple(self.activity_list),
            objective=self.objective,
        )


class ProposalSupport(models.Model):
    """A region asked to support a proposal: suggested by the secretariat, invited, answered."""

    class Status(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested by the secretariat")
        INVITED = "invited", _("Invited, no answer yet")
        CONFIRMED = "confirmed", _("Confirmed support")
        DECLINED = "declined", _("Declined")

    proposal = models.ForeignKey(
        WorkingGroupProposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    region = models.ForeignKey(
        "members.Member",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="working_group_supports",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    suggested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("suggested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    suggestion_note = models.CharField(_("why this region"), max_length=300, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support for a proposal")
        verbose_name_plural = _("support for proposals")
        ordering = ["region__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "region"],
                name="wg_support_once_per_region",
                violation_error_message=_("The region is on the proposal already."),
            ),
            models.CheckConstraint(
                condition=Q(status="suggested") | Q(invited_at__isnull=False),
                name="wg_support_invited_has_date",
                violation_error_message=_("An invitation to support records when it was sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} — {self.get_status_display()}"


class ReviewComment(models.Model):
    """A Board member's or the secretariat's comment on a proposal under review (not public)."""

    proposal = models.ForeignKey(
        WorkingGroupProposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author} on {self.proposal}"


class ReviewVote(models.Model):
    """A Board member's vote on a proposal before the meeting; one each, changeable until then."""

    class Choice(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        ABSTAIN = "abstain", _("Abstain")

    proposal = models.ForeignKey(
        WorkingGroupProposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="votes",
    )
    voter = models.ForeignKey(
        "members.Person",
        verbose_name=_("Board member"),
        on_delete=models.PROTECT,
        related_name="working_group_votes",
    )
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    cast_at = models.DateTimeField(_("cast at"), default=timezone.now)
    changed_at = models.DateTimeField(_("last changed at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review vote")
        verbose_name_plural = _("review votes")
        ordering = ["cast_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "voter"],
                name="wg_one_vote_per_board_member",
                violation_error_message=_("This Board member has voted on this proposal already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.voter}: {self.get_choice_display()}"


class ProposalDecision(models.Model):
    """The Executive Board's decision on a proposal, recorded by the secretariat at the meeting."""

    class CastingVote(models.TextChoices):
        NONE = "", _("None (the votes are not tied)")
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        DECLINED = "declined", _("The President declined: the proposal is not approved")

    proposal = models.OneToOneField(
        WorkingGroupProposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="decision",
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("Executive Board meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_on = models.DateField(_("decided on"))
    approve_votes = models.PositiveSmallIntegerField(_("votes to approve"))
    reject_votes = models.PositiveSmallIntegerField(_("votes to reject"))
    abstentions = models.PositiveSmallIntegerField(_("abstentions"))
    casting_vote = models.CharField(
        _("casting vote of the President"),
        max_length=10,
        choices=CastingVote.choices,
        blank=True,
    )
    approved = models.BooleanField(_("approved"))
    reason = models.TextField(_("reason (adequacy with AER values)"))
    reason_against_online = models.TextField(
        _("why the decision differs from the online review"),
        blank=True,
        help_text=_("Required when the Board decided otherwise than the online review's result."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Board decision on a proposal")
        verbose_name_plural = _("Board decisions on proposals")

    def __str__(self) -> str:
        return f"{self.proposal}: {_('approved') if self.approved else _('rejected')}"
