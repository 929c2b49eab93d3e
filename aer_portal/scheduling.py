"""Periodic jobs: run once per period whatever beat does, recorded, visible, retried.

Beat sends every job in ``settings.PERIODIC_JOBS`` to one runner task
(:func:`aer_portal.tasks.periodic_run`), which first claims the row (job, period) of
:class:`~aer_portal.models.PeriodicRun`; the unique constraint lets only one claim win, so a
beat restarted with a stale schedule file, or a second beat started by mistake, sends a job
that is then skipped. The job's own task runs in the runner and returns its counts.

A job that handles many records (one reminder, one invoice) handles each in isolation and
reports one that fails with :func:`failure_record`; the record is tried again after a backoff
(:func:`records_waiting`) and shown on the Scheduled work page with its reason.
"""

from __future__ import annotations

import logging
import socket
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.models import Heartbeat, PeriodicRun, ScheduledFailure

logger = logging.getLogger(__name__)

#: Runs of a job are kept this long; older ones are deleted when the job runs.
RUNS_KEPT_DAYS = 30
#: A task that starts this early still belongs to the coming period (clocks of beat and worker
#: differ a little; beat sends on the minute).
PERIOD_LEAD = timedelta(seconds=5)
COUNT_FIELDS = ("due", "sent", "skipped", "failed")
UNFINISHED = (PeriodicRun.Outcome.QUEUED, PeriodicRun.Outcome.RUNNING)


@dataclass(frozen=True)
class PeriodicJob:
    """A job of ``settings.PERIODIC_JOBS``: a task run every N minutes or daily at a time."""

    name: str
    task: str
    minutes: int | None = None
    daily_at: tuple[int, int] | None = None

    @classmethod
    def from_setting(cls, name: str, entry: dict[str, Any]) -> PeriodicJob:
        if "daily_at" in entry:
            hour, minute = (int(part) for part in str(entry["daily_at"]).split(":"))
            return cls(name=name, task=str(entry["task"]), daily_at=(hour, minute))
        minutes = int(entry["minutes"])
        if minutes < 1 or 60 % minutes:
            raise ValueError(f"{name}: minutes must divide 60, not {minutes}")
        return cls(name=name, task=str(entry["task"]), minutes=minutes)

    def describe(self) -> str:
        if self.daily_at is not None:
            hour, minute = self.daily_at
            return _("daily at %(time)s") % {"time": f"{hour:02d}:{minute:02d}"}
        if self.minutes == 1:
            return _("every minute")
        return _("every %(minutes)d minutes") % {"minutes": self.minutes}

    def period_start(self, now: datetime) -> datetime:
        """The latest moment the schedule fired at or before ``now`` (local time)."""
        local = timezone.localtime(now + PERIOD_LEAD).replace(second=0, microsecond=0)
        if self.daily_at is not None:
            fired = local.replace(hour=self.daily_at[0], minute=self.daily_at[1])
            return fired if fired <= local else fired - timedelta(days=1)
        assert self.minutes is not None
        return local.replace(minute=local.minute - local.minute % self.minutes)

    def period(self, now: datetime) -> str:
        return self.period_start(now).strftime("%Y-%m-%dT%H:%M")

    def next_run(self, now: datetime) -> datetime:
        start = self.period_start(now)
        return start + (
            timedelta(days=1) if self.daily_at else timedelta(minutes=self.minutes or 0)
        )

    @property
    def stale_after(self) -> timedelta:
        """An unfinished run older than this lost its worker (longer than any task may run)."""
        return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2)


def periodic_jobs() -> dict[str, PeriodicJob]:
    return {
        name: PeriodicJob.from_setting(name, entry)
        for name, entry in settings.PERIODIC_JOBS.items()
    }


def periodic_job(name: str) -> PeriodicJob:
    try:
        return periodic_jobs()[name]
    except KeyError:
        raise DomainError(_("There is no scheduled job named %(name)s.") % {"name": name}) from None


