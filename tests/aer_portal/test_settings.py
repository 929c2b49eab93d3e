"""Production settings refuse to start half-configured and pass Django's deploy checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRET = "a-production-secret-that-is-long-and-random-enough-0123456789abcdef"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The browser tests allow async-unsafe calls in this process; a deployment never does.
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "aer_portal.settings.production",
            "DATABASE_URL": "sqlite:///:memory:",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [({"ALLOWED_HOSTS": "portal.aer.eu"}, "SECRET_KEY"), ({"SECRET_KEY": SECRET}, "ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without(env: dict[str, str], missing: str) -> None:
    result = _manage("check", **env)
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_check_deploy_prints_no_warning() -> None:
    issuer = {
        "FEES_IBAN": "BE71 0961 2345 6769",
        "FEES_BIC": "GKCCBEBB",
        "FEES_ISSUER_STREET": "Rue de la Loi 1",
        "FEES_ISSUER_CITY": "Brussels",
        "FEES_ISSUER_COUNTRY": "BE",
    }
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="a.eu",
        **issuer,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_every_setting_read_from_the_environment_is_in_env_example() -> None:
    import re

    names: set[str] = set()
    for path in (ROOT / "aer_portal" / "settings").glob("*.py"):
        names |= set(re.findall(r'env(?:\.\w+)?\(\s*"([A-Z_]+)"', path.read_text()))
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert names - documented == set(), "settings missing from .env.example"


def test_env_example_lists_each_setting_once() -> None:
    names = re.findall(r"^#?\s*([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M)
    assert [name for name, count in Counter(names).items() if count > 1] == []


def test_postgresql_connections_plan_for_data_held_in_memory() -> None:
    """Each PostgreSQL connection asks the planner to price a read by key as the data in
    memory costs it (random_page_cost 1.1, not the default 4 of spinning disks)."""
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    result = _manage(
        "shell",
        "-c",
        code,
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="portal.aer.eu",
        DATABASE_URL="postgres://portal@db.example:5432/aer",
    )
    assert result.returncode == 0, result.stderr
    assert "'options': '-c random_page_cost=1.1'" in result.stdout


@pytest.mark.django_db
def test_the_database_connection_uses_that_cost() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting (CI runs on PostgreSQL)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
