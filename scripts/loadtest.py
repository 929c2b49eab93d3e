"""`make loadtest`: an online vote of a virtual General Assembly against the production topology.

Starts gunicorn with the production settings (the README's worker count) on PostgreSQL and
Redis, prepares 200 delegates with logged-in sessions, and runs an election round, a secret
motion vote and an Executive Board review of a working-group proposal (40 Board members); see
tests/loadtest/harness.py. Prints requests, errors, median and p95 per request type and the
counts, and exits 1 on any error or miscount.

Environment: LOADTEST_DATABASE_URL (PostgreSQL; its data are replaced, default
postgres://postgres@127.0.0.1:5432/aer_loadtest, created when missing), LOADTEST_REDIS_URL
(default redis://127.0.0.1:6379/14), LOADTEST_PORT (8000), WEB_CONCURRENCY (gunicorn workers,
default 2 x cores + 1). Options: --delegates, --board, --window.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent


def ensure_database(url: str) -> None:
    """Creates the PostgreSQL database named in ``url`` when it does not exist."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delegates", type=int, default=200)
    parser.add_argument("--board", type=int, default=40)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--desk", type=int, default=5)
    parser.add_argument("--window", type=float, default=10.0)
    args = parser.parse_args()

    database_url = os.environ.get(
        "LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/aer_loadtest"
    )
    if not database_url.startswith(("postgres://", "postgresql://")):
        print("LOADTEST_DATABASE_URL must name a PostgreSQL database.", file=sys.stderr)
        return 2
    redis_url = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    ensure_database(database_url)

    # The data are written by this process with the test settings (fast password hashing)
    # into the database the server uses.
    sys.path.insert(0, str(BASE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = "aer_portal.settings.test"
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from tests.loadtest import harness

    print("Preparing the database (migrate, flush) ...", flush=True)
    call_command("migrate", "--noinput", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    workers = int(os.environ.get("WEB_CONCURRENCY") or harness.recommended_workers())
    server = harness.Server(
        database_url=database_url,
        redis_url=redis_url,
        port=int(os.environ.get("LOADTEST_PORT", "8000")),
        ballot_key=settings.BALLOT_KEY,
        secret_key=settings.SECRET_KEY,
        static_root=BASE_DIR / "staticfiles",
        workers=workers,
    )
    plan = harness.Plan(
        delegates=args.delegates,
        board=args.board,
        readers=args.readers,
        desk=args.desk,
        window=args.window,
    )
    print(f"Running: {plan} against gunicorn ({workers} workers) ...", flush=True)
    outcomes = harness.run_all(server, plan)
    print(harness.report(outcomes, workers=workers))
    return 0 if all(o.ok for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
