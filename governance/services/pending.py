"""Recording work for the worker in the write's transaction, and completing what is pending.

``pending_tasks_schedule`` is called inside a service's transaction: the rows commit with the
invoice (or mailing, or proposal) or not at all. After the commit they are published to the
broker; a publish that fails (broker unreachable) is logged as a warning and the request goes
on. ``pending_work_complete`` (the periodic job) publishes again every row that is not done:
never published, published but never started (the message was lost), or started and not
finished long after the task's time limit (the worker was killed). Tasks record their own
progress through ``governance.pending.PendingWorkTask``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from aer_portal.celery import app as celery_app
from governance.models import PendingTask

logger = logging.getLogger(__name__)

#: A row published after commit is left alone this long before the job publishes it again.
PUBLISH_GRACE = timedelta(seconds=10)


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def pending_tasks_schedule(
    *, task: str, calls: Iterable[tuple[Sequence[Any], str]], group: str = ""
) -> list[PendingTask]:
    """Records one pending ``task`` per (args, label) and publishes them after commit.

    Must run inside the transaction of the write that needs the work (every service is
    atomic): a rolled-back write leaves no task, a committed one always leaves its tasks.
    """
    rows = PendingTask.objects.bulk_create(
        PendingTask(task=task, args=list(args), group=group, label=label[:200])
        for args, label in calls
    )
    if rows:
        transaction.on_commit(partial(pending_tasks_publish, [row.pk for row in rows]))
    return rows


def pending_task_schedule(
    *, task: str, args: Sequence[Any], group: str = "", label: str = ""
) -> PendingTask:
    """One pending task: see :func:`pending_tasks_schedule`."""
    (row,) = pending_tasks_schedule(task=task, calls=[(args, label)], group=group)
    return row


def _celery_task(name: str) -> Any:
    # The portal's app, not celery's current_app: that one is per thread, and a request served
    # by another thread would publish through an unconfigured default app.
    app = celery_app
    if name not in app.tasks:
        app.loader.import_default_modules()  # registers every app's tasks module
    return app.tasks[name]


def task_id_for(pk: int) -> str:
    """The Celery task id a pending row is published under; the task reads the row from it."""
    return f"pending-{pk}-{uuid.uuid4().hex[:12]}"


def pending_id_from(task_id: str | None) -> int | None:
    """The pending row's primary key in a task id made by :func:`task_id_for`."""
    if not task_id or not task_id.startswith("pending-"):
        return None
    try:
        return int(task_id.split("-")[1])
    except (IndexError, ValueError):
        return None


def pending_tasks_publish(pks: Sequence[int]) -> int:
    """Publishes the rows to the broker; returns how many were published.

    A broker that does not answer stops the loop: the rows keep ``enqueued_at`` empty and
    the error, and the periodic job publishes them when the broker is back. Never raises.
    """
    rows = list(PendingTask.objects.filter(pk__in=pks, done_at__isnull=True).order_by("pk"))
    published = 0
    for row in rows:
        PendingTask.objects.filter(pk=row.pk).update(
            enqueued_at=timezone.now(), started_at=None, attempts=F("attempts") + 1
        )
        try:
            _celery_task(row.task).apply_async(
                args=row.args, task_id=task_id_for(row.pk), retry=False
            )
        except Exception as error:  # the broker's errors vary by transport; none may escape
            if celery_app.conf.task_always_eager:
                # In-process tasks: the task itself failed and recorded why; go on.
                logger.warning("%s (%s) failed: %s", row.task, row.label or row.args, error)
                continue
            logger.warning(
                "Could not queue %s (%s): %s; the pending-work job queues it again later",
                row.task,
                row.label or row.args,
                error,
            )
            rest = [r.pk for r in rows[rows.index(row) :]]
            PendingTask.objects.filter(pk__in=rest, done_at__isnull=True).update(
                enqueued_at=None, error=f"could not queue: {error}"[:2000]
            )
            break
        published += 1
    return published


@dataclass
class CompletionRun:
    """What one pass of the pending-work job did."""

    published: int = 0
    given_up: int = 0
    purged: int = 0
    labels: list[str] = field(default_factory=list)


