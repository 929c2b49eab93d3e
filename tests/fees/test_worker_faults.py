"""Nothing scheduled is ever lost, run as production runs: gunicorn with production
settings, PostgreSQL, a Redis of the test's own, a real Celery worker and one beat.

A fee call of 50 invoices is confirmed through gunicorn; halfway through its delivery the
worker is killed with SIGKILL (and a new one started), or the broker is stopped (and a write
made while it is down, then the broker started again, empty), or beat is killed and restarted
beside a second beat started by mistake. Within a few minutes every
invoice has exactly one PDF, every e-mail left exactly once, and nothing is left queued.

Needs PostgreSQL (DATABASE_URL) and a `redis-server` binary; skipped otherwise. The Redis is
private (AER_TEST_FAULT_REDIS_PORT, 8709 by default) because the test stops it.
"""

from __future__ import annotations

import contextlib
import email
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from fees.models import Invoice
from fees.selectors.calls import fee_call_preview
from governance.models import PendingTask
from tests.factories import staff_user, with_totp
from tests.fees.factories import fee_decision, paying_member

pytestmark = [
    pytest.mark.worker,
    pytest.mark.postgres,
    pytest.mark.allow_error_logs,  # the stopped broker is logged as an error by Celery
    pytest.mark.django_db(transaction=True),
]

REDIS_PORT = int(os.environ.get("AER_TEST_FAULT_REDIS_PORT", "8709"))
WEB_PORT = int(os.environ.get("AER_TEST_FAULT_WEB_PORT", "8701"))
INVOICES = 50
DEADLINE = 180  # seconds for everything to be done after the fault


def _port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), 0.5):
            return True
    except OSError:
        return False


def _listeners(ports: list[int]) -> str:
    """Which processes listen on these ports (`ss`), to say why a scenario could not start."""
    if shutil.which("ss") is None:
        return "unknown (no ss)"
    lines = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True).stdout.splitlines()
    return "; ".join(
        line.split(None, 5)[-1]
        for line in lines
        if any(line.split()[3].endswith(f":{port}") for port in ports)
    )


def _wait(what: str, check: Callable[[], bool], timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.5)
    raise AssertionError(f"not within {timeout:.0f} s: {what}")


@dataclass
class Stack:
    tmp: Path
    env: dict[str, str]
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, command: list[str]) -> None:
        log = (self.tmp / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
            cwd=settings.BASE_DIR,
        )

    def redis(self) -> None:
        self.start(
            "redis",
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
        )
        _wait("redis answers", lambda: _port_answers(REDIS_PORT), 20)

    def worker(self) -> None:
        self.start(
            "worker",
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "aer_portal",
                "worker",
                "--pool=prefork",
                "--concurrency=2",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
            ],
        )

    def beat(self, name: str = "beat") -> None:
        """One beat, with its own schedule file (kept across a restart, as a crash leaves it)."""
        self.start(
            name,
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "aer_portal",
                "beat",
                "--loglevel=INFO",
                "-s",
                str(self.tmp / f"{name}-schedule"),
            ],
        )

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Sends `sig` to the process's group; one that has not ended 30 s later is killed.

        A worker's warm shutdown waits for the PDF it is rendering and gunicorn's for its
        requests: when that took longer than the wait, the timeout used to end `stop_all`
        before the broker was stopped, and the next scenario found its port taken."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)

    def stop_all(self) -> None:
        """Stops every process, the broker last, and waits (30 s at most) for both ports to be
        free."""
        for name in sorted(self.processes, key=lambda name: name == "redis"):
            self.kill(name, signal.SIGTERM if name != "redis" else signal.SIGKILL)
        with contextlib.suppress(AssertionError):  # the next scenario waits and says so
            _wait(
                "the ports to be free",
                lambda: not (_port_answers(REDIS_PORT) or _port_answers(WEB_PORT)),
                30,
            )


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    if connection.vendor != "postgresql":
        pytest.skip("the processes share the test database only on PostgreSQL (CI)")
    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server binary to run a private broker (CI installs one)")
    # The previous scenario's gunicorn may still be finishing its graceful shutdown.
    deadline = time.monotonic() + 60
    while _port_answers(REDIS_PORT) or _port_answers(WEB_PORT):
        if time.monotonic() > deadline:
            taken = [port for port in (REDIS_PORT, WEB_PORT) if _port_answers(port)]
            pytest.skip(f"port {taken} is taken by: {_listeners(taken)}")
        time.sleep(1)
    db = connection.settings_dict
    (tmp_path / "mail").mkdir()
    broker = f"redis://127.0.0.1:{REDIS_PORT}/0"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.fees.fault_settings",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "SECRET_KEY": settings.SECRET_KEY,  # the test signs the staff session with it
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "CACHE_URL": "locmemcache://fault-test",
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": "",
        "CELERY_TASK_TIME_LIMIT": "20",
        "CELERY_TASK_SOFT_TIME_LIMIT": "15",
        "CELERY_VISIBILITY_TIMEOUT": "30",
        "PENDING_WORK_SCAN_SECONDS": "5",
        "PENDING_WORK_RESTART_SECONDS": "30",
        "PENDING_WORK_REQUEUE_SECONDS": "20",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path / "mail"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONUNBUFFERED": "1",
        # Production refuses to invoice without the issuer's real bank details (fees.checks).
        "FEES_IBAN": "BE71 0961 2345 6769",
        "FEES_BIC": "GKCCBEBB",
        "FEES_ISSUER_STREET": "Rue de la Loi 1",
        "FEES_ISSUER_POSTCODE": "1000",
        "FEES_ISSUER_CITY": "Brussels",
        "FEES_ISSUER_COUNTRY": "BE",
    }
    stack = Stack(tmp_path, env)
    try:
        stack.redis()
        stack.start(
            "web",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "aer_portal.wsgi",
                "-b",
                f"127.0.0.1:{WEB_PORT}",
                "-w",
                "2",
                "--timeout",
                "60",
            ],
        )
        stack.worker()
        stack.beat()
        _wait("gunicorn answers", lambda: _port_answers(WEB_PORT), 60)
        yield stack
    finally:
        stack.stop_all()
        for name in ("web", "worker", "beat", "beat2"):
            log = tmp_path / f"{name}.log"
            if log.exists():
                sys.stderr.write(f"--- {name}.log (end) ---\n{log.read_text()[-3000:]}\n")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    text: str


