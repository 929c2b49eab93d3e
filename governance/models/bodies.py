"""Bodies of AER, their seats and the mandates that fill them."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.rules.bodies import Body as BodyKind

#: The statutory bodies' English names, which pages show in the reader's language
#: (locale/GLOSSARY.md); a working group's or task force's own name is shown as it is.
STATUTORY_NAMES = frozenset(kind.label for kind in BodyKind)


class Body(models.Model):
    """A statutory body, working group, task force or programme committee."""

    kind = models.CharField(
        _("kind"), max_length=40, choices=[(k.value, _(k.label)) for k in BodyKind]
    )
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language: "Bureau exécutif" for the Executive Board."""
        return gettext(self.name) if self.name in STATUTORY_NAMES else self.name


class Seat(models.Model):
    """A position in a body that a mandate fills (President, Vice-President for …, …)."""

    class Role(models.TextChoices):
        PRESIDENT = "president", _("President")
        TREASURER = "treasurer", _("Treasurer")
        VICE_PRESIDENT = "vice_president", _("Vice-President")
        HONORARY_PRESIDENT = "honorary_president", _("Honorary President")
        MEMBER = "member", _("Member")
        COUNTRY_REPRESENTATIVE = "country_representative", _("Representative of a country")
        SUBSTITUTE = "substitute", _("Substitute")
        COORDINATOR = "coordinator", _("Coordinator")
        CHAIR = "chair", _("Chair")
        SECONDED_OFFICER = "seconded_officer", _("Seconded officer")

    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="seats"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    portfolio = models.CharField(
        _("portfolio"), max_length=200, blank=True, help_text=_("For Vice-Presidents.")
    )
    country = models.ForeignKey(
        "members.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("For the Bureau's representatives of a country and their substitutes."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["body", "role", "portfolio"]

    def __str__(self) -> str:
        label = self.role_label
        if self.portfolio:
            label = f"{label} ({self.portfolio_name})"
        if self.country_id:
            label = f"{label} — {self.country}"
        return f"{self.body}: {label}"

    @property
    def role_label(self) -> str:
        """The role in the reader's language: get_role_display() without rebuilding a dictionary
        of every choice at each call (an admin list of 25 mandates names 50 seats)."""
        label = _ROLE_LABELS.get(self.role)
        return self.role if label is None else str(label)

    @property
    def portfolio_name(self) -> str:
        """A Vice-President's policy area in the reader's language when the catalogue has it
        (locale/GLOSSARY.md), as entered otherwise."""
        return gettext(self.portfolio) if self.portfolio else ""


#: Each seat's role name (translated when shown), by stored value.
_ROLE_LABELS = dict(Seat.Role.choices)


class Mandate(models.Model):
    """A person holding a seat for a term, on behalf of a member."""

    person = models.ForeignKey(
        "members.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="mandates",
        null=True,
        blank=True,
    )
    seat = models.ForeignKey(
        Seat, verbose_name=_("seat"), on_delete=models.PROTECT, related_name="mandates"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    consecutive_term = models.PositiveSmallIntegerField(
        _("consecutive term"),
        default=1,
        help_text=_("1 for a first term, 2 after one re-election…"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("starts_on")),
                name="mandate_ends_after_start",
                violation_error_message=_("A mandate ends after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(consecutive_term__gte=1),
                name="mandate_term_number_positive",
                violation_error_message=_("The term number is 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.seat}"

    def runs_on(self, day: date) -> bool:
        """Whether the mandate runs on ``day``, its first and last day included (an open end
        runs on): the Python twin of governance.selectors.bodies.current_mandates_q."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
