"""The Celery app's configuration, and a real worker against Redis where one answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from django.conf import settings

from aer_portal.celery import app
from aer_portal.tasks import heartbeat
from tests.celery_client import sending_app

REDIS_URL = os.environ.get("AER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_a_sending_client_leaves_the_portal_s_app_current_for_later_tests() -> None:
    sending_app(REDIS_URL)

    assert heartbeat.app is app
    assert heartbeat.app.conf.task_always_eager is True


def test_the_app_is_configured_from_django_settings() -> None:
    conf = app.conf
    assert conf.accept_content == ["json"]
    assert conf.task_serializer == "json"
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    # Redis re-delivers unacknowledged tasks after the visibility timeout: longer than any task.
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit


def test_every_scheduled_task_exists() -> None:
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"beat entry {name} names an unknown task"
    for name, job in settings.PERIODIC_JOBS.items():
        assert job["task"] in app.tasks, f"periodic job {name} names an unknown task"
        assert settings.CELERY_BEAT_SCHEDULE[name]["args"] == (name,)


@pytest.mark.django_db
def test_without_a_broker_tasks_run_in_process() -> None:
    from aer_portal.tasks import heartbeat

    assert app.conf.task_always_eager is True
    assert heartbeat.delay().get() == "ok"


def _redis_answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 1):
            return True
    except OSError:
        return False


@pytest.fixture
def worker() -> Iterator[None]:
    """A real `celery worker` process on Redis, sharing the test database."""
    from django.db import connection

    if not _redis_answers(REDIS_URL):
        pytest.skip(f"no Redis answers at {REDIS_URL} (CI provides one)")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aer_portal.settings.test",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
        "AER_TEST_DATABASE_NAME": str(connection.settings_dict["NAME"]),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "aer_portal",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
    )
    try:
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_sent_through_redis(worker: None) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL (CI)")
    # A separate client app sends by name, as the web process does in production.
    client = sending_app(REDIS_URL)
    result = client.send_task("aer_portal.tasks.heartbeat", ignore_result=False)
    assert result.get(timeout=60) == "ok"


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "aer_portal.settings.test"}
    env.pop("CELERY_BROKER_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_the_worker_command_finds_the_app_and_its_tasks() -> None:
    # `celery -A aer_portal worker` resolves the app with find_app; the package no longer
    # imports Celery itself, so the app must be found in aer_portal.celery.
    result = _run_python(
        "from celery.app.utils import find_app\n"
        "app = find_app('aer_portal')\n"
        "app.loader.import_default_modules()\n"
        "print(app.main, 'aer_portal.tasks.heartbeat' in app.tasks, "
        "'fees.suspensions.update' in app.tasks)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["aer_portal", "True", "True"]


def test_the_celery_command_line_loads_the_app() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "aer_portal.settings.test"}
    result = subprocess.run(
        [sys.executable, "-m", "celery", "-A", "aer_portal", "report"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "aer_portal" in result.stdout


def test_django_start_up_loads_the_celery_app_for_shared_tasks() -> None:
    # The web process never imports aer_portal.celery by hand: Django's start-up must, or
    # shared_task would send through Celery's default app (an AMQP broker on localhost).
    result = _run_python(
        "import django\n"
        "django.setup()\n"
        "from celery import current_app\n"
        "from aer_portal.tasks import heartbeat\n"
        "print(current_app.main, heartbeat.app.main, heartbeat.app.conf.task_always_eager)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["aer_portal", "aer_portal", "True"]


def test_the_package_still_offers_celery_app() -> None:
    import aer_portal

    assert aer_portal.celery_app is app
