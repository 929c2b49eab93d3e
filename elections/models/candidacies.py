"""A member's nomination of a candidate, with letter and CV (Procedures art. 15.5)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.uploads import GeneratedName, upload_validator
from elections.models.elections import Election, Position

#: Application letters and CVs (Procedures art. 15.5).
CANDIDACY_FILE_TYPES = (".pdf", ".docx")


class Candidacy(models.Model):
    """A member's nomination of one of its people for a position (Procedures art. 15.5)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class BureauRole(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative of the country")
        SUBSTITUTE = "substitute", _("Substitute")

    election = models.ForeignKey(
        Election, verbose_name=_("election"), on_delete=models.CASCADE, related_name="candidacies"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.CASCADE, related_name="candidacies"
    )
    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("nominated by"),
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    nominated_by = models.ForeignKey(
        "members.User",
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_on = models.DateField(_("submitted on"))
    letter = models.FileField(
        _("application letter"),
        upload_to=GeneratedName("elections/letters"),
        validators=[upload_validator(*CANDIDACY_FILE_TYPES, field="letter")],
    )
    cv = models.FileField(
        _("CV"),
        upload_to=GeneratedName("elections/cvs"),
        validators=[upload_validator(*CANDIDACY_FILE_TYPES, field="cv")],
    )
    bureau_role = models.CharField(
        _("Bureau seat"), max_length=20, choices=BureauRole.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    review_reason = models.TextField(_("reason given by the Election Committee"), blank=True)
    reviewed_by = models.ForeignKey(
        "members.User",
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    mandate = models.OneToOneField(
        "governance.Mandate",
        verbose_name=_("mandate won"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidacy",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidacy")
        verbose_name_plural = _("candidacies")
        ordering = ["position__order", "position_id", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"],
                condition=Q(status__in=["submitted", "accepted"]),
                name="one_standing_candidacy_per_person_and_election",
                violation_error_message=_("The person is a candidate in this election already."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_reason=""),
                name="rejected_candidacy_has_a_reason",
                violation_error_message=_("A rejected candidacy says why."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.position}"

    def clean(self) -> None:
        if self.position_id and self.election_id and self.position.election_id != self.election_id:
            raise ValidationError({"position": _("The position is not one of this election.")})

    @property
    def is_standing(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.ACCEPTED)
