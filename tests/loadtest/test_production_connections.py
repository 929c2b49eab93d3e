"""Production keeps each worker's database connection between requests (found by the load test).

With CONN_MAX_AGE unset, every request of every gunicorn worker opened a new PostgreSQL
connection (a new server process) and closed it; under 200 voters that was measured cost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _production_database(**env: str) -> dict[str, object]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"CONN_MAX_AGE", "DJANGO_SETTINGS_MODULE"}
    }
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; "
        "print(json.dumps({k: d[k] for k in ('CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "aer_portal.settings.production",
            "SECRET_KEY": "a-production-secret-that-is-long-and-random-enough-0123456789",
            "ALLOWED_HOSTS": "portal.aer.eu",
            "DATABASE_URL": "postgres://aer:aer@db:5432/aer",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def test_production_keeps_database_connections_by_default() -> None:
    database = _production_database()
    assert database["CONN_MAX_AGE"] == 60
    assert database["CONN_HEALTH_CHECKS"] is True


def test_conn_max_age_can_still_be_set() -> None:
    assert _production_database(CONN_MAX_AGE="0")["CONN_MAX_AGE"] == 0


def test_the_redis_cache_builds_its_client_once() -> None:
    """Django's Redis cache built a new ``redis.Redis`` (and its ~170 response callbacks) on
    every get and set: about 0.3 ms of CPU each, five a ballot page (found by profiling the
    load test). The cache keeps one per connection pool; building it connects to nothing."""
    from aer_portal.cache import ResilientRedisCache

    cache = ResilientRedisCache("redis://127.0.0.1:6379/6", {})
    client = cache._cache.get_client(write=True)
    assert cache._cache.get_client(write=True) is client
    assert cache._cache.get_client() is client  # one server: reads use the same pool