def pending_work_complete(*, now: datetime | None = None, limit: int = 500) -> CompletionRun:
    """Publishes again every pending row whose task cannot still be on its way.

    - never published (the broker was unreachable when the write committed);
    - published but not started after PENDING_WORK_REQUEUE_SECONDS (the message was lost);
    - started but not finished after PENDING_WORK_RESTART_SECONDS, longer than the task time
      limit (the worker was killed: SIGKILL, out of memory, a lost machine).
    After PENDING_WORK_MAX_ATTEMPTS the row is given up (``failed_at``) and shown as failed.
    Rows done more than PENDING_WORK_KEEP_DAYS ago are deleted (failed ones are kept).
    Rows are claimed with SKIP LOCKED, so two runs at once publish each row once.
    """
    now = now or timezone.now()
    restart = timedelta(seconds=_setting("PENDING_WORK_RESTART_SECONDS", 360))
    requeue = timedelta(seconds=_setting("PENDING_WORK_REQUEUE_SECONDS", 600))
    max_attempts = _setting("PENDING_WORK_MAX_ATTEMPTS", 8)
    due = Q(done_at__isnull=True, failed_at__isnull=True) & (
        Q(enqueued_at__isnull=True, created_at__lte=now - PUBLISH_GRACE)
        | Q(started_at__isnull=True, enqueued_at__lte=now - requeue)
        | Q(started_at__lte=now - restart)
    )
    run = CompletionRun()
    keep = timedelta(days=_setting("PENDING_WORK_KEEP_DAYS", 30))
    run.purged, _ = PendingTask.objects.filter(done_at__lt=now - keep).delete()
    with transaction.atomic():
        rows = list(
            PendingTask.objects.select_for_update(skip_locked=True)
            .filter(due)
            .order_by("pk")[:limit]
        )
        spent = [row.pk for row in rows if row.attempts >= max_attempts]
        if spent:
            run.given_up = PendingTask.objects.filter(pk__in=spent).update(failed_at=now)
            for row in rows:
                if row.pk in spent:
                    logger.warning("Gave up %s (%s): %s", row.task, row.label, row.error)
        retry = [row for row in rows if row.pk not in spent]
        # Claimed now, so a concurrent run does not pick them before they are published.
        PendingTask.objects.filter(pk__in=[row.pk for row in retry]).update(
            enqueued_at=now, started_at=None
        )
    run.labels = [row.label or row.task for row in retry]
    if retry:
        logger.info("Queueing %s pending tasks again: %s", len(retry), ", ".join(run.labels[:20]))
        run.published = pending_tasks_publish([row.pk for row in retry])
    return run


# --- Called by the tasks themselves (governance.pending.PendingWorkTask) -----------------


def pending_task_started(*, pk: int) -> None:
    PendingTask.objects.filter(pk=pk, done_at__isnull=True).update(started_at=timezone.now())


def pending_task_done(*, pk: int, result: Any) -> None:
    if not isinstance(result, int | str | bool | float | dict | list | type(None)):
        result = str(result)
    PendingTask.objects.filter(pk=pk, done_at__isnull=True).update(
        done_at=timezone.now(), error="", result=result
    )


def pending_task_failed(*, pk: int, error: str, final: bool = False) -> None:
    """The task raised and will not retry itself: the job tries again after a while, unless
    the failure is ``final`` (a rule refused the work: trying again cannot help)."""
    now = timezone.now()
    PendingTask.objects.filter(pk=pk, done_at__isnull=True).update(
        error=error[:2000], started_at=None, enqueued_at=now, failed_at=now if final else None
    )


def pending_task_retrying(*, pk: int, error: str) -> None:
    PendingTask.objects.filter(pk=pk, done_at__isnull=True).update(error=error[:2000])


@dataclass(frozen=True)
class GroupProgress:
    """Where the work of one group stands, for a progress bar."""

    total: int
    done: int
    failed: int
    running: int
    problems: list[PendingTask]

    @property
    def finished(self) -> bool:
        return self.done + self.failed >= self.total

    @property
    def percent(self) -> int:
        return 100 if not self.total else (100 * (self.done + self.failed)) // self.total


def group_progress(*, group: str, task: str | None = None) -> GroupProgress:
    """Counts of the group's rows by state and the rows with an error (two queries)."""
    from django.db.models import Count

    rows = PendingTask.objects.filter(group=group)
    if task is not None:
        rows = rows.filter(task=task)
    counts = rows.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(done_at__isnull=False)),
        failed=Count("pk", filter=Q(done_at__isnull=True, failed_at__isnull=False)),
        running=Count("pk", filter=Q(done_at__isnull=True, started_at__isnull=False)),
    )
    problems = list(rows.filter(done_at__isnull=True).exclude(error="").order_by("pk")[:50])
    return GroupProgress(problems=problems, **counts)