# --- Claims -----------------------------------------------------------------------------------


def run_claim_scheduled(*, job: PeriodicJob, now: datetime) -> PeriodicRun | None:
    """Claims (job, period of ``now``); None when another run of this period claimed it."""
    try:
        with transaction.atomic():
            return PeriodicRun.objects.create(
                job=job.name,
                period=job.period(now),
                trigger=PeriodicRun.Trigger.SCHEDULE,
                outcome=PeriodicRun.Outcome.RUNNING,
                started_at=now,
            )
    except IntegrityError:
        logger.info("%s already ran for period %s: skipped", job.name, job.period(now))
        return None


def run_claim_requested(*, run_id: int, now: datetime) -> PeriodicRun | None:
    """Starts a queued run-now request; None if it started already (a redelivered message)."""
    claimed = PeriodicRun.objects.filter(pk=run_id, outcome=PeriodicRun.Outcome.QUEUED).update(
        outcome=PeriodicRun.Outcome.RUNNING, started_at=now
    )
    return PeriodicRun.objects.get(pk=run_id) if claimed else None


def runs_abandon_stale(*, job: PeriodicJob, now: datetime) -> int:
    """Marks runs whose worker died (unfinished long after the time limit) as abandoned."""
    return PeriodicRun.objects.filter(
        job=job.name, outcome__in=UNFINISHED, requested_at__lt=now - job.stale_after
    ).update(outcome=PeriodicRun.Outcome.ABANDONED, finished_at=now)


def run_finish(*, run: PeriodicRun, result: object, now: datetime) -> PeriodicRun:
    """Stores what the job reported: the four counts, anything else as details."""
    counts = result if isinstance(result, dict) else {"result": result}
    for field in COUNT_FIELDS:
        value = counts.get(field)
        setattr(run, field, int(value) if isinstance(value, int) else None)
    run.details = {k: v for k, v in counts.items() if k not in COUNT_FIELDS}
    run.outcome = PeriodicRun.Outcome.PARTIAL if run.failed else PeriodicRun.Outcome.SUCCEEDED
    run.finished_at = now
    run.save(update_fields=[*COUNT_FIELDS, "details", "outcome", "finished_at"])
    PeriodicRun.objects.filter(
        job=run.job, requested_at__lt=now - timedelta(days=RUNS_KEPT_DAYS)
    ).delete()
    return run


def run_fail(*, run: PeriodicRun, error: BaseException, now: datetime) -> PeriodicRun:
    run.outcome = PeriodicRun.Outcome.FAILED
    run.error = "".join(traceback.format_exception_only(error)).strip()[:2000]
    run.finished_at = now
    run.save(update_fields=["outcome", "error", "finished_at"])
    return run


@transaction.atomic
def run_request(*, job_name: str, actor: Any, now: datetime) -> PeriodicRun:
    """A staff member's "run now": queued once, refused while a run of the job is unfinished.

    Idempotent: a second request in the same minute (a double click) claims the same period
    and is refused. The row records who asked and when (the audit).
    """
    job = periodic_job(job_name)
    runs_abandon_stale(job=job, now=now)
    if PeriodicRun.objects.filter(job=job.name, outcome__in=UNFINISHED).exists():
        raise DomainError(_("%(job)s is running now; wait until it finishes.") % {"job": job.name})
    try:
        with transaction.atomic():
            run = PeriodicRun.objects.create(
                job=job.name,
                period=f"manual {timezone.localtime(now):%Y-%m-%dT%H:%M}",
                trigger=PeriodicRun.Trigger.MANUAL,
                outcome=PeriodicRun.Outcome.QUEUED,
                requested_by=actor,
            )
    except IntegrityError:
        raise DomainError(
            _("%(job)s was run by hand this minute already.") % {"job": job.name}
        ) from None
    logger.info("%s: run now requested by %s", job.name, actor)
    return run


# --- Failures of single records ---------------------------------------------------------------


