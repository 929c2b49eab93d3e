"""Work a write schedules, recorded in the write's own transaction (an outbox).

A row is created with the invoice, mailing or proposal that needs an e-mail or a PDF, and
published to the broker after the transaction commits. Whatever happens next (the broker
unreachable, the worker killed), the row stays pending until a task finishes it, and the
periodic job ``governance.pending_work.complete`` publishes it again: work is delayed, never
lost. The tasks are idempotent, so publishing twice does no harm.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PendingTask(models.Model):
    """One Celery task to run to completion: its name, JSON arguments and where it stands."""

    task = models.CharField(_("task"), max_length=100)
    args = models.JSONField(_("arguments"), default=list, blank=True)
    #: What the work belongs to, for progress pages: "fee-call:2027", "mailing:12".
    group = models.CharField(_("group"), max_length=100, blank=True, db_index=True)
    label = models.CharField(_("record"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("last queued at"), null=True, blank=True)
    started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    #: Set when the periodic job stops trying (PENDING_WORK_MAX_ATTEMPTS).
    failed_at = models.DateTimeField(_("given up at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    error = models.TextField(_("last error"), blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)

    class Meta:
        verbose_name = _("pending task")
        verbose_name_plural = _("pending tasks")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=Q(done_at__isnull=True, failed_at__isnull=True),
                name="pending_task_open",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.label or self.args}"

    @property
    def state(self) -> str:
        if self.done_at is not None:
            return "done"
        if self.failed_at is not None:
            return "failed"
        if self.started_at is not None:
            return "running"
        return "queued"