def _http(path: str, cookie: str, data: dict[str, str] | None = None) -> Answer:
    """One request to gunicorn, redirects not followed (the standard library only)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{WEB_PORT}{path}",
        data=urllib.parse.urlencode(data).encode() if data is not None else None,
        headers={"Cookie": cookie},
    )
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=60) as response:
            return Answer(response.status, response.headers, response.read().decode())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers, error.read().decode())


def _staff_session() -> str:
    """The session cookie of a staff member with two-factor, logged in through the shared
    database (the test signs it with the same SECRET_KEY as the processes)."""
    client = Client()
    client.force_login(with_totp(staff_user()))
    return f"sessionid={client.cookies['sessionid'].value}"


def _post_form(session: str, page_path: str, action: str, data: dict[str, str]) -> Answer:
    """Gets the page for its CSRF token (the cookies are Secure: sent by hand over HTTP) and
    posts the form to ``action``."""
    page = _http(page_path, session)
    assert page.status == 200, page.status
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    cookies = [c.split(";", 1)[0] for c in page.headers.get_all("Set-Cookie") or []]
    csrf = next(c for c in cookies if c.startswith("csrftoken="))
    return _http(action, f"{session}; {csrf}", {**data, "csrfmiddlewaretoken": token.group(1)})


def _call(year: int) -> list[str]:
    """Fifty members to invoice; returns their billing contacts' addresses."""
    fee_decision(year)
    members = [
        paying_member(name=f"Region {n:02d}", statistics_year=year - 1) for n in range(INVOICES)
    ]
    return [m.people.get().email.lower() for m in members]


def _confirm(session: str, year: int) -> None:
    preview = fee_call_preview(year=year, on=timezone.localdate())
    assert len(preview.to_invoice) == INVOICES
    path = f"/fees/calls/{year}/issue/"
    response = _post_form(
        session, path, path, {"count": str(INVOICES), "total": str(preview.total_to_invoice)}
    )
    assert response.status == 302, response.text[:500]
    assert response.headers["Location"].endswith(f"/fees/calls/{year}/progress/")


def _mails(folder: Path) -> Counter[tuple[str, str]]:
    """(invoice number, recipient) of every e-mail the worker wrote, counted."""
    sent: Counter[tuple[str, str]] = Counter()
    for path in folder.iterdir():
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            message = email.message_from_bytes(chunk)
            number = re.search(r"invoice (\d{4}-\d{4})", str(message["Subject"]))
            if number:
                sent[(number.group(1), str(message["To"]).lower())] += 1
    return sent


def _queued() -> int:
    import redis

    client = redis.Redis(port=REDIS_PORT, socket_connect_timeout=1)
    try:
        return int(client.llen("celery")) + int(client.hlen("unacked"))
    except redis.RedisError:
        return -1


