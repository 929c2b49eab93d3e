"""Discounts and exemptions (art. 3.4) and the ordinary expenditure (art. 13)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fees.models.invoices import CreditNote
from fees.models.parameters import money_field


class Exemption(models.Model):
    """A fee discount or exemption for one year, approved by the Treasurer (art. 3.4).

    A member has at most one, ever: the discount is non-renewable (interpretation, see
    aer_portal.rules.fee_collection.discount_repeat_reason).
    """

    member = models.OneToOneField(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="fee_exemption",
    )
    year = models.PositiveSmallIntegerField(_("fee year"))
    amount = money_field(
        _("discount (€)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a full exemption from the year's membership fee."),
    )
    justification = models.TextField(_("justification"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approver_name = models.CharField(_("approved by (Treasurer)"), max_length=200)
    approved_on = models.DateField(_("approved on"))
    credit_note = models.OneToOneField(
        CreditNote,
        verbose_name=_("credit note"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemption",
        help_text=_("When the year's invoice was issued before the approval."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("fee discount or exemption")
        verbose_name_plural = _("fee discounts and exemptions")
        ordering = ["-year", "member"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="exemption_amount_positive",
                violation_error_message=_(
                    "A discount is an amount greater than zero (empty: full exemption)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year}"


class OrdinaryExpenditure(models.Model):
    """The ordinary expenditure of a year's budget, which membership fees cover (art. 13)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = money_field(_("ordinary expenditure (€)"))
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    entered_on = models.DateField(_("entered on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ordinary expenditure")
        verbose_name_plural = _("ordinary expenditure")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="ordinary_expenditure_not_negative",
                violation_error_message=_("The ordinary expenditure is an amount of zero or more."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class ReductionProposal(models.Model):
    """A credit note or a discount proposed by staff, in effect only once the Treasurer approves.

    Procedures art. 3.4: a discount needs the Vice-President Treasurer's approval. The portal
    reads every reduction of a fee the same way: staff propose it with its reason; it takes
    effect (the credit note is issued, the discount recorded) only when the person holding
    the Treasurer's mandate approves it in the portal; a rejection is kept with its reason.
    """

    class Kind(models.TextChoices):
        CREDIT_NOTE = "credit_note", _("Credit note")
        DISCOUNT = "discount", _("Discount or exemption")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting the Treasurer's approval")
        APPROVED = "approved", _("Approved by the Treasurer")
        REJECTED = "rejected", _("Rejected by the Treasurer")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="reduction_proposals",
    )
    year = models.PositiveSmallIntegerField(_("fee year"))
    invoice = models.ForeignKey(
        "fees.Invoice",
        verbose_name=_("invoice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reduction_proposals",
    )
    amount = money_field(
        _("amount (€)"), null=True, blank=True, help_text=_("Empty: a full exemption.")
    )
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposer_name = models.CharField(_("proposed by (name)"), max_length=200)
    proposed_on = models.DateField(_("proposed on"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decider_name = models.CharField(_("decided by (Treasurer)"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.TextField(_("Treasurer's reason"), blank=True)
    credit_note = models.OneToOneField(
        CreditNote,
        verbose_name=_("credit note"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
    )
    exemption = models.OneToOneField(
        Exemption,
        verbose_name=_("discount or exemption"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("proposed fee reduction")
        verbose_name_plural = _("proposed fee reductions")
        ordering = ["-proposed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="reduction_amount_positive",
                violation_error_message=_("The amount is greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(kind="discount") | (Q(invoice__isnull=False) & Q(amount__isnull=False)),
                name="credit_note_proposal_has_invoice_and_amount",
                violation_error_message=_(
                    "A credit note names the invoice it corrects and its amount."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.member} {self.year} ({self.status})"
