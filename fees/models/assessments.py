"""Every member's fee of a year, computed once by the rules and kept while its inputs hold.

Not a record of anything decided: a kept computation (like a cache, but in the database so
that a page sums, sorts and pages through a thousand amounts with SQL). The fee formula stays
in :mod:`aer_portal.rules.fees` (Procedures art. 3.2); ``fees.selectors.assessments`` computes
the amounts with it and recomputes them whenever a fingerprint of their inputs (memberships,
figures, fee decision, participations, discounts, invoices, the day) changes: most of it the
:class:`FeeInputsVersion` that database triggers move on every change to those tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from fees.models.parameters import money_field


class FeeAssessment(models.Model):
    """The fees of a year as the call would invoice them on ``on``, and what they came from."""

    year = models.PositiveSmallIntegerField(_("fee year"), unique=True)
    on = models.DateField(_("computed for the day"))
    fingerprint = models.CharField(_("fingerprint of the inputs"), max_length=64)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("computed fees of a year")
        verbose_name_plural = _("computed fees of the years")

    def __str__(self) -> str:
        return f"{self.year} ({self.on})"


class FeeInputsVersion(models.Model):
    """One number that moves whenever a row a fee is computed from is added, changed or
    deleted: members, memberships, statistics, programme participations, discounts.

    Moved by database triggers (fees migration 0009), not by the services: an edit in the
    admin, a data migration or SQL typed by hand moves it too, and it is written in the
    transaction of the change, so a reader never sees the change without the new number.
    One row (``id`` 1); a page that finds none computes the fees afresh and writes it.
    """

    version = models.BigIntegerField(_("version of the fees' inputs"), default=0)

    class Meta:
        verbose_name = _("version of the fees' inputs")
        verbose_name_plural = _("versions of the fees' inputs")

    def __str__(self) -> str:
        return str(self.version)


class AssessedFee(models.Model):
    """One member's fee in a :class:`FeeAssessment`: what the call would do with it."""

    assessment = models.ForeignKey(
        FeeAssessment, on_delete=models.CASCADE, related_name="fees", verbose_name=_("year")
    )
    member = models.ForeignKey(
        "members.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    #: A ``fees.selectors.previews.RowStatus`` value.
    status = models.CharField(_("status"), max_length=20)
    category = models.CharField(_("category"), max_length=40, blank=True)
    total = money_field(_("amount"), default=0)
    #: The membership and discount lines: what the Treasurer expects (Procedures art. 13.2).
    membership_total = money_field(_("membership fee net of discounts"), default=0)

    class Meta:
        verbose_name = _("computed fee")
        verbose_name_plural = _("computed fees")
        constraints = [
            models.UniqueConstraint(
                fields=("assessment", "member"),
                name="assessed_fee_once_per_member",
                violation_error_message=_("This member's fee is computed already."),
            )
        ]
        indexes = [models.Index(fields=("assessment", "status", "category"))]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.total}"
