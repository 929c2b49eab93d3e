"""What one request of the load test costs the web process: CPU time and queries (issue 19).

Measured one request at a time, inside one process with the production settings (as a gunicorn
worker runs), so the figures do not depend on how busy the machine is the way wall-clock times
do. Two steps, because the data are written with the test settings (fast password hashing):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/aer_cost \\
        .venv/bin/python -m tests.loadtest.cost prepare /tmp/cost.json
    .venv/bin/python -m tests.loadtest.cost measure /tmp/cost.json [--profile KIND]

``measure`` prints, per request type, the queries of one request and the median CPU time over
the delegates (each request is a different delegate); ``--profile`` prints the cProfile of one
request type, summed over the delegates.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CSRF = "c" * 32


def prepare(path: str, delegates: int = 25) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "aer_portal.settings.test"
    sys.path.insert(0, str(BASE_DIR))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from tests.loadtest import harness

    call_command("migrate", "--noinput", verbosity=0)
    call_command("flush", "--noinput", verbosity=0)
    data, round_id = harness.assembly(delegates=delegates, readers=5, desk=2)
    Path(path).write_text(
        json.dumps(
            {
                "database_url": os.environ["DATABASE_URL"],
                "secret_key": settings.SECRET_KEY,
                "ballot_key": settings.BALLOT_KEY,
                "round": round_id,
                "meeting": data.meeting_id,
                "delegates": data.delegates,
                "committee": data.committee,
                "readers": data.readers,
            }
        )
    )


def _environ(method: str, path: str, session: str, data: dict[str, str] | None) -> dict[str, Any]:
    body = urlencode({"csrfmiddlewaretoken": CSRF, **data}).encode() if data else b""
    return {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "HTTP_COOKIE": f"sessionid={session}; csrftoken={CSRF}",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }


def measure(path: str, profile: str | None = None) -> None:
    spec = json.loads(Path(path).read_text())
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "aer_portal.settings.production",
            "SECRET_KEY": spec["secret_key"],
            "BALLOT_KEY": spec["ballot_key"],
            "ALLOWED_HOSTS": "localhost",
            "DATABASE_URL": spec["database_url"],
            "CACHE_URL": os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/6"),
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_HSTS_SECONDS": "0",
            "STATIC_ROOT": str(BASE_DIR / "staticfiles"),
        }
    )
    sys.path.insert(0, str(BASE_DIR))
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from aer_portal.wsgi import application
    from elections.models import Round, RoundVoter, SealedBallot

    cache.clear()
    # Each run measures votes again: the delegates' votes of the last run go.
    box = Round.objects.get(pk=spec["round"]).ballot_box_id
    RoundVoter.objects.filter(round_id=spec["round"]).delete()
    SealedBallot.objects.filter(box_id=box).delete()
    rnd, meeting = spec["round"], spec["meeting"]
    vote = f"/elections/rounds/{rnd}/vote/"
    delegates = spec["delegates"]
    kinds: list[tuple[str, list[tuple[str, str, str, dict[str, str] | None]]]] = [
        ("empty page (secrecy)", [("GET", "/elections/secrecy/", s, None) for s in delegates]),
        ("ballot page", [("GET", vote, s, None) for s in delegates]),
        ("confirmation", [("POST", vote, s, {"choice": "1"}) for s in delegates]),
        ("cast", [("POST", vote, s, {"choice": "1", "confirm": "yes"}) for s in delegates]),
        ("turnout", [("GET", f"/elections/rounds/{rnd}/turnout/", spec["committee"][0], None)]),
        ("meeting page", [("GET", f"/meetings/{meeting}/", s, None) for s in spec["readers"]] * 2),
    ]
    kinds[4] = (kinds[4][0], kinds[4][1] * 10)

    def call(method: str, url: str, session: str, data: dict[str, str] | None) -> int:
        status: list[str] = []

        def start(s: str, headers: Any, exc_info: Any = None) -> Callable[[bytes], None]:
            status.append(s)
            return lambda b: None

        result = application(_environ(method, url, session, data), start)
        b"".join(result)
        getattr(result, "close", lambda: None)()
        return int(status[0].split()[0])

    # Warm up: imports, templates, the first connection.
    for method, url, session, data in [kinds[0][1][0], ("GET", vote, spec["readers"][0], None)]:
        call(method, url, session, data)
    print(f"{'request':24} {'status':>6} {'queries':>7} {'CPU median ms':>14} {'CPU p90 ms':>10}")
    for name, calls in kinds:
        times, queries, statuses = [], [], set()
        profiler = cProfile.Profile(time.process_time) if profile == name else None
        for method, url, session, data in calls:
            with CaptureQueriesContext(connection) as captured:
                if profiler:
                    profiler.enable()
                started = time.process_time()
                statuses.add(call(method, url, session, data))
                times.append(time.process_time() - started)
                if profiler:
                    profiler.disable()
            queries.append(len(captured))
        ordered = sorted(times)
        codes = ",".join(map(str, sorted(statuses)))
        median, p90 = statistics.median(times) * 1000, ordered[int(0.9 * len(ordered))] * 1000
        print(
            f"{name:24} {codes:>6} {statistics.median(queries):>7.0f} {median:>14.1f} {p90:>10.1f}"
        )
        if profiler:
            out = io.StringIO()
            order = os.environ.get("COST_SORT", "cumulative")
            pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(90)
            print(out.getvalue())


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(sys.argv[2])
    else:
        measure(sys.argv[2], sys.argv[4] if len(sys.argv) > 3 else None)
