"""The staff page "Scheduled work": jobs, runs, failures, liveness and "run now"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aer_portal import scheduling
from aer_portal.models import PeriodicRun
from aer_portal.tasks import periodic_run
from tests.factories import member_officer, staff_user, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client: Client):  # type: ignore[no-untyped-def]
    user = with_totp(staff_user(email="sam@aer.eu"))
    client.force_login(user)
    return user


def test_only_staff_see_the_page(client: Client) -> None:
    assert client.get(reverse("scheduled_work")).status_code == 302  # to the login
    client.force_login(member_officer())
    assert client.get(reverse("scheduled_work")).status_code == 403
    assert client.post(reverse("scheduled_work_run", args=["reminders-scan"])).status_code == 403
    assert not PeriodicRun.objects.exists()


def test_the_dashboard_links_to_it(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    assert reverse("scheduled_work") in client.get(reverse("dashboard")).content.decode()


def test_the_page_shows_jobs_runs_failures_and_liveness_in_constant_queries(  # type: ignore[no-untyped-def]
    client: Client, staff, django_assert_num_queries
) -> None:
    now = timezone.now()
    scheduling.heartbeat_record(component="beat", now=now - timedelta(seconds=20))
    for minute in range(3):
        PeriodicRun.objects.create(
            job="reminders-scan",
            period=f"2026-11-30T10:0{minute}",
            trigger="schedule",
            outcome="partial",
            started_at=now,
            due=23,
            sent=22,
            skipped=0,
            failed=1,
        )
    scheduling.failure_record(
        job="reminders-scan",
        record="wg.mandate_ending · wg:7 → chair@example.org",
        reason="BadHeaderError('Header values cannot contain newlines')",
        now=now,
    )
    # session, user, two-factor, staff check; last runs, running, failures, failed runs, beats
    with django_assert_num_queries(9):
        response = client.get(reverse("scheduled_work"))
    content = response.content.decode()
    for job in ("portal-heartbeat", "reminders-scan", "fees-suspensions-daily"):
        assert f'id="job-{job}"' in content
    assert "every 5 minutes" in content and "daily at 00:15" in content
    assert ">23<" in content and ">22<" in content
    assert "chair@example.org" in content and "BadHeaderError" in content
    assert 'beat</strong>:\n      <span class="badge text-bg-success">alive' in content
    assert 'worker</strong>:\n      <span class="badge text-bg-danger">not seen' in content


def test_run_now_runs_the_job_once_and_is_refused_while_it_runs(  # type: ignore[no-untyped-def]
    client: Client, staff, django_capture_on_commit_callbacks
) -> None:
    url = reverse("scheduled_work_run", args=["portal-heartbeat"])
    with pytest.MonkeyPatch.context() as patch:
        queued: list[tuple[str, int]] = []
        patch.setattr("aer_portal.views.periodic_run.delay", lambda *args: queued.append(args))
        with django_capture_on_commit_callbacks(execute=True):
            with_commit = client.post(url, follow=True)
        assert "will run in a moment" in with_commit.content.decode()
        refused = client.post(url, follow=True).content.decode()
        assert "is running now" in refused
    run = PeriodicRun.objects.get()
    assert (run.trigger, run.requested_by, run.outcome) == ("manual", staff, "queued")
    assert periodic_run(*queued[0]) == "succeeded"
    run.refresh_from_db()
    assert run.outcome == "succeeded"
    assert (
        client.get(reverse("scheduled_work")).content.decode().count("run now by sam@aer.eu") == 1
    )


def test_run_now_of_an_unknown_job_changes_nothing(client: Client, staff) -> None:  # type: ignore[no-untyped-def]
    response = client.post(reverse("scheduled_work_run", args=["nothing"]), follow=True)
    assert "no scheduled job named nothing" in response.content.decode()
    assert not PeriodicRun.objects.exists()
