"""Suite-wide guards: a test fails on any logged error, undefined template variable, or
refusal whose sentence starts with a Python name or names a database constraint.

Naive datetimes fail through pyproject's filterwarnings (Django warns when one reaches a
DateTimeField); undefined template variables through the test settings' string_if_invalid.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from tests.migrated_database import load_into, migrated_sqlite_file

# A loaded CI machine (or parallel workers) must not turn a slow example into a failure:
# property tests check what is true, never how fast.
hypothesis_settings.register_profile("portal", deadline=None)
hypothesis_settings.load_profile("portal")

# Factories are fixtures-free; importing here registers nothing but keeps one import path.
pytest_plugins: list[str] = []


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's, which reads the groups given here
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With parallel workers (`make test` runs pytest-xdist with `--dist loadgroup`), the tests
    that start a real Celery worker share one Redis database and fixed ports: they run one after
    the other on the same worker.

    The tests that wait on real processes or a browser (the embedded run's beat, which waits
    for three one-minute periods, the real-worker group on PostgreSQL and Redis, the browser
    crawls) go first: handed out last, they ran alone at the end while the other workers
    stood idle."""
    for item in items:
        if item.get_closest_marker("worker"):
            item.add_marker(pytest.mark.xdist_group("redis-and-fixed-ports"))
    items.sort(key=_waits_first)


def _waits_first(item: pytest.Item) -> int:
    if item.get_closest_marker("worker") or item.get_closest_marker("embedded"):
        return 0
    return 1 if item.get_closest_marker("browser") else 2


if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":

    @pytest.fixture(scope="session")
    def django_db_setup(
        django_test_environment: None,
        django_db_blocker: Any,
        django_db_modify_db_settings: None,
        tmp_path_factory: pytest.TempPathFactory,
        worker_id: str,
    ) -> Iterator[None]:
        """pytest-django's test database, the migrations replaced by a copy of the run's
        migrated database (`tests/migrated_database.py`); the steps are Django's
        `create_test_db` and `destroy_test_db` for SQLite. PostgreSQL (CI) keeps
        pytest-django's own fixture."""
        from django.core.management import call_command
        from django.db import connection

        migrated = migrated_sqlite_file(tmp_path_factory, worker_id)
        creation = connection.creation
        old_name = connection.settings_dict["NAME"]
        with django_db_blocker.unblock():
            test_name = creation._get_test_db_name()
            creation._create_test_db(verbosity=0, autoclobber=True)
            connection.close()
            settings.DATABASES[connection.alias]["NAME"] = test_name
            connection.settings_dict["NAME"] = test_name
            connection.ensure_connection()
            load_into(connection.connection, migrated)
            call_command("createcachetable", database=connection.alias, verbosity=0)
        yield
        with django_db_blocker.unblock():
            creation.destroy_test_db(old_name, verbosity=0)


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_logged_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Any ERROR log during a test fails it, unless the test is marked `allow_error_logs`."""
    collector = _ErrorCollector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    if request.node.get_closest_marker("allow_error_logs"):
        return
    if collector.records:
        lines = "\n".join(f"{r.name}: {r.getMessage()}" for r in collector.records)
        pytest.fail(f"The test logged errors:\n{lines}", pytrace=False)


@pytest.fixture(autouse=True)
def _english_by_default(settings: object) -> None:
    """Tests read English unless they switch language themselves."""
    from django.utils import translation

    translation.activate("en")


# "first_meeting_starts_at: ..." or Django's "Constraint “relative_gdp_positive” is violated."
PYTHON_NAME_FIRST = re.compile(r"^[a-z_][a-z0-9_]*\s?:")
CONSTRAINT_NAMED = re.compile(r"[Cc]onstraint “[a-z0-9_]+”")


def unreadable_refusal(message: str) -> bool:
    """Whether a refusal a person reads starts with a Python name or names a constraint."""
    return bool(PYTHON_NAME_FIRST.match(message) or CONSTRAINT_NAMED.search(message))


@pytest.fixture(autouse=True)
def fail_on_unreadable_refusals(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every DomainError raised while a test runs carries a sentence a person reads; its field
    travels apart (aer_portal.errors)."""
    from aer_portal.errors import DomainError

    seen: list[str] = []
    original = DomainError.__init__

    def recording(self: DomainError, message: str, *args: Any, **kwargs: Any) -> None:
        seen.append(str(message))
        original(self, message, *args, **kwargs)

    monkeypatch.setattr(DomainError, "__init__", recording)
    yield
    bad = [message for message in seen if unreadable_refusal(message)]
    if bad:
        pytest.fail("Refusals that start with a Python name:\n" + "\n".join(bad), pytrace=False)


@pytest.fixture(autouse=True)
def clear_cache() -> Iterator[None]:
    """Each test starts and ends with an empty cache: the ballot pages cache a voter's
    eligibility and a round's candidates for the round (elections.selectors.voting)."""
    from django.core.cache import cache

    cache.clear()
    yield
    # A test may have pointed the cache at a server that is gone (tests/aer_portal/test_health);
    # the next test's clear() runs on the settings restored by then.
    with contextlib.suppress(Exception):
        cache.clear()
