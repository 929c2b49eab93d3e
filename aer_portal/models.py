"""What the portal records about its own scheduled work: runs, failures and heartbeats."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """One run of a periodic job; (job, period) is claimed once, so a job runs once a period."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("schedule")
        MANUAL = "manual", _("run now")

    class Outcome(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        PARTIAL = "partial", _("some records failed")
        FAILED = "failed", _("failed")
        ABANDONED = "abandoned", _("abandoned (the worker stopped)")

    job = models.CharField(_("job"), max_length=80)
    period = models.CharField(
        _("period"),
        max_length=40,
        help_text=_("When the schedule said it was due (local time), or the minute of a run now."),
    )
    trigger = models.CharField(_("trigger"), max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    due = models.PositiveIntegerField(_("due"), null=True, blank=True)
    sent = models.PositiveIntegerField(_("sent"), null=True, blank=True)
    skipped = models.PositiveIntegerField(_("skipped"), null=True, blank=True)
    failed = models.PositiveIntegerField(_("failed"), null=True, blank=True)
    details = models.JSONField(_("other counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period"],
                name="one_run_per_job_and_period",
                violation_error_message=_("This job has run for this period already."),
            )
        ]
        indexes = [models.Index(fields=["job", "-requested_at"])]

    def __str__(self) -> str:
        return f"{self.job} {self.period} ({self.outcome})"


class ScheduledFailure(models.Model):
    """A record a periodic job could not handle; retried with backoff until it succeeds."""

    job = models.CharField(_("job"), max_length=80)
    record = models.CharField(_("record"), max_length=400)
    reason = models.TextField(_("reason"))
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    first_failed_at = models.DateTimeField(_("first failed at"))
    last_failed_at = models.DateTimeField(_("last failed at"))
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled failure")
        verbose_name_plural = _("scheduled failures")
        ordering = ["-last_failed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["job", "record"],
                name="one_failure_per_job_record",
                violation_error_message=_("This failure of the job is recorded already."),
            )
        ]
        indexes = [models.Index(fields=["-last_failed_at"])]

    def __str__(self) -> str:
        return f"{self.job}: {self.record}"


class Heartbeat(models.Model):
    """When a component (beat, worker) last showed it was alive."""

    component = models.CharField(_("component"), max_length=20, primary_key=True)
    seen_at = models.DateTimeField(_("seen at"))
    host = models.CharField(_("host"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.component} {self.seen_at:%Y-%m-%d %H:%M:%S}"
