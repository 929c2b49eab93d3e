"""The ledger of reminders sent: one row per (kind, deadline, recipient), never two."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderSent(models.Model):
    """A reminder that left; claimed in the same transaction that sends it."""

    kind = models.CharField(_("kind"), max_length=80)
    deadline_key = models.CharField(
        _("deadline"),
        max_length=200,
        help_text=_("What the reminder is about, e.g. meeting:42:invitation."),
    )
    recipient = models.EmailField(_("recipient"), max_length=254)
    deadline = models.DateField(_("deadline day"))
    subject = models.CharField(_("subject"), max_length=300)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "deadline_key", "recipient"],
                name="one_reminder_per_deadline_recipient",
                violation_error_message=_("This reminder was sent to this person already."),
            )
        ]
        indexes = [models.Index(fields=["deadline"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.deadline_key})"
