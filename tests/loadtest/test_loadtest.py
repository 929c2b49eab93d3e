"""The reduced load test of CI (issue 19): 40 delegates, 10 Board members, the real topology.

gunicorn with the production settings (tests/loadtest/settings_ci.py: only the static files are
not compressed), this test's PostgreSQL database and Redis. Fails on any error or miscount
(an answer that is not the expected one, a vote lost or counted twice, a receipt not counted,
a double submission giving two votes), never on timing. `make loadtest` runs the full size.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection

from tests.loadtest import harness

pytestmark = [pytest.mark.postgres, pytest.mark.worker, pytest.mark.django_db(transaction=True)]

REDIS_URL = os.environ.get("AER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), 1):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


def test_a_reduced_general_assembly_votes_at_once_and_every_vote_counts(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the load test needs PostgreSQL (set DATABASE_URL; CI does)")
    if not _redis_answers(REDIS_URL):
        pytest.skip(f"no Redis answers at {REDIS_URL} (CI provides one)")
    static_root = Path(tmp_path_factory.getbasetemp()) / "loadtest-static"
    server = harness.Server(
        database_url=_database_url(),
        redis_url=REDIS_URL,
        port=int(os.environ.get("AER_TEST_LOADTEST_PORT") or _free_port()),
        ballot_key=settings.BALLOT_KEY,
        secret_key=settings.SECRET_KEY,
        static_root=static_root,
        workers=3,
        settings_module="tests.loadtest.settings_ci",
    )
    plan = harness.Plan(delegates=40, board=10, readers=5, desk=2, window=6.0)

    outcomes = harness.run_all(server, plan)

    text = harness.report(outcomes, workers=server.workers)
    print(text)
    assert [o.name for o in outcomes] == [
        "election round",
        "secret motion vote",
        "Executive Board review",
    ]
    for outcome in outcomes:
        assert outcome.stats.error_count == 0, text
        assert outcome.problems == [], text
        assert outcome.stats.requests > outcome.voters, text
