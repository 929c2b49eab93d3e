"""Payments and the bank statements they are imported from."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.uploads import GeneratedName
from fees.models.invoices import Invoice
from fees.models.parameters import money_field
from fees.statements.csv_files import CsvLayout


class CsvProfile(models.Model):
    """How one bank writes its CSV export, saved once by the secretariat so its files import.

    A column is named by its title in the header row (e.g. "Bedrag") or by its number, 1 being
    the first; the reference may join several columns, separated by commas.
    """

    class Delimiter(models.TextChoices):
        SEMICOLON = ";", _("semicolon ( ; )")
        COMMA = ",", _("comma ( , )")
        TAB = "tab", _("tab")
        PIPE = "|", _("vertical bar ( | )")

    class DateFormat(models.TextChoices):
        DMY_SLASH = "%d/%m/%Y", "31/12/2026"
        DMY_DASH = "%d-%m-%Y", "31-12-2026"
        DMY_DOT = "%d.%m.%Y", "31.12.2026"
        ISO = "%Y-%m-%d", "2026-12-31"
        COMPACT = "%Y%m%d", "20261231"
        MDY = "%m/%d/%Y", "12/31/2026"
        DMY_SHORT = "%d/%m/%y", "31/12/26"

    class Encoding(models.TextChoices):
        UTF8 = "utf-8", "UTF-8"
        WINDOWS = "windows-1252", _("Windows (Western Europe, 1252)")

    bank_name = models.CharField(_("bank"), max_length=100, unique=True)
    delimiter = models.CharField(
        _("column separator"), max_length=3, choices=Delimiter.choices, default=";"
    )
    decimal_comma = models.BooleanField(
        _("decimal comma"),
        default=True,
        help_text=_("Amounts written 1.234,56 rather than 1,234.56."),
    )
    date_format = models.CharField(
        _("date format"), max_length=10, choices=DateFormat.choices, default="%d/%m/%Y"
    )
    encoding = models.CharField(
        _("encoding"), max_length=20, choices=Encoding.choices, default="utf-8"
    )
    header_row = models.PositiveSmallIntegerField(
        _("header row"),
        default=1,
        help_text=_("The row that names the columns (1 = the first row; 0 = no header row)."),
    )
    date_column = models.CharField(_("date column"), max_length=100)
    amount_column = models.CharField(_("amount column"), max_length=100)
    currency_column = models.CharField(
        _("currency column"), max_length=100, blank=True, help_text=_("Empty: euros.")
    )
    reference_columns = models.CharField(
        _("reference column(s)"),
        max_length=300,
        help_text=_("Several columns are joined; separate their names with commas."),
    )
    counterparty_column = models.CharField(_("payer column"), max_length=100, blank=True)
    id_column = models.CharField(
        _("bank reference column"),
        max_length=100,
        blank=True,
        help_text=_("A column the bank fills with a unique reference per transaction, if any."),
    )

    class Meta:
        verbose_name = _("CSV profile of a bank")
        verbose_name_plural = _("CSV profiles of banks")
        ordering = ["bank_name"]

    def __str__(self) -> str:
        return self.bank_name

    def layout(self) -> CsvLayout:
        return CsvLayout(
            name=self.bank_name,
            delimiter="\t" if self.delimiter == self.Delimiter.TAB else self.delimiter,
            decimal_comma=self.decimal_comma,
            date_format=self.date_format,
            header_row=self.header_row,
            encoding=self.encoding,
            date_column=self.date_column,
            amount_column=self.amount_column,
            currency_column=self.currency_column,
            reference_columns=[c.strip() for c in self.reference_columns.split(",") if c.strip()],
            counterparty_column=self.counterparty_column,
            id_column=self.id_column,
        )


class StatementImport(models.Model):
    """A bank statement file imported to record payments."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        CAMT053 = "camt053", _("ISO 20022 camt.053 XML")
        CAMT054 = "camt054", _("ISO 20022 camt.054 XML")
        MT940 = "mt940", _("SWIFT MT940")
        CODA = "coda", _("CODA (Belgium)")

    file = models.FileField(_("file"), upload_to=GeneratedName("statements"))
    file_name = models.CharField(_("file name"), max_length=255)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    csv_profile = models.ForeignKey(
        CsvProfile,
        verbose_name=_("CSV profile"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    period_start = models.DateField(_("period from"), null=True, blank=True)
    period_end = models.DateField(_("period to"), null=True, blank=True)
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
        SPLIT = "split", _("Split across invoices by a person")

    class MatchedBy(models.TextChoices):
        NONE = "", _("—")
        REFERENCE = "reference", _("structured reference")
        NUMBER = "number", _("invoice number in the text")
        AMOUNT_PAYER = "amount_payer", _("amount and payer")
        PERSON = "person", _("a person")

    statement = models.ForeignKey(
        StatementImport, verbose_name=_("statement"), on_delete=models.PROTECT, related_name="lines"
    )
    line_number = models.PositiveIntegerField(_("line"))
    position = models.CharField(
        _("place in the file"),
        max_length=80,
        blank=True,
        help_text=_("e.g. entry 2, transaction 1"),
    )
    booked_on = models.DateField(_("booked on"))
    amount = money_field(_("amount (€)"))
    reference = models.CharField(_("reference"), max_length=500, blank=True)
    counterparty = models.CharField(_("from"), max_length=200, blank=True)
    #: What identifies the line across files, so a statement imported twice pays nothing twice.
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    match = models.CharField(_("match"), max_length=12, choices=Match.choices)
    matched_by = models.CharField(
        _("matched by"), max_length=12, choices=MatchedBy.choices, blank=True, default=""
    )
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
        return self.match not in (self.Match.PAID, self.Match.SPLIT) and self.resolved_at is None

    @property
    def where(self) -> str:
        return self.position or _("line %(number)s") % {"number": self.line_number}


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
    #: A line normally pays one invoice; a person may split it across several (a payment each).
    bank_line = models.ForeignKey(
        BankLine,
        verbose_name=_("bank statement line"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    #: The key of the form that recorded it by hand: the same form sent twice (a double click,
    #: a retry, the browser re-sending) records one payment.
    request_key = models.UUIDField(_("request key"), null=True, blank=True, editable=False)
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
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_amount_positive",
                violation_error_message=_("A payment is an amount greater than zero."),
            ),
            models.UniqueConstraint(
                fields=["request_key"],
                condition=Q(request_key__isnull=False),
                name="payment_request_key_once",
                violation_error_message=_("This payment is recorded already."),
            ),
            models.UniqueConstraint(
                fields=["bank_line", "invoice"],
                condition=Q(bank_line__isnull=False),
                name="payment_bank_line_invoice_once",
                violation_error_message=_("This bank line paid this invoice already."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice.number}: {self.amount} ({self.received_on})"
