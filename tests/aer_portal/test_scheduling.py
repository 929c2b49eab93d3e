"""Periodic jobs run once per period whatever beat does; runs and failures are recorded."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from aer_portal import scheduling
from aer_portal.errors import DomainError
from aer_portal.models import Heartbeat, PeriodicRun
from aer_portal.scheduling import PeriodicJob, periodic_job
from aer_portal.tasks import periodic_run
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _at(text: str):  # type: ignore[no-untyped-def]
    return timezone.make_aware(timezone.datetime.fromisoformat(text))


def test_periods_follow_the_schedule() -> None:
    every_five = PeriodicJob(name="x", task="t", minutes=5)
    assert every_five.period(_at("2026-11-30 10:04:30")) == "2026-11-30T10:00"
    # A task that arrives a moment before the minute belongs to the coming period.
    assert every_five.period(_at("2026-11-30 10:04:58")) == "2026-11-30T10:05"
    assert every_five.next_run(_at("2026-11-30 10:07:00")) == _at("2026-11-30 10:10")
    daily = PeriodicJob(name="y", task="t", daily_at=(0, 15))
    assert daily.period(_at("2026-11-30 00:10")) == "2026-11-29T00:15"
    assert daily.period(_at("2026-11-30 23:59")) == "2026-11-30T00:15"
    assert daily.next_run(_at("2026-11-30 09:00")) == _at("2026-12-01 00:15")


def test_a_restarted_or_doubled_beat_runs_each_job_once_per_period() -> None:
    with time_machine.travel(_at("2026-11-30 10:05:01"), tick=False):
        assert periodic_run("portal-heartbeat") == "succeeded"
        # beat restarted one run behind, or a second beat: the same period again.
        assert periodic_run("portal-heartbeat") == "skipped"
        assert periodic_run("reminders-scan") == "succeeded"
        assert periodic_run("reminders-scan") == "skipped"
    with time_machine.travel(_at("2026-11-30 10:06:01"), tick=False):
        assert periodic_run("portal-heartbeat") == "succeeded"
        assert periodic_run("reminders-scan") == "skipped"  # every five minutes
    assert PeriodicRun.objects.filter(job="portal-heartbeat").count() == 2
    run = PeriodicRun.objects.get(job="reminders-scan")
    assert (run.period, run.outcome, run.due, run.failed) == (
        "2026-11-30T10:05",
        "succeeded",
        0,
        0,
    )
    assert run.finished_at is not None
    assert Heartbeat.objects.get(component="worker").seen_at == _at("2026-11-30 10:06:01")


@pytest.mark.allow_error_logs
def test_a_job_that_raises_is_recorded_as_failed(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def boom() -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr("aer_portal.tasks.heartbeat.run", boom)
    assert periodic_run("portal-heartbeat") == "failed"
    run = PeriodicRun.objects.get()
    assert run.outcome == "failed" and "database gone" in run.error


def test_run_now_is_audited_refused_while_running_and_idempotent() -> None:
    staff = UserFactory(is_staff=True)
    now = timezone.now()
    run = scheduling.run_request(job_name="reminders-scan", actor=staff, now=now)
    assert (run.trigger, run.outcome, run.requested_by) == ("manual", "queued", staff)
    with pytest.raises(DomainError, match="running now"):
        scheduling.run_request(job_name="reminders-scan", actor=staff, now=now)
    assert periodic_run("reminders-scan", run.pk) == "succeeded"
    assert periodic_run("reminders-scan", run.pk) == "skipped"  # a redelivered message
    with pytest.raises(DomainError, match="this minute already"):
        scheduling.run_request(job_name="reminders-scan", actor=staff, now=now)
    with pytest.raises(DomainError, match="no scheduled job"):
        scheduling.run_request(job_name="nothing", actor=staff, now=now)


def test_a_run_whose_worker_died_is_abandoned_after_the_time_limit(settings) -> None:  # type: ignore[no-untyped-def]
    staff = UserFactory(is_staff=True)
    now = timezone.now()
    scheduling.run_request(job_name="reminders-scan", actor=staff, now=now)
    later = now + periodic_job("reminders-scan").stale_after + timedelta(minutes=1)
    PeriodicRun.objects.update(requested_at=now)
    assert scheduling.run_request(job_name="reminders-scan", actor=staff, now=later)
    assert PeriodicRun.objects.filter(outcome="abandoned").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_beats_sending_at_once_run_the_job_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (CI)")
    barrier = threading.Barrier(8)
    results: list[str] = []

    def run() -> None:
        from django.db import connections

        try:
            barrier.wait()
            results.append(periodic_run("reminders-scan"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["skipped"] * 7 + ["succeeded"]
    assert PeriodicRun.objects.count() == 1