def _backoff(attempts: int) -> timedelta:
    minutes = settings.SCHEDULED_RETRY_MINUTES * 2 ** min(attempts - 1, 12)
    return timedelta(minutes=min(minutes, 24 * 60))


def failure_record(*, job: str, record: str, reason: str, now: datetime) -> ScheduledFailure:
    """Notes that ``record`` failed in ``job`` (again): next attempt after a doubling backoff."""
    record = record[:400]
    with transaction.atomic():
        failure, _created = ScheduledFailure.objects.select_for_update().get_or_create(
            job=job,
            record=record,
            defaults={
                "first_failed_at": now,
                "last_failed_at": now,
                "next_attempt_at": now,
                "attempts": 0,
                "reason": "",
            },
        )
        if failure.resolved_at is not None:
            failure.first_failed_at, failure.attempts, failure.resolved_at = now, 0, None
        return _failure_again(failure, reason=reason, now=now)


def _failure_again(failure: ScheduledFailure, *, reason: str, now: datetime) -> ScheduledFailure:
    failure.attempts += 1
    failure.reason = reason[:2000]
    failure.last_failed_at = now
    failure.next_attempt_at = now + _backoff(failure.attempts)
    failure.save()
    return failure


def failure_resolve(*, job: str, record: str, now: datetime) -> None:
    ScheduledFailure.objects.filter(job=job, record=record[:400], resolved_at=None).update(
        resolved_at=now
    )


def records_waiting(*, job: str, now: datetime) -> set[str]:
    """Records of ``job`` that failed and wait for their backoff to pass: skip them for now."""
    return set(
        ScheduledFailure.objects.filter(
            job=job, resolved_at=None, next_attempt_at__gt=now
        ).values_list("record", flat=True)
    )


# --- Heartbeats -------------------------------------------------------------------------------


def heartbeat_record(*, component: str, now: datetime) -> None:
    Heartbeat.objects.update_or_create(
        component=component, defaults={"seen_at": now, "host": socket.gethostname()[:200]}
    )


def heartbeat_ages(*, now: datetime) -> dict[str, float | None]:
    """Seconds since beat's and the worker's last heartbeat; None if never seen."""
    seen = dict(Heartbeat.objects.values_list("component", "seen_at"))
    return {
        component: (now - seen[component]).total_seconds() if component in seen else None
        for component in ("worker", "beat")
    }


# --- The Scheduled work page ------------------------------------------------------------------


@dataclass(frozen=True)
class JobStatus:
    job: PeriodicJob
    last_run: PeriodicRun | None
    running: bool
    next_run: datetime


def scheduled_work(*, now: datetime, failures: int = 20) -> dict[str, Any]:
    """Every job with its last run and next run, recent failures, heartbeats; 4 queries."""
    jobs = periodic_jobs()
    latest = {
        run.job: run
        for run in PeriodicRun.objects.filter(job__in=jobs)
        .select_related("requested_by")
        .annotate(
            rank=Window(RowNumber(), partition_by=F("job"), order_by=F("requested_at").desc())
        )
        .filter(rank=1)
    }
    running: set[str] = set()
    for name in (
        PeriodicRun.objects.filter(
            job__in=jobs,
            outcome__in=UNFINISHED,
            requested_at__gte=now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT * 2),
        )
        .values_list("job", flat=True)
        .distinct()
    ):
        running.add(name)
    statuses = [
        JobStatus(
            job=job, last_run=latest.get(name), running=name in running, next_run=job.next_run(now)
        )
        for name, job in jobs.items()
    ]
    return {
        "jobs": statuses,
        "failures": list(ScheduledFailure.objects.order_by("-last_failed_at")[:failures]),
        "failed_runs": list(
            PeriodicRun.objects.filter(
                outcome__in=[PeriodicRun.Outcome.FAILED, PeriodicRun.Outcome.ABANDONED]
            ).order_by("-requested_at")[:10]
        ),
        "heartbeats": heartbeat_ages(now=now),
    }
