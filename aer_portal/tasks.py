"""Portal-wide tasks: the runner of every periodic job, and the heartbeat."""

from __future__ import annotations

import logging

from celery import current_app, shared_task
from django.db import connection
from django.utils import timezone

from aer_portal import scheduling

logger = logging.getLogger(__name__)


@shared_task(name="aer_portal.tasks.heartbeat")
def heartbeat() -> str:
    """Proves that beat, broker, worker and database answer: /healthz reads its record."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    scheduling.heartbeat_record(component="worker", now=timezone.now())
    return "ok"


@shared_task(name="aer_portal.periodic.run")
def periodic_run(job_name: str, run_id: int | None = None) -> str:
    """Runs one periodic job once for its period (beat), or a queued run-now request (staff).

    The claim comes first; whoever loses it does nothing. The job's task runs here, in this
    worker, and its counts or its error are recorded on the run.
    """
    now = timezone.now()
    job = scheduling.periodic_job(job_name)
    scheduling.runs_abandon_stale(job=job, now=now)
    if run_id is None:
        run = scheduling.run_claim_scheduled(job=job, now=now)
    else:
        run = scheduling.run_claim_requested(run_id=run_id, now=now)
    if run is None:
        return "skipped"
    if job.task not in current_app.tasks:
        current_app.loader.import_default_modules()
    try:
        result = current_app.tasks[job.task]()
    except Exception as error:
        logger.exception("%s (%s) failed", job.name, run.period)
        scheduling.run_fail(run=run, error=error, now=timezone.now())
        return "failed"
    scheduling.run_finish(run=run, result=result, now=timezone.now())
    return run.outcome
