"""Invoices, their lines and credit notes: never changed once issued (fees migration 0006)."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from aer_portal.messages import render as render_message
from aer_portal.rules.fees import FeeStep
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message, stored_param
from aer_portal.uploads import GeneratedName
from fees.models.parameters import LANGUAGES, FeeCall, money_field
from fees.references import payment_reference


class Invoice(models.Model):
    """A membership or programme fee invoice; never changed once issued."""

    class Kind(models.TextChoices):
        ANNUAL = "annual", _("Annual membership fee")
        FIRST_YEAR = "first_year", _("First-year membership fee")
        PROGRAMME = "programme", _("Programme fees")

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("fee year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="invoices",
    )
    fee_call = models.ForeignKey(
        FeeCall,
        verbose_name=_("call for fees"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="invoices",
    )
    member_name = models.CharField(_("member's name"), max_length=200)
    member_native_name = models.CharField(_("member's own name"), max_length=200, blank=True)
    country_name = models.CharField(_("country"), max_length=100, blank=True)
    #: The member's billing details as they were on the day of issue (members.Member).
    country_code = models.CharField(_("country code"), max_length=2, blank=True)
    billing_address = models.TextField(_("billing address"), blank=True)
    billing_postcode = models.CharField(_("billing postcode"), max_length=20, blank=True)
    billing_city = models.CharField(_("billing town"), max_length=100, blank=True)
    member_vat_number = models.CharField(_("member's VAT number"), max_length=30, blank=True)
    member_registration_number = models.CharField(
        _("member's registration number"), max_length=50, blank=True
    )
    category = models.CharField(
        _("category"), max_length=32, choices=[(c.value, _(c.label)) for c in MemberCategory]
    )
    statistics_year = models.PositiveSmallIntegerField(
        _("reference year of the statistics"), null=True, blank=True
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    relative_gdp = models.DecimalField(
        _("relative GDP"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    total_revenue = models.DecimalField(
        _("total revenue (€)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    #: The fee's calculation steps (FeeStep), stored so they render in any language later.
    calculation = models.JSONField(_("calculation"), default=list, blank=True)
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("due on"))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="en")
    total = money_field(_("total (€)"))
    pdf = models.FileField(_("PDF"), upload_to=GeneratedName("invoices"), blank=True)
    pdf_rendered_at = models.DateTimeField(_("PDF rendered at"), null=True, blank=True)
    #: Paid or credited in full, as last recorded (fees.services.suspensions keeps it with
    #: every payment and credit note). Only a hint: a settled invoice is left out of the
    #: staff's overdue count, which still checks the balance of every other one, so an
    #: invoice that was never marked is counted exactly, only more slowly.
    settled = models.BooleanField(_("paid in full"), default=False, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-year", "number"]
        constraints = [
            # One annual and one first-year invoice per member and year; programme fees may
            # come on several invoices when a member joins a programme after the call.
            models.UniqueConstraint(
                fields=["member", "year", "kind"],
                condition=~Q(kind="programme"),
                name="one_invoice_per_member_year_kind",
                violation_error_message=_("The member has this invoice for this year already."),
            ),
            models.UniqueConstraint(
                fields=["year", "sequence"],
                name="invoice_sequence_unique",
                violation_error_message=_("This invoice number is taken."),
            ),
            models.CheckConstraint(
                condition=Q(total__gte=0),
                name="invoice_total_not_negative",
                violation_error_message=_("An invoice's total is zero or more."),
            ),
            models.CheckConstraint(
                condition=Q(due_on__gte=F("issued_on")),
                name="invoice_due_after_issue",
                violation_error_message=_("An invoice is due on or after the day it is issued."),
            ),
        ]
        indexes = [
            models.Index(fields=["due_on"]),
            # The overdue count reads only the invoices not yet settled, by due day.
            models.Index(
                fields=["due_on"], condition=Q(settled=False), name="fees_invoice_unsettled_due"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.member_name}"

    def calculation_steps(self) -> list[FeeStep]:
        """The stored steps as the rules module's FeeStep, to render with ``step.render``."""
        return [step_from_json(data) for data in self.calculation]

    @property
    def billing_street_lines(self) -> list[str]:
        return [line.strip() for line in self.billing_address.splitlines() if line.strip()]

    @property
    def billing_address_lines(self) -> list[str]:
        """The billing address as printed: street lines, then postcode and town."""
        town = " ".join(part for part in (self.billing_postcode, self.billing_city) if part)
        return [*self.billing_street_lines, *([town] if town else [])]

    @property
    def payment_reference(self) -> str:
        """The structured reference to pay with: Belgian +++…+++ on a Belgian account, else RF
        (fees.references); the account is the issuer's FEES_IBAN."""
        return payment_reference(self.number, iban=settings.FEES_IBAN)

    @property
    def suspension_source(self) -> str:
        """How a suspension caused by this invoice names it (members.Suspension.source)."""
        return f"invoice {self.number}"


