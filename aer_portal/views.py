"""Pages that need no app: the public home, the health check and the scheduled-work desk.

The dashboard and the /rules/ page gather every app, so they live in `portal.views`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from aer_portal import scheduling
from aer_portal.errors import DomainError
from aer_portal.tasks import periodic_run

logger = logging.getLogger(__name__)


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public landing page."""
    return render(request, "home.html")


def _check_database() -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "up"}


def _check_cache() -> dict[str, object]:
    token = secrets.token_hex(8)
    cache.set("healthz", token, 30)
    return {"status": "up" if cache.get("healthz") == token else "down"}


def _check_broker() -> dict[str, object]:
    from aer_portal.celery import app

    if app.conf.task_always_eager:
        return {"status": "up", "mode": "in-process"}
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, interval_start=0, timeout=3)
    return {"status": "up", "transport": broker.transport_cls}


def _check_heartbeats() -> dict[str, dict[str, object]]:
    from aer_portal.celery import app

    if app.conf.task_always_eager:
        return {name: {"status": "up", "mode": "in-process"} for name in ("worker", "beat")}
    ages = scheduling.heartbeat_ages(now=timezone.now())
    limits = {"worker": settings.HEALTH_WORKER_MAX_AGE, "beat": settings.HEALTH_BEAT_MAX_AGE}
    return {
        name: {
            "status": "up" if age is not None and age <= limits[name] else "down",
            "heartbeat_age": None if age is None else round(age),
        }
        for name, age in ages.items()
    }


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database, cache, broker, worker and beat all answer, 503 otherwise.

    The worker's heartbeat is the last run of the heartbeat task (beat → broker → worker →
    database); beat's is written by its scheduler every few seconds. `?scope=web` checks only
    what the web server itself needs (database and cache): compose's health check of the web
    container, which the worker and beat wait for.
    """
    checks: dict[str, dict[str, object]] = {}
    probes: dict[str, Callable[[], dict[str, object]]] = {
        "database": _check_database,
        "cache": _check_cache,
    }
    if request.GET.get("scope") != "web":
        probes["broker"] = _check_broker
    for name, probe in probes.items():
        try:
            checks[name] = probe()
        except Exception as error:
            logger.warning("healthz: %s is down: %s", name, error)
            checks[name] = {"status": "down", "error": type(error).__name__}
    if request.GET.get("scope") != "web":
        if checks["database"]["status"] == "up":
            checks.update(_check_heartbeats())
        else:
            checks.update({name: {"status": "unknown"} for name in ("worker", "beat")})
    healthy = all(check["status"] == "up" for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def _staff_only(request: HttpRequest) -> None:
    # The account row's own flag (``request.portal`` is the apps' and aer_portal imports none).
    if not getattr(request.user, "is_staff", False):
        raise PermissionDenied


@login_required
@require_GET
def scheduled_work(request: HttpRequest) -> HttpResponse:
    """The secretariat's view of the periodic jobs: last and next run, failures, liveness."""
    _staff_only(request)
    now = timezone.now()
    context = scheduling.scheduled_work(now=now)
    ages = context["heartbeats"]
    context["liveness"] = [
        {
            "component": component,
            "age": ages[component],
            "alive": ages[component] is not None and ages[component] <= limit,
        }
        for component, limit in (
            ("worker", settings.HEALTH_WORKER_MAX_AGE),
            ("beat", settings.HEALTH_BEAT_MAX_AGE),
        )
    ]
    return render(request, "scheduled_work.html", context)


@login_required
@require_POST
def scheduled_work_run(request: HttpRequest, job: str) -> HttpResponse:
    """Run now: queues one run of the job, refused while one runs (scheduling.run_request)."""
    _staff_only(request)
    try:
        run = scheduling.run_request(job_name=job, actor=request.user, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        transaction.on_commit(lambda: periodic_run.delay(run.job, run.pk))
        messages.success(request, _("%(job)s will run in a moment.") % {"job": run.job})
    return redirect("scheduled_work")
