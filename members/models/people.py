"""People of member regions, their contact roles and the regional mandates they hold."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aer_portal.rules.membership import (
    substitute_deadline,
)

from .regions import Member


def person_name(
    first_name: str, last_name: str, anonymised_on: date | None = None, record_label: str = ""
) -> str:
    """How the portal names a person: first and last name, or for an anonymised person what
    the records keep of them (``Person.__str__``, and the pages that read the columns alone)."""
    if anonymised_on is not None:
        return record_label or gettext("Anonymised person")
    return f"{first_name} {last_name}".strip()


#: The columns :func:`person_name` reads, in the order it takes them.
PERSON_NAME_FIELDS = ("first_name", "last_name", "anonymised_on", "record_label")


def person_name_columns(path: str) -> tuple[str, ...]:
    """The columns :func:`person_name` reads, for a ``values_list()`` that reaches the person
    along ``path`` (``"person"``, ``"candidacy__person"``)."""
    return tuple(f"{path}__{field}" for field in PERSON_NAME_FIELDS)


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
        # People are listed by name everywhere; a page of a thousand delegates reads its first
        # 25 in name order from this index instead of sorting every delegate.
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="person_by_name")]

    def __str__(self) -> str:
        return person_name(self.first_name, self.last_name, self.anonymised_on, self.record_label)

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
            models.UniqueConstraint(
                fields=["person", "role"],
                name="one_contact_role_per_person",
                violation_error_message=_("The person is a contact for this already."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}"


def regional_mandate_held_q(day: date, prefix: str = "") -> Q:
    """Regional political mandates held on ``day``: started, not ended before it, and not lost
    on or before it (the day it is lost, it is no longer held). Written once here; ``prefix``
    reaches them through a join. :meth:`RegionalMandate.holds_on` is its Python twin."""
    return (
        Q(**{f"{prefix}starts_on__lte": day})
        & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day}))
        & (Q(**{f"{prefix}lost_on__isnull": True}) | Q(**{f"{prefix}lost_on__gt": day}))
    )


class RegionalMandateQuerySet(models.QuerySet["RegionalMandate"]):
    def holding_on(self, day: date) -> RegionalMandateQuerySet:
        """The mandates held on ``day`` (Procedures art. 15.2), first and last day included."""
        return self.filter(regional_mandate_held_q(day))


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

    objects = RegionalMandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("regional political mandate")
        verbose_name_plural = _("regional political mandates")
        ordering = ["person", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="regional_mandate_ends_after_start",
                violation_error_message=_("A regional mandate ends after it starts."),
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