def _everything_done(stack: Stack, expected: set[tuple[str, str]], extra: int = 0) -> None:
    invoices = Invoice.objects.all()

    def done() -> bool:
        return (
            not PendingTask.objects.filter(done_at__isnull=True).exists()
            and invoices.filter(pdf="").count() == 0
            and _queued() == 0
        )

    try:
        _wait("every pending task done and nothing queued", done, DEADLINE)
    except AssertionError:
        left = list(PendingTask.objects.filter(done_at__isnull=True).values("label", "error"))
        raise AssertionError(f"left: {left[:10]}, queued {_queued()}") from None
    count = invoices.count()
    assert count == INVOICES + extra
    # Exactly one PDF per invoice: stored, and no second file beside it.
    files = list((Path(stack.env["MEDIA_ROOT"]) / "invoices").rglob("*.pdf"))
    assert len(files) == count
    assert {Path(i.pdf.path) for i in invoices} == set(files)
    # Exactly one e-mail per invoice and billing contact.
    sent = _mails(Path(stack.env["EMAIL_FILE_PATH"]))
    assert set(sent) == expected and set(sent.values()) == {1}, sent.most_common(3)


def test_a_worker_killed_with_sigkill_halfway_loses_no_pdf_and_sends_no_e_mail_twice(
    stack: Stack,
) -> None:
    year = timezone.localdate().year
    recipients = _call(year)
    _confirm(_staff_session(), year)
    _wait("half the PDFs", lambda: Invoice.objects.exclude(pdf="").count() >= INVOICES // 2, 120)
    stack.kill("worker")  # SIGKILL to the worker and its pool: tasks die mid-flight
    killed_at = Invoice.objects.exclude(pdf="").count()
    assert killed_at < INVOICES, "the worker finished before it could be killed"
    stack.worker()
    numbers = Invoice.objects.order_by("member__name").values_list("number", flat=True)
    _everything_done(stack, set(zip(numbers, recipients, strict=True)))


def test_the_broker_stopped_during_the_call_delays_the_work_and_loses_none(stack: Stack) -> None:
    year = timezone.localdate().year
    recipients = _call(year)
    session = _staff_session()
    _confirm(session, year)
    _wait("a few PDFs", lambda: Invoice.objects.exclude(pdf="").count() >= 5, 120)
    stack.kill("redis")  # the broker goes away, with every message it held
    # A write that schedules work answers while the broker is down (it answered 500).
    first = Invoice.objects.filter(year=year).order_by("number").first()
    assert first is not None
    response = _post_form(
        session,
        f"/fees/calls/{year}/programmes/",
        f"/fees/calls/{year}/programmes/",
        {"member": str(first.member_id), "programme": "summer_academy"},
    )
    assert response.status == 302, response.text[:500]
    programme = Invoice.objects.get(kind=Invoice.Kind.PROGRAMME)
    time.sleep(3)
    stack.redis()  # back, and empty: what it held is published again from the database
    numbers = dict(Invoice.objects.filter(kind="annual").values_list("member__name", "number"))
    expected = {(numbers[f"Region {n:02d}"], recipients[n]) for n in range(INVOICES)}
    expected.add((programme.number, programme.member.people.get().email.lower()))
    _everything_done(stack, expected, extra=1)


def _scheduled_periods(job: str) -> list[str]:
    from aer_portal.models import PeriodicRun

    return list(
        PeriodicRun.objects.filter(job=job, trigger=PeriodicRun.Trigger.SCHEDULE)
        .order_by("period")
        .values_list("period", flat=True)
    )


def test_a_beat_killed_and_restarted_beside_a_second_beat_runs_each_job_once_per_period(
    stack: Stack,
) -> None:
    """Beat restarted after a crash (its schedule file one run behind) and a second beat started
    by mistake: every periodic job still runs once per period, none is skipped, and the call
    they overlap is delivered once."""
    from datetime import datetime

    year = timezone.localdate().year
    recipients = _call(year)
    _confirm(_staff_session(), year)
    _wait("a first heartbeat run", lambda: bool(_scheduled_periods("portal-heartbeat")), 120)
    stack.beat("beat2")  # a second beat, by mistake
    _wait("a few PDFs", lambda: Invoice.objects.exclude(pdf="").count() >= 5, 120)
    stack.kill("beat")  # SIGKILL: the schedule file is left as it was
    stack.beat()  # restarted with the stale file
    first = _scheduled_periods("portal-heartbeat")[0]
    _wait("three heartbeat periods", lambda: len(_scheduled_periods("portal-heartbeat")) >= 3, 240)
    numbers = Invoice.objects.order_by("member__name").values_list("number", flat=True)
    _everything_done(stack, set(zip(numbers, recipients, strict=True)))
    time.sleep(3)  # the last minute's duplicate messages reach the worker
    for job in ("portal-heartbeat", "pending-work-complete"):
        periods = _scheduled_periods(job)
        assert len(periods) == len(set(periods))
        minutes = [int(datetime.fromisoformat(p).timestamp() // 60) for p in periods]
        assert minutes == list(range(minutes[0], minutes[0] + len(minutes))), periods
    assert _scheduled_periods("portal-heartbeat")[0] == first
