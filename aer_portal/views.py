"""Portal-wide pages: the public home, the dashboard after login and the health check."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from aer_portal import scheduling
from aer_portal.dashboard import dashboard_panels
from aer_portal.errors import DomainError
from aer_portal.tasks import periodic_run


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public landing page."""
    return render(request, "home.html")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """The person's start page: who they are, whom they act for, what awaits them."""
    panels = dashboard_panels(request, timezone.localdate())
    return render(request, "dashboard.html", {"panels": panels})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers, 503 otherwise; for load balancers and compose."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    """Every rule the portal applies, with its article and current value, from the module itself."""
    from django.utils.translation import gettext

    from aer_portal.rules.catalogue import catalogue

    entries = [
        {
            "article": entry.article,
            "title": gettext(entry.title),
            "description": gettext(entry.description),
            "value": entry.value_message.render(gettext),
        }
        for entry in catalogue()
    ]
    return render(request, "rules.html", {"entries": entries})


def _staff_only(request: HttpRequest) -> None:
    if not request.portal.is_staff:  # type: ignore[attr-defined]
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
