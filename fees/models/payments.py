"""Payments and the bank statements they are imported from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.uploads import GeneratedName
from fees.models.invoices import Invoice
from fees.models.parameters import money_field


class StatementImport(models.Model):
    """A bank statement file imported to record payments."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        CAMT053 = "camt053", _("ISO 20022 camt.053 XML")

    file = models.FileField(_("file"), upload_to=GeneratedName("statements"))
    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    ignored_lines = models.PositiveIntegerField(
        _("debit lines ignored"), default=0, help_text=_("Money going out is not a fee payment.")
    )
    duplicate_lines = models.PositiveIntegerField(
        _("lines imported before"), default=0, help_text=_("Already in an earlier import.")
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bank statement import")
        verbose_name_plural = _("bank statement imports")
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%Y-%m-%d %H:%M})"


class BankLine(models.Model):
    """One credit line of an imported statement, and what became of it."""

    class Match(models.TextChoices):
        PAID = "paid", _("Matched: pays the balance")
        PARTIAL = "partial", _("Matched: partial payment")
        OVERPAID = "overpaid", _("Matched: more than the balance")
        UNMATCHED = "unmatched", _("No invoice found")

    statement = models.ForeignKey(
        StatementImport, verbose_name=_("statement"), on_delete=models.PROTECT, related_name="lines"
    )
    line_number = models.PositiveIntegerField(_("line"))
    booked_on = models.DateField(_("booked on"))
    amount = money_field(_("amount (€)"))
    reference = models.CharField(_("reference"), max_length=500, blank=True)
    counterparty = models.CharField(_("from"), max_length=200, blank=True)
    #: What identifies the line across files, so a statement imported twice pays nothing twice.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    match = models.CharField(_("match"), max_length=12, choices=Match.choices)
    invoice = models.ForeignKey(
        Invoice,
        verbose_name=_("invoice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_lines",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("bank statement line")
        verbose_name_plural = _("bank statement lines")
        ordering = ["statement", "line_number"]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount} {self.reference}"

    @property
    def needs_resolution(self) -> bool:
        """Partial, overpaid and unmatched lines wait for a person until resolved."""
        return self.match != self.Match.PAID and self.resolved_at is None


class Payment(models.Model):
    """Money received for an invoice, recorded by staff or from a bank statement."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Recorded by the secretariat")
        STATEMENT = "statement", _("Bank statement")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="payments"
    )
    amount = money_field(_("amount (€)"))
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("reference"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    bank_line = models.OneToOneField(
        BankLine,
        verbose_name=_("bank statement line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.amount} ({self.received_on})"
