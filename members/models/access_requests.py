"""Portal access for a region's contacts: asked by the region's officers, decided by staff."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .accounts import PortalAccess, User
from .people import Person
from .regions import Member


class AccessRequest(models.Model):
    """That one of a region's officers asked for (or gave) a portal account to a contact.

    A contact without an account receives the portal's invitations (support of a working
    group, meetings, reminders) and cannot answer them. Within the limits the secretariat sets
    (``AER_OFFICER_GRANT_ROLES``, ``AER_OFFICER_GRANT_LIMIT``) the officer gives the access
    directly; beyond them the secretariat approves or refuses, saying why.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the secretariat")
        APPROVED = "approved", _("Approved by the secretariat")
        GRANTED = "granted", _("Given by the region's officer")
        REFUSED = "refused", _("Refused by the secretariat")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="access_requests"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="access_requests"
    )
    role = models.CharField(_("role"), max_length=20, choices=PortalAccess.Role.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        User,
        verbose_name=_("asked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_requests_made",
    )
    requested_at = models.DateTimeField(_("asked on"))
    decided_by = models.ForeignKey(
        User,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_requests_decided",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)
    account = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_requests",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request for portal access")
        verbose_name_plural = _("requests for portal access")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="pending"),
                name="one_pending_access_request_per_person",
                violation_error_message=_(
                    "Access for this person is asked already and waits for the secretariat."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="access_refusal_has_reason",
                violation_error_message=_("A refusal says why, so the officer can read it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.member}): {self.get_status_display()}"
