"""Applications to join AER, from the applicant's form to the Executive Board's decision, and
members' notices of withdrawal."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.rules.applications import APPLICABLE_CATEGORIES
from aer_portal.uploads import GeneratedName, upload_validator

from .regions import Country, Member, Membership

#: The signed letter of intent: a PDF (signed letters are scanned or signed electronically).
LETTER_EXTENSIONS = (".pdf",)


class MembershipApplication(models.Model):
    """An entity's request to become a member or an observer (Procedures arts. 2, 3.1.1).

    Filled in by the applicant without an account; the secretariat checks it, may ask for
    more information, and puts it before the Executive Board, whose decision date is the one
    the fee and observer rules count from.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        INFORMATION_REQUESTED = "information_requested", _("Information requested")
        ON_AGENDA = "on_agenda", _("On the Executive Board's agenda")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    #: Statuses in which the application still waits for a decision.
    OPEN = (Status.SUBMITTED, Status.INFORMATION_REQUESTED, Status.ON_AGENDA)

    request_key = models.UUIDField(
        _("request key"),
        unique=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Sent with the form: a second submission of the same form is the first."),
    )
    name = models.CharField(_("official name"), max_length=200)
    native_name = models.CharField(_("name in its own language"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Member.Kind.choices)
    category = models.CharField(
        _("category asked for"),
        max_length=32,
        choices=[(c.value, _(c.label)) for c in APPLICABLE_CATEGORIES],
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    website = models.URLField(_("website"), blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    relative_gdp = models.DecimalField(
        _("GDP per inhabitant relative to the EU average"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("1.000 is the EU average."),
    )
    total_revenue = models.DecimalField(
        _("total revenue (€)"),
        max_digits=15,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Only when below € 2 000 000: the fee is then capped at 0.15 % of it."),
    )
    contact_first_name = models.CharField(_("contact person's first name"), max_length=100)
    contact_last_name = models.CharField(_("contact person's last name"), max_length=100)
    contact_email = models.EmailField(_("contact person's e-mail"))
    contact_title = models.CharField(_("contact person's function"), max_length=200, blank=True)
    language = models.CharField(
        _("language of the correspondence"),
        max_length=8,
        choices=[("en", "English"), ("fr", "Français")],
        default="en",
    )
    letter = models.FileField(
        _("signed letter of intent"),
        upload_to=GeneratedName("members/applications"),
        validators=[upload_validator(*LETTER_EXTENSIONS, field="letter")],
    )
    letter_name = models.CharField(_("original file name"), max_length=255, blank=True)
    # An observer (or a former member) applying from its portal account is known already.
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        help_text=_("The member the application is from, or the one its approval created."),
    )
    status = models.CharField(
        _("status"), max_length=32, choices=Status.choices, default=Status.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    information_request = models.TextField(_("information requested"), blank=True)
    information_reply = models.TextField(_("applicant's reply"), blank=True)
    board_meeting = models.CharField(
        _("Executive Board meeting"),
        max_length=300,
        blank=True,
        help_text=_("The meeting or online vote at which the Board decides."),
    )
    decided_on = models.DateField(_("Executive Board decision"), null=True, blank=True)
    board_vote = models.CharField(
        _("the Board's vote"),
        max_length=300,
        blank=True,
        help_text=_("The counts and how art. 14 decided them, when the vote was counted."),
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    membership = models.OneToOneField(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "refused"]) | Q(decided_on__isnull=False),
                name="decided_application_has_its_date",
                violation_error_message=_("A decided application needs the Board's date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(decision_reason=""),
                name="refused_application_has_its_reason",
                violation_error_message=_("A refusal needs its reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_category_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def contact_name(self) -> str:
        return f"{self.contact_first_name} {self.contact_last_name}".strip()


class WithdrawalNotice(models.Model):
    """A member's notice that it leaves AER, given by its officer; the membership ends on the
    effective day (WITHDRAWAL_NOTICE_MONTHS); fees already due stay due (Procedures art. 3.5)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="withdrawals"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        related_name="withdrawals",
    )
    given_on = models.DateField(_("notice given on"))
    effective_on = models.DateField(_("takes effect on"))
    reason = models.TextField(_("reason"), blank=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notice of withdrawal")
        verbose_name_plural = _("notices of withdrawal")
        ordering = ["-given_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["membership"],
                name="one_withdrawal_per_membership",
                violation_error_message=_("Notice of withdrawal has already been given."),
            ),
            models.CheckConstraint(
                condition=Q(effective_on__gte=models.F("given_on")),
                name="withdrawal_takes_effect_after_notice",
                violation_error_message=_(
                    "A withdrawal takes effect on or after the day notice is given."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.effective_on:%Y-%m-%d}"
