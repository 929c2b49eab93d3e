"""/healthz tells the truth about database, cache, broker, worker and beat; no 500 without cache."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aer_portal import scheduling
from aer_portal.celery import app
from tests.factories import member_officer

pytestmark = pytest.mark.django_db

#: Nothing listens on port 1.
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def with_broker(tmp_path: Path) -> Iterator[None]:
    """Tasks go through the embedded broker (as in `make run`), not in-process."""
    before = {
        key: app.conf[key]
        for key in ("task_always_eager", "broker_url", "broker_transport_options")
    }
    folder = str(tmp_path)
    app.conf.update(
        task_always_eager=False,
        broker_url="filesystem://",
        broker_transport_options={
            "data_folder_in": folder,
            "data_folder_out": folder,
            "control_folder": folder,
        },
    )
    yield
    app.conf.update(before)


def test_in_process_mode_is_healthy(client: Client) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert set(body) == {"status", "database", "cache", "broker", "worker", "beat"}


@pytest.mark.allow_error_logs  # Django logs every 5xx answer.
@pytest.mark.usefixtures("with_broker")
def test_a_stopped_worker_or_beat_makes_healthz_503(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["worker"] == {"status": "down", "heartbeat_age": None}
    now = timezone.now()
    scheduling.heartbeat_record(component="worker", now=now - timedelta(seconds=30))
    scheduling.heartbeat_record(component="beat", now=now - timedelta(seconds=500))
    body = client.get("/healthz").json()
    assert body["worker"]["status"] == "up" and body["broker"]["status"] == "up"
    assert body["beat"] == {"status": "down", "heartbeat_age": 500}
    scheduling.heartbeat_record(component="beat", now=now)
    assert client.get("/healthz").status_code == 200


@pytest.mark.allow_error_logs  # Django logs every 5xx answer.
def test_the_heartbeat_task_records_what_healthz_reads(client: Client, with_broker) -> None:  # type: ignore[no-untyped-def]
    from aer_portal.tasks import heartbeat

    scheduling.heartbeat_record(component="beat", now=timezone.now())
    assert client.get("/healthz").json()["worker"]["status"] == "down"
    heartbeat()
    assert client.get("/healthz").json()["worker"]["status"] == "up"


@pytest.mark.allow_error_logs  # Django logs every 5xx answer.
def test_an_unreachable_broker_makes_healthz_503(client: Client, with_broker) -> None:  # type: ignore[no-untyped-def]
    app.conf.broker_url = UNREACHABLE_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"]["status"] == "down"


def _redis_cache(settings, backend: str) -> None:  # type: ignore[no-untyped-def]
    settings.CACHES = {
        **settings.CACHES,  # the "fragments" cache of the navigation stays
        "default": {
            "BACKEND": backend,
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1},
        },
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.mark.allow_error_logs  # Django logs every 5xx answer.
def test_django_s_own_redis_cache_turned_a_redis_outage_into_a_500(  # type: ignore[no-untyped-def]
    client: Client, settings
) -> None:
    client.force_login(member_officer())
    _redis_cache(settings, "django.core.cache.backends.redis.RedisCache")
    with pytest.raises(redis.exceptions.ConnectionError):
        client.get(reverse("dashboard"))


@pytest.mark.allow_error_logs  # Django logs every 5xx answer.
def test_a_logged_in_page_answers_when_the_cache_is_down_and_healthz_says_so(  # type: ignore[no-untyped-def]
    client: Client, settings
) -> None:
    client.force_login(member_officer())
    _redis_cache(settings, "aer_portal.cache.ResilientRedisCache")
    assert client.get(reverse("dashboard")).status_code == 200
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == {"status": "down"}
    assert client.get("/healthz?scope=web").status_code == 503


def test_the_web_scope_checks_only_database_and_cache(client: Client, with_broker) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz?scope=web")
    assert response.status_code == 200
    assert set(response.json()) == {"status", "database", "cache"}


def test_production_settings_use_the_resilient_cache() -> None:
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "aer_portal.settings.production",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "portal.aer.eu",
        "CACHE_URL": "redis://redis:6379/1",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings as s;"
            " print(s.CACHES['default']['BACKEND'], s.EMAIL_FILE_PATH)",
        ],
        env={**env, "EMAIL_FILE_PATH": "/srv/aer/mail"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == ["aer_portal.cache.ResilientRedisCache", "/srv/aer/mail"]
