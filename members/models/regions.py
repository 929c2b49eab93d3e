"""Countries, member regions and organisations, their membership history, statistics and
suspensions."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.eu import vat as eu_vat

from aer_portal.rules.membership import (
    MemberCategory,
    observer_status_last_day,
)


class Country(models.Model):
    """A State in which AER has members (ISO 3166-1 alpha-2)."""

    code = models.CharField(_("ISO 3166 code"), max_length=2, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[A-Z]{2}$"),
                name="country_code_is_iso_alpha2",
                violation_error_message=_(
                    "The country code is two capital letters (ISO 3166-1), e.g. SE."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def name(self) -> str:
        """The name in the active language."""
        from django.utils.translation import get_language

        return self.name_fr if (get_language() or "en").startswith("fr") else self.name_en


class Member(models.Model):
    """A member region or a non-geographical member organisation."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        ORGANISATION = "organisation", _("Interregional or other organisation")

    name = models.CharField(_("official name"), max_length=200, unique=True)
    native_name = models.CharField(
        _("name in its own language"),
        max_length=200,
        blank=True,
        help_text=_(
            "In its own language and script, e.g. Västra Götalandsregionen, Чернівецька область."
        ),
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="members"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGION)
    hosts_aer_office = models.BooleanField(
        _("AER has an office here"),
        default=False,
        help_text=_("Procedures art. 5.5.2: its representatives each have one Bureau vote."),
    )
    website = models.URLField(_("website"), blank=True)
    # Printed on its invoices and carried by their e-invoices (fees.einvoice).
    billing_address = models.TextField(
        _("billing address"),
        blank=True,
        help_text=_("Street and number, one line each; the town and country go below."),
    )
    billing_postcode = models.CharField(_("billing postcode"), max_length=20, blank=True)
    billing_city = models.CharField(_("billing town"), max_length=100, blank=True)
    vat_number = models.CharField(
        _("VAT number"),
        max_length=30,
        blank=True,
        help_text=_("With its country prefix, e.g. BE0123456789; checked for EU countries."),
    )
    registration_number = models.CharField(
        _("registration number"),
        max_length=50,
        blank=True,
        help_text=_("The public body's or organisation's number in its national register."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        self.vat_number = self.vat_number.strip().upper().replace(" ", "").replace(".", "")
        prefix = self.vat_number[:2]
        eu_prefixes = {"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "EL", "ES", "FI", "FR"}
        eu_prefixes |= {"HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO"}
        eu_prefixes |= {"SE", "SI", "SK", "XI"}
        if self.vat_number and prefix in eu_prefixes and not eu_vat.is_valid(self.vat_number):
            raise ValidationError(
                {
                    "vat_number": gettext(
                        "VAT number: %(number)s is not a valid EU VAT number (its check digits "
                        "or length are wrong)."
                    )
                    % {"number": self.vat_number}
                }
            )

    @property
    def billing_address_lines(self) -> list[str]:
        """The billing address as printed: street lines, postcode and town, country."""
        town = " ".join(part for part in (self.billing_postcode, self.billing_city) if part)
        lines = [line.strip() for line in self.billing_address.splitlines()]
        return [line for line in (*lines, town) if line]

    def membership_on(self, day: date) -> Membership | None:
        """The membership period running on ``day``, read from prefetched ``memberships``."""
        return next((m for m in self.memberships.all() if m.is_current_on(day)), None)


def membership_running_q(day: date, prefix: str = "") -> Q:
    """Membership periods running on ``day``: decided on or before it and not ended before it
    (an open end runs on). Written once here; ``prefix`` reaches them through a join
    (``"members__memberships__"``). :meth:`Membership.is_current_on` is its Python twin."""
    return Q(**{f"{prefix}board_decision__lte": day}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": day})
    )


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current_on(self, day: date) -> MembershipQuerySet:
        """The periods running on ``day``, the first and the last day included."""
        return self.filter(membership_running_q(day))


#: Each category's English name (translated when shown), by stored value.
_CATEGORY_LABELS: dict[str, str] = {category.value: category.label for category in MemberCategory}


class Membership(models.Model):
    """One period of a member in one category; the current category is the open period."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="memberships"
    )
    category = models.CharField(
        _("category"),
        max_length=32,
        choices=[(c.value, _(c.label)) for c in MemberCategory],
    )
    board_decision = models.DateField(_("Executive Board decision"))
    ga_ratification = models.DateField(_("General Assembly ratification"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=200, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["member", "-board_decision"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="one_open_membership_per_member",
                violation_error_message=_(
                    "The member has a membership that has not ended; end it before recording "
                    "another."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("board_decision")),
                name="membership_ends_after_decision",
                violation_error_message=_(
                    "A membership ends on or after the Executive Board's decision."
                ),
            ),
        ]

    def __str__(self) -> str:
        # get_category_display() rebuilds a dictionary of every choice at each call; the
        # selection box of each row of the admin's list names its membership.
        label = _CATEGORY_LABELS.get(self.category)
        category = gettext(label) if label is not None else self.category
        return f"{self.member} — {category} ({self.board_decision:%Y-%m-%d})"

    def is_current_on(self, day: date) -> bool:
        """Whether this period runs on ``day`` (as :func:`membership_running_q`, in Python)."""
        return self.board_decision <= day and (self.ended_on is None or day <= self.ended_on)

    @property
    def observer_last_day(self) -> date | None:
        """The last day of observer status (Procedures art. 2.1); None for other categories."""
        if self.category != MemberCategory.OBSERVER:
            return None
        return observer_status_last_day(self.board_decision)

    def observer_status_expired_on(self, day: date) -> bool:
        """Whether an observer whose period is still open in the records is past its year."""
        last_day = self.observer_last_day
        return last_day is not None and self.ended_on is None and day > last_day


class MemberStatistics(models.Model):
    """A member's figures for one year, as the fee formula uses them (Procedures art. 3.2.1)."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="statistics"
    )
    year = models.PositiveSmallIntegerField(_("reference year"))
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_source = models.CharField(_("population source"), max_length=200, blank=True)
    relative_gdp = models.DecimalField(
        _("GDP per inhabitant relative to the EU average"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("1.000 is the EU average."),
    )
    relative_gdp_source = models.CharField(_("GDP source"), max_length=200, blank=True)
    total_revenue = models.DecimalField(
        _("total revenue (€)"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    total_revenue_source = models.CharField(_("revenue source"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member statistics")
        verbose_name_plural = _("member statistics")
        ordering = ["member", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year"],
                name="one_statistics_row_per_year",
                violation_error_message=_("The member has statistics for this year already."),
            ),
            models.CheckConstraint(
                condition=Q(relative_gdp__isnull=True) | Q(relative_gdp__gt=0),
                name="relative_gdp_positive",
                violation_error_message=_("The relative GDP is a number greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(total_revenue__isnull=True) | Q(total_revenue__gt=0),
                name="total_revenue_positive",
                violation_error_message=_("The total revenue is an amount greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year}"


class SuspensionQuerySet(models.QuerySet["Suspension"]):
    def in_force_on(self, day: date) -> SuspensionQuerySet:
        """Suspensions in force on ``day``: from their first day, until the day they are lifted
        (rights come back on that day, Procedures art. 3.5)."""
        return self.filter(starts_on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))


class Suspension(models.Model):
    """A period in which a member's rights are suspended for unpaid fees (Procedures art. 3.5).

    Written by the fees app when an invoice passes its due date unpaid and closed when it is
    paid; every eligibility check reads it here so that every app can ask.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="suspensions"
    )
    starts_on = models.DateField(_("suspended from"))
    ends_on = models.DateField(_("lifted on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    source = models.CharField(
        _("source"), max_length=100, help_text=_("What caused it, e.g. invoice 2026-0042.")
    )
    history = HistoricalRecords()

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("suspension of rights")
        verbose_name_plural = _("suspensions of rights")
        ordering = ["member", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "source"],
                condition=Q(ends_on__isnull=True),
                name="one_open_suspension_per_source",
                violation_error_message=_(
                    "The member's rights are suspended on this ground already."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.starts_on:%Y-%m-%d}): {self.reason}"
