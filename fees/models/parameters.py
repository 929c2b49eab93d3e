"""The Board's fee parameters, the yearly call, number series, programme participation."""

from dataclasses import fields
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.messages import render as render_message
from aer_portal.rules.fees import FeeParameters, ParameterError, ProgrammeFees

_DEFAULTS = FeeParameters()
_PROGRAMME_DEFAULTS = ProgrammeFees()
LANGUAGES = [("en", "English"), ("fr", "Français")]


def money_field(verbose_name: Any, **kwargs: Any) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, **kwargs)


class FeeDecision(models.Model):
    """The Executive Board's decision on the fee parameters of one year (Procedures art. 3.2)."""

    year = models.PositiveSmallIntegerField(_("fee year"), unique=True)
    decided_on = models.DateField(_("Executive Board decision of"))
    basic_fee = money_field(_("basic fee (€)"), default=_DEFAULTS.basic_fee)
    base_year = models.PositiveSmallIntegerField(
        _("base year of the indexation"), default=_DEFAULTS.base_year
    )
    indexation = models.DecimalField(
        _("yearly indexation factor"), max_digits=8, decimal_places=5, default=_DEFAULTS.indexation
    )
    cap = money_field(_("cap (€)"), default=_DEFAULTS.cap)
    revenue_threshold = models.DecimalField(
        _("revenue threshold of the small-revenue cap (€)"),
        max_digits=15,
        decimal_places=2,
        default=_DEFAULTS.revenue_threshold,
    )
    revenue_cap_rate = models.DecimalField(
        _("small-revenue cap, share of total revenue"),
        max_digits=8,
        decimal_places=6,
        default=_DEFAULTS.revenue_cap_rate,
        help_text=_("0.0015 is 0.15 %."),
    )
    population_divisor = models.DecimalField(
        _("population divisor"),
        max_digits=10,
        decimal_places=2,
        default=_DEFAULTS.population_divisor,
    )
    relative_gdp_exponent = models.PositiveSmallIntegerField(
        _("exponent of the relative GDP"), default=_DEFAULTS.relative_gdp_exponent
    )
    non_geographical_multiplier = models.DecimalField(
        _("multiplier for non-geographical associates"),
        max_digits=6,
        decimal_places=2,
        default=_DEFAULTS.non_geographical_multiplier,
    )
    eurodyssey_fee = money_field(_("Eurodyssey fee (€)"), default=_PROGRAMME_DEFAULTS.eurodyssey)
    summer_academy_fee = money_field(
        _("Summer Academy Organising Committee fee (€)"),
        default=_PROGRAMME_DEFAULTS.summer_academy_organising_committee,
    )
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    PARAMETER_FIELDS = tuple(field.name for field in fields(FeeParameters))

    class Meta:
        verbose_name = _("fee parameters (Executive Board decision)")
        verbose_name_plural = _("fee parameters (Executive Board decisions)")
        ordering = ["-year"]

    def __str__(self) -> str:
        return gettext("Fee parameters %(year)s") % {"year": self.year}

    def parameters(self) -> FeeParameters:
        """The decision as the rules module's parameters (raises ValueError on nonsense)."""
        return FeeParameters(**{name: getattr(self, name) for name in self.PARAMETER_FIELDS})

    def programme_fees(self) -> ProgrammeFees:
        return ProgrammeFees(
            eurodyssey=self.eurodyssey_fee,
            summer_academy_organising_committee=self.summer_academy_fee,
        )

    def clean(self) -> None:
        try:
            self.parameters()
        except ParameterError as error:
            raise ValidationError({error.field: render_message(error.reason)}) from error
        except TypeError:
            return  # a value is missing; clean_fields() names it
        for name in ("eurodyssey_fee", "summer_academy_fee"):
            if getattr(self, name) is not None and getattr(self, name) < 0:
                raise ValidationError({name: gettext("A fee cannot be negative.")})


class FeeCall(models.Model):
    """The call for membership fees of one year, sent by the Executive Board (art. 3.1.2)."""

    year = models.PositiveSmallIntegerField(_("fee year"), unique=True)
    decision = models.ForeignKey(
        FeeDecision, verbose_name=_("fee parameters"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("sent on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("call for fees")
        verbose_name_plural = _("calls for fees")
        ordering = ["-year"]

    def __str__(self) -> str:
        return gettext("Call for fees %(year)s") % {"year": self.year}


class NumberSeries(models.Model):
    """The last number given in a series ("2026", "CN-2026"); locked while a number is taken,
    so numbers have no gap and no duplicate however many are issued at once."""

    name = models.CharField(_("series"), max_length=20, unique=True)
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_value}"


class ProgrammeParticipation(models.Model):
    """That a member takes part in a programme with a fee in a year (Procedures art. 3.3)."""

    class Programme(models.TextChoices):
        SUMMER_ACADEMY = "summer_academy", _("Summer Academy Organising Committee")
        EURODYSSEY = "eurodyssey", _("Eurodyssey")

    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="programme_participations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    programme = models.CharField(_("programme"), max_length=32, choices=Programme.choices)
    invoice = models.ForeignKey(
        "fees.Invoice",
        verbose_name=_("invoiced on"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")
        ordering = ["-year", "member"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "year", "programme"],
                name="one_participation_per_programme_year",
                violation_error_message=_(
                    "The member's participation in this programme is recorded for this year "
                    "already."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_programme_display()} {self.year}"