def step_to_json(step: FeeStep) -> dict[str, Any]:
    message = step.message
    return {
        "article": step.article,
        "description": step.description,
        "value": str(step.value),
        "places": step.places,
        "template": message.template if message else "",
        "params": [[name, str(value)] for name, value in message.params] if message else [],
    }


def step_from_json(data: dict[str, Any]) -> FeeStep:
    message = None
    if data.get("template"):
        message = Message(
            template=data["template"],
            params=tuple((name, stored_param(value)) for name, value in data.get("params", [])),
            article=data["article"],
        )
    return FeeStep(
        article=data["article"],
        # The English text is the message's when there is one (FeeStep.description).
        text="" if message is not None else data["description"],
        value=Decimal(data["value"]),
        places=int(data.get("places", 2)),
        message=message,
    )


class InvoiceLine(models.Model):
    """One line of an invoice: the membership fee, a programme fee or a discount."""

    class Kind(models.TextChoices):
        MEMBERSHIP = "membership", _("Membership fee")
        SUMMER_ACADEMY = "summer_academy", _("Summer Academy Organising Committee")
        EURODYSSEY = "eurodyssey", _("Eurodyssey")
        DISCOUNT = "discount", _("Discount or exemption")

    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    #: English template (translated when shown) and its parameters, as Message stores them.
    template = models.CharField(_("description"), max_length=300)
    params = models.JSONField(_("parameters"), default=list, blank=True)
    article = models.CharField(_("article"), max_length=60, blank=True)
    amount = money_field(_("amount (€)"))

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["invoice", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["invoice", "position"],
                name="invoice_line_position",
                violation_error_message=_("Another line is at this place on the invoice."),
            ),
        ]

    def __str__(self) -> str:
        return self.description()

    def message(self) -> Message:
        return Message(
            template=self.template,
            params=tuple((name, stored_param(value)) for name, value in self.params),
            article=self.article,
        )

    def description(self) -> str:
        """The line's text in the active language."""
        return render_message(self.message())


class CreditNote(models.Model):
    """A correction of an issued invoice, with its own gapless numbering (CN-2026-0001)."""

    number = models.CharField(_("number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("year of issue"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    invoice = models.ForeignKey(
        Invoice, verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="credit_notes"
    )
    issued_on = models.DateField(_("issued on"))
    amount = money_field(_("amount credited (€)"))
    reason = models.TextField(_("reason"))
    language = models.CharField(_("language"), max_length=8, choices=LANGUAGES, default="en")
    pdf = models.FileField(_("PDF"), upload_to=GeneratedName("credit-notes"), blank=True)
    pdf_rendered_at = models.DateTimeField(_("PDF rendered at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        ordering = ["-year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"],
                name="credit_note_sequence",
                violation_error_message=_("This credit note number is taken."),
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="credit_note_amount_positive",
                violation_error_message=_("A credit note credits an amount greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.invoice.number})"

    @property
    def approval(self) -> Any:
        """The staff proposal the Treasurer approved for this credit note (Procedures art.
        3.4), directly or through a discount; ``None`` for notes issued without one."""
        for name in ("proposal", "exemption"):
            try:
                related = getattr(self, name)
            except ObjectDoesNotExist:
                continue
            if name == "proposal":
                return related
            try:
                return related.proposal
            except ObjectDoesNotExist:
                return None
        return None

    @property
    def discount(self) -> Any:
        """The discount this credit note applies to an issued invoice, if any (art. 3.4)."""
        try:
            return self.exemption
        except ObjectDoesNotExist:
            return None
