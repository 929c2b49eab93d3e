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
                condition=Q(amount__gte=0), name="ordinary_expenditure_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"
