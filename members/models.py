"""Countries, member regions and organisations, their membership history, people and accounts."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from stdnum.eu import vat as eu_vat

from aer_portal.rules.membership import (
    MemberCategory,
    observer_status_last_day,
    substitute_deadline,
)


class UserManager(BaseUserManager["User"]):
    """Creates users whose login is their e-mail address."""

    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("email: an e-mail address is required to create a user.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A portal account; the e-mail address is the login."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    person = models.OneToOneField(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        help_text=_("The person in the governance records this account belongs to."),
    )
    is_staff = models.BooleanField(
        _("secretariat staff"),
        default=False,
        help_text=_("Staff may use the secretariat's pages and the admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("invited on"), default=timezone.now)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("en", "English"), ("fr", "Français")],
        default="en",
    )

    # The password hash and the last login stay out of the audit history.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


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
                condition=Q(code__regex=r"^[A-Z]{2}$"), name="country_code_is_iso_alpha2"
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

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["member", "-board_decision"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(ended_on__isnull=True),
                name="one_open_membership_per_member",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("board_decision")),
                name="membership_ends_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_category_display()} ({self.board_decision:%Y-%m-%d})"

    def is_current_on(self, day: date) -> bool:
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


class Person(models.Model):
    """A contact, delegate or office holder; belongs to a member or to the secretariat."""

    # Blank only once anonymised (clean() requires them before): see person_anonymise.
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    title = models.CharField(_("title or function"), max_length=200, blank=True)
    languages = models.CharField(
        _("languages"), max_length=100, blank=True, help_text=_("ISO 639-1 codes, e.g. sv, en, fr")
    )
    gender = models.CharField(
        _("gender"),
        max_length=10,
        blank=True,
        choices=[("female", _("Female")), ("male", _("Male")), ("other", _("Other"))],
        help_text=_("Only used for the balance statistics of each body."),
    )
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="people",
        null=True,
        blank=True,
    )
    anonymised_on = models.DateField(
        _("anonymised on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Personal data erased at the person's request (GDPR art. 17)."),
    )
    record_label = models.CharField(
        _("historical record"),
        max_length=1000,
        blank=True,
        editable=False,
        help_text=_("What the records keep of an anonymised person, e.g. former delegate of …"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        if self.anonymised_on is not None:
            return self.record_label or gettext("Anonymised person")
        return f"{self.first_name} {self.last_name}".strip()

    def clean(self) -> None:
        if self.anonymised_on is None:
            missing = {
                field: _("This field is required.")
                for field in ("first_name", "last_name")
                if not getattr(self, field).strip()
            }
            if missing:
                raise ValidationError(missing)


class ContactRole(models.Model):
    """What a person is a member's contact for; a region has several, per network and programme."""

    class Role(models.TextChoices):
        INTERNATIONAL_RELATIONS = "international_relations", _("International relations")
        DELEGATE = "delegate", _("Delegate")
        EURODYSSEY = "eurodyssey", _("Eurodyssey")
        SUMMER_ACADEMY = "summer_academy", _("Summer Academy")
        YOUTH = "youth", _("Youth Regional Network")
        COMMUNICATIONS = "communications", _("Communications")
        BILLING = "billing", _("Billing")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="contact_roles"
    )
    role = models.CharField(_("contact for"), max_length=32, choices=Role.choices)
    unit = models.CharField(
        _("unit"), max_length=200, blank=True, help_text=_("e.g. enheten externa relationer")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact role")
        verbose_name_plural = _("contact roles")
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="one_contact_role_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}"


class PortalAccess(models.Model):
    """That an account acts for a member in the portal, and in which role."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("International relations officer")
        DELEGATE = "delegate", _("Delegate")
        VIEWER = "viewer", _("Read only")

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="accesses"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="accesses"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("portal access")
        verbose_name_plural = _("portal accesses")
        constraints = [
            models.UniqueConstraint(fields=["user", "member"], name="one_access_per_user_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.member} ({self.get_role_display()})"


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
            models.UniqueConstraint(fields=["member", "year"], name="one_statistics_row_per_year"),
            models.CheckConstraint(
                condition=Q(relative_gdp__isnull=True) | Q(relative_gdp__gt=0),
                name="relative_gdp_positive",
            ),
            models.CheckConstraint(
                condition=Q(total_revenue__isnull=True) | Q(total_revenue__gt=0),
                name="total_revenue_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.year}"


class RegionalMandate(models.Model):
    """A person's regional political mandate, which delegates must hold (Procedures art. 15.2)."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="regional_mandates",
    )
    kind = models.CharField(
        _("mandate"), max_length=200, help_text=_("e.g. member of the regional assembly")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    lost_on = models.DateField(
        _("lost on"),
        null=True,
        blank=True,
        help_text=_("When the mandate ended early; the Board must assign a substitute."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("regional political mandate")
        verbose_name_plural = _("regional political mandates")
        ordering = ["person", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="regional_mandate_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind}"

    def holds_on(self, day: date) -> bool:
        """Whether the mandate runs on ``day`` (started, not ended, not lost)."""
        return (
            self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
            and (self.lost_on is None or day < self.lost_on)
        )

    @property
    def substitute_due(self) -> date | None:
        """When the Executive Board must have assigned a substitute (Procedures art. 15.2)."""
        return None if self.lost_on is None else substitute_deadline(self.lost_on)


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

    class Meta:
        verbose_name = _("suspension of rights")
        verbose_name_plural = _("suspensions of rights")
        ordering = ["member", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "source"],
                condition=Q(ends_on__isnull=True),
                name="one_open_suspension_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.starts_on:%Y-%m-%d}): {self.reason}"
