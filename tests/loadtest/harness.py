"""The load test of an online vote (issue 19): the production topology under a General Assembly.

Three votes, each against gunicorn started with the production settings, PostgreSQL and Redis:

- an election round (Procedures arts. 14, 15.9): every delegate loads the ballot, confirms (in
  the page's dialog; one in ten without JavaScript on the server's confirmation page) and
  casts one vote inside the window, while the Election Committee's desk polls the turnout every
  2 s and members reload the meeting page; the desk then closes the round (two steps) and every
  receipt is checked ("counted");
- a secret vote on a motion of the same General Assembly (governance.services.votes.vote_cast;
  confirmed in the meeting page's dialog, one voter in ten on the server's page), closed by
  the secretariat;
- the Executive Board's online review of a working-group proposal
  (working_groups.services.review.proposal_vote_cast).

In each, one voter double-submits: five confirming POSTs at once from two tabs, which must give
one vote; on the Board's review the same choice again is that vote, so all five are answered
"recorded" (aer_portal.ballots), with one ballot row. The people and their logged-in sessions
are written straight into the database (the login page is not what is measured). Any
unexpected answer is an error; the counts are checked in the database afterwards. ``run_all``
returns the report; timings are informative only.

Data are prepared with the test factories, so Django must be set up (test settings, pointing at
the same database as the server) before this module's functions are called.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT_RE = re.compile(r'id="receipt-code">\s*([^<\s]+)\s*<')
#: Seconds a request may take before it counts as an error.
TIMEOUT = 30.0
#: The request types of one voter who votes alone before the crowd: what the code costs
#: without queueing (on a machine busy with other work, the crowd's times are mostly queue).
ALONE = "alone: "


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Stats:
    """Every request's type, time and outcome, shared by the virtual users' threads."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors[kind].append(error)

    def fail(self, kind: str, error: str) -> None:
        """An error that is no single request's: e.g. two votes from one double submission."""
        with self.lock:
            self.times.setdefault(kind, [])
            self.errors[kind].append(error)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.times.values())

    @property
    def error_count(self) -> int:
        return sum(len(v) for v in self.errors.values())

    def rows(self) -> list[tuple[str, int, int, float, float]]:
        """(type, requests, errors, median ms, p95 ms) for each request type."""
        rows = []
        for kind, values in self.times.items():
            ordered = sorted(values) or [0.0]
            p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
            rows.append(
                (
                    kind,
                    len(values),
                    len(self.errors[kind]),
                    statistics.median(ordered) * 1000,
                    p95 * 1000,
                )
            )
        return rows


@dataclass
class Response:
    """What the virtual browser keeps of an answer."""

    status_code: int
    headers: dict[str, str]
    text: str


class Browser:
    """One person's browser: their session and CSRF cookies, no cookie jar (the production
    cookies are Secure and the test speaks plain HTTP to gunicorn, as a TLS proxy would).

    Plain ``http.client``, one connection per request (gunicorn's sync workers close it
    anyway): the client runs on the same cores as the server, and ``requests`` cost it about
    three times the CPU per request (README, Load test)."""

    def __init__(self, base: str, session_key: str, stats: Stats) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.stats = stats
        self.csrf_secret = secrets.token_hex(16)  # 32 characters, as Django's own
        self.cookie = f"sessionid={session_key}; csrftoken={self.csrf_secret}"
        self.token = self.csrf_secret

    def _send(self, method: str, path: str, body: bytes | None) -> Response:
        headers = {"Cookie": self.cookie, "Host": "localhost", "Connection": "close"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            content = answer.read()
            return Response(
                answer.status,
                {k.lower(): v for k, v in answer.getheaders()},
                content.decode("utf-8", "replace"),
            )
        finally:
            connection.close()

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        *,
        data: dict[str, Any] | None = None,
        expect: tuple[int, ...] = (200,),
        check: Callable[[Response], str | None] | None = None,
    ) -> Response | None:
        body = None
        if data is not None:
            body = urlencode({"csrfmiddlewaretoken": self.token, **data}).encode()
        started = time.perf_counter()
        try:
            response = self._send(method, path, body)
        except (OSError, http.client.HTTPException) as error:
            self.stats.record(kind, time.perf_counter() - started, f"{type(error).__name__}")
            return None
        elapsed = time.perf_counter() - started
        error_text = None
        if response.status_code not in expect:
            error_text = f"{method} {path}: {response.status_code}"
        elif check is not None:
            error_text = check(response)
        self.stats.record(kind, elapsed, error_text)
        match = (
            CSRF_RE.search(response.text)
            if "text/html" in response.headers.get("content-type", "")
            else None
        )
        if match:
            self.token = match.group(1)
        return response

    def get(self, kind: str, path: str, **kwargs: Any) -> Response | None:
        return self.request(kind, "GET", path, **kwargs)

    def post(self, kind: str, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
        return self.request(kind, "POST", path, data=data, **kwargs)


def _contains(text: str) -> Callable[[Response], str | None]:
    def check(response: Response) -> str | None:
        return None if text in response.text else f"answer lacks {text!r}"

    return check


def _repeat_until(stop: threading.Event, every: float, work: Callable[[], object]) -> None:
    """Calls ``work`` every ``every`` seconds (with some jitter) until ``stop`` is set."""
    stop.wait(random.uniform(0, every))
    while not stop.is_set():
        work()
        stop.wait(every * random.uniform(0.75, 1.25))


def _at_once(works: list[Callable[[], object]]) -> list[object]:
    """Runs every work in its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(works))
    results: list[object] = [None] * len(works)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = works[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@dataclass
class Crowd:
    """What happens during a vote: voters, the desk polling, members reloading a page."""

    base: str
    stats: Stats
    window: float
    #: The machine's 1-minute load average when the crowd started and when it finished.
    load: tuple[float, float] = (0.0, 0.0)

    def run(
        self,
        voters: list[Callable[[], object]],
        background: list[Callable[[], object]],
        every: float = 2.0,
    ) -> float:
        """Each voter starts at a random moment of the window; returns the seconds from the
        first start to the last vote."""
        stop = threading.Event()
        pollers = [
            threading.Thread(target=_repeat_until, args=(stop, every, work)) for work in background
        ]
        for poller in pollers:
            poller.start()
        spread = max(self.window - 4.0, 1.0)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()

        def voter(work: Callable[[], object]) -> None:
            time.sleep(random.uniform(0, spread))
            work()

        with ThreadPoolExecutor(max_workers=len(voters)) as pool:
            list(pool.map(voter, voters))
        elapsed = time.perf_counter() - started
        self.load = (load_before, os.getloadavg()[0])
        stop.set()
        for poller in pollers:
            poller.join()
        return elapsed


def _think(low: float, high: float) -> None:
    time.sleep(random.uniform(low, high))


# --- The server -----------------------------------------------------------------------------


def recommended_workers() -> int:
    """gunicorn's sync workers: 2 × cores + 1 (README, Production)."""
    return 2 * (os.cpu_count() or 1) + 1


@dataclass
class Server:
    """gunicorn with the production settings on 127.0.0.1:port."""

    database_url: str
    redis_url: str
    port: int
    ballot_key: str
    #: The key the sessions were signed with when the data were prepared.
    secret_key: str
    static_root: Path
    workers: int = field(default_factory=recommended_workers)
    settings_module: str = "aer_portal.settings.production"
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_", "CACHE_", "CELERY_", "AER_"))
        }
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": self.settings_module,
                "SECRET_KEY": self.secret_key,
                "BALLOT_KEY": self.ballot_key,
                "ALLOWED_HOSTS": "localhost,127.0.0.1",
                "DATABASE_URL": self.database_url,
                "CACHE_URL": self.redis_url,
                "CELERY_BROKER_URL": self.redis_url,
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_HSTS_SECONDS": "0",
                "STATIC_ROOT": str(self.static_root),
                "MEDIA_ROOT": str(Path(tempfile.gettempdir()) / "aer-loadtest-media"),
                "PYTHONPATH": str(BASE_DIR),
                **self.extra_env,
            }
        )
        return env

    def collectstatic(self) -> None:
        """The production storage needs the manifest of hashed static files: collected again
        when a file of ``static/`` is newer than it (a page naming a new file would be a 500)."""
        manifest = self.static_root / "staticfiles.json"
        sources = (p.stat().st_mtime for p in (BASE_DIR / "static").rglob("*") if p.is_file())
        if manifest.exists() and manifest.stat().st_mtime >= max(sources, default=0.0):
            return
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=BASE_DIR,
            env=self.environment(),
            check=True,
        )

    def start(self) -> None:
        self.collectstatic()
        # The data were just replaced: so is what the server's cache holds of them (roles,
        # eligibility, sessions). A cache left from another run or database answered with
        # the roles of another person of the same id (a 404 found by the CI run).
        import redis

        redis.Redis.from_url(self.redis_url).flushdb()
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        self.log = Path(tempfile.gettempdir()) / f"aer-loadtest-gunicorn-{self.port}.log"
        self.log.write_text("")
        self.process = subprocess.Popen(
            [
                gunicorn,
                "aer_portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                "60",
                "--no-control-socket",
                "--error-logfile",
                str(self.log),
            ],
            cwd=BASE_DIR,
            env=self.environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start; see {self.log}")
            try:
                if requests.get(
                    self.base + "/healthz?scope=web", timeout=2, headers={"Host": "localhost"}
                ).ok:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer in 60 s; see {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def log_errors(self) -> list[str]:
        """Tracebacks and errors gunicorn logged (a 500 or a worker killed)."""
        if self.log is None or not self.log.exists():
            return []
        return [
            line
            for line in self.log.read_text(errors="replace").splitlines()
            if "Traceback" in line or "[ERROR]" in line or "WORKER TIMEOUT" in line
        ]


@contextmanager
def running(server: Server) -> Iterator[Server]:
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- The data -------------------------------------------------------------------------------


def login_session(user: Any) -> str:
    """A logged-in session in the session store, as the login page would leave it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


@dataclass
class Assembly:
    """A General Assembly held online today, with its delegates and its Election Committee."""

    meeting_id: int
    delegates: list[str]  # session keys, one per member
    delegate_people: list[int]
    readers: list[str]  # members' officers, who only read
    committee: list[str]
    staff: list[str]


def assembly(*, delegates: int, readers: int, desk: int) -> tuple[Assembly, int]:
    """The General Assembly, its election with an online round open; returns the round's id."""
    from django.utils import timezone

    from elections.models import Round
    from elections.services.rounds import round_open
    from governance.models import Meeting
    from members.models import ContactRole
    from tests.elections.factories import (
        committee_member,
        election,
        full_member,
        nominate,
        officer,
        voter,
    )
    from tests.factories import staff_user, with_totp

    today = timezone.localdate()
    vote = election(day=today, online=True, talliers=True)
    Meeting.objects.filter(pk=vote.meeting_id).update(status=Meeting.Status.CONVENED)
    for name in ("Ahlberg", "Berg", "Carlsson", "Dahl", "Ek"):
        nominate(vote, accept=True, last_name=name, today=today - timedelta(days=44))
    users = []
    for _ in range(delegates):
        user = voter(full_member())
        ContactRole.objects.create(person=user.person, role=ContactRole.Role.DELEGATE)
        users.append(user)
    members = [u.person.member for u in users[:readers]]
    committee = [committee_member() for _ in range(desk)]
    round_ = round_open(
        position=vote.positions.get(),
        method=Round.Method.ONLINE,
        actor=committee[0],
        now=timezone.now(),
    )
    data = Assembly(
        meeting_id=vote.meeting_id,
        delegates=[login_session(u) for u in users],
        delegate_people=[u.person_id for u in users],
        readers=[login_session(officer(m)) for m in members],
        committee=[login_session(u) for u in committee],
        staff=[login_session(with_totp(staff_user())) for _ in range(desk)],
    )
    return data, round_.pk


# --- The three votes ------------------------------------------------------------------------


@dataclass
class Outcome:
    """One vote's report: its requests and the counts checked afterwards."""

    name: str
    voters: int
    stats: Stats
    seconds: float
    counts: dict[str, int]
    problems: list[str]
    #: The machine's load average as the crowd started and finished (other work included).
    load: tuple[float, float] = (0.0, 0.0)

    @property
    def ok(self) -> bool:
        return self.stats.error_count == 0 and not self.problems


def _receipt(response: Response | None) -> str | None:
    if response is None or response.status_code != 200:
        return None
    match = RECEIPT_RE.search(response.text)
    return match.group(1) if match else None


def election_vote(base: str, data: Assembly, round_id: int, *, window: float) -> Outcome:
    """Every delegate votes in the round; the first one from two tabs, five POSTs at once."""
    from elections.models import Ballot, Round, RoundVoter, SealedBallot

    stats = Stats()
    vote_url = f"/elections/rounds/{round_id}/vote/"
    receipts: list[str] = []
    receipts_lock = threading.Lock()
    candidates = 5

    def keep(response: Response | None) -> None:
        code = _receipt(response)
        if code:
            with receipts_lock:
                receipts.append(code)

    def cast(session: str, label: str = "", javascript: bool = True) -> Callable[[], object]:
        """A voter: with JavaScript the ballot page asks the confirmation in a dialog whose
        button casts the vote (two requests); without, the server's confirmation page comes
        between them (three)."""

        def work() -> None:
            browser = Browser(base, session, stats)
            if (
                browser.get(f"{label}ballot page", vote_url, check=_contains("data-vote-confirm"))
                is None
            ):
                return
            _think(0.5, 1.5)
            choice = str(random.randint(0, candidates))
            choice = "blank" if choice == "0" else choice
            if not javascript:
                confirm = browser.post(
                    f"{label}vote: confirm page (no JavaScript)",
                    vote_url,
                    {"choice": choice},
                    check=_contains('name="confirm"'),
                )
                if confirm is None:
                    return
            _think(0.3, 1.0)
            keep(
                browser.post(
                    f"{label}vote: cast",
                    vote_url,
                    {"choice": choice, "confirm": "yes"},
                    check=lambda r: None if _receipt(r) else "no receipt code in the answer",
                )
            )

        return work

    def double(session: str) -> Callable[[], object]:
        def work() -> None:
            tabs = [Browser(base, session, stats) for _ in range(2)]
            for tab in tabs:
                tab.get("ballot page", vote_url)
            answers = _at_once(
                [
                    (
                        lambda tab=tabs[i % 2]: tab.post(
                            "vote: cast (double submit)",
                            vote_url,
                            {"choice": "1", "confirm": "yes"},
                            expect=(200, 400),
                        )
                    )
                    for i in range(5)
                ]
            )
            codes = [_receipt(a) for a in answers]  # type: ignore[arg-type]
            if sum(1 for c in codes if c) != 1:
                stats.fail("vote: cast (double submit)", f"{codes.count(None)} refusals of 5")
            for code in codes:
                if code:
                    with receipts_lock:
                        receipts.append(code)

        return work

    desk = [
        (
            lambda s=s: Browser(base, s, stats).get(
                "desk: turnout",
                f"/elections/rounds/{round_id}/turnout/",
                check=_contains("voted"),
            )
        )
        for s in data.committee
    ]
    meeting = [
        (lambda s=s: Browser(base, s, stats).get("meeting page", f"/meetings/{data.meeting_id}/"))
        for s in data.readers
    ]
    cast(data.delegates[1], ALONE)()
    # One voter in ten has no JavaScript and gets the server's confirmation page.
    voters = [double(data.delegates[0])] + [
        cast(s, javascript=i % 10 != 0) for i, s in enumerate(data.delegates[2:])
    ]
    crowd = Crowd(base, stats, window)
    seconds = crowd.run(voters, desk + meeting)

    checker = Browser(base, data.committee[0], stats)
    for code in receipts[:5]:
        checker.post(
            "receipt check", "/elections/receipt/", {"code": code}, check=_contains("Recorded:")
        )
    desk_browser = Browser(base, data.committee[0], stats)
    close_url = f"/elections/rounds/{round_id}/close/"
    desk_browser.post(
        "desk: close (confirm page)", close_url, {}, check=_contains(f"{len(data.delegates)} of ")
    )
    desk_browser.post("desk: close", close_url, {"confirm": "yes"}, expect=(302,))

    def check_receipt(code: str) -> None:
        Browser(base, data.readers[0], stats).post(
            "receipt check", "/elections/receipt/", {"code": code}, check=_contains("Counted:")
        )

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(check_receipt, receipts))

    round_ = Round.objects.get(pk=round_id)
    voters_rows = RoundVoter.objects.filter(round=round_)
    counts = {
        "delegates": len(data.delegates),
        "receipts": len(receipts),
        "voters": voters_rows.count(),
        "distinct people": voters_rows.values("person").distinct().count(),
        "distinct members": voters_rows.values("member").distinct().count(),
        "ballots counted": Ballot.objects.filter(box_id=round_.ballot_box_id).count(),
        "sealed left": SealedBallot.objects.filter(box_id=round_.ballot_box_id).count(),
        "counted in the result": sum(c.votes or 0 for c in round_.candidates.all())
        + (round_.blank or 0)
        + (round_.invalid or 0),
    }
    problems = []
    if round_.is_open:
        problems.append("the round is still open")
    n = len(data.delegates)
    for name in (
        "receipts",
        "voters",
        "distinct people",
        "distinct members",
        "ballots counted",
        "counted in the result",
    ):
        if counts[name] != n:
            problems.append(f"{name}: {counts[name]}, expected {n}")
    if counts["sealed left"]:
        problems.append(f"{counts['sealed left']} sealed ballots left after the count")
    return Outcome("election round", n, stats, seconds, counts, problems, crowd.load)


def motion_vote(base: str, data: Assembly, *, window: float) -> Outcome:
    """Every delegate, present, votes on a secret motion of the Assembly; one from two tabs."""
    from django.utils import timezone

    from governance.models import Meeting, Motion, VoteBallot, VoteCast
    from governance.services.attendance import attendance_record
    from governance.services.votes import motion_open, motion_propose

    meeting = Meeting.objects.get(pk=data.meeting_id)
    attendance_record(meeting=meeting, present_person_ids=data.delegate_people, actor=None)
    motion = motion_propose(
        meeting=meeting,
        text="Adopt the budget",
        method="secret",
        secret_requested_by="Lviv",
        actor=None,
    )
    motion_open(motion=motion, actor=None, now=timezone.now())
    stats = Stats()
    page = f"/meetings/{meeting.pk}/"
    vote_url = f"/meetings/{meeting.pk}/vote/"

    def cast(session: str, label: str = "", javascript: bool = True) -> Callable[[], object]:
        """With JavaScript the meeting page's dialog confirms and casts; without, the server's
        confirmation page comes in between."""

        def work() -> None:
            browser = Browser(base, session, stats)
            if (
                browser.get(
                    f"{label}meeting page (voter)", page, check=_contains("data-vote-confirm")
                )
                is None
            ):
                return
            _think(0.5, 2.0)
            choice = random.choice(["yes", "no", "abstain"])
            if not javascript:
                asked = browser.post(
                    f"{label}motion: confirm page (no JavaScript)",
                    vote_url,
                    {"motion": motion.pk, "choice": choice},
                    expect=(200,),
                )
                if asked is None:
                    return
            answer = browser.post(
                f"{label}motion: vote",
                vote_url,
                {"motion": motion.pk, "choice": choice, "confirm": "yes"},
                expect=(302,),
            )
            if answer is not None and answer.status_code == 302:
                browser.get(f"{label}meeting page (voter)", page)

        return work

    def double(session: str) -> Callable[[], object]:
        def work() -> None:
            tabs = [Browser(base, session, stats) for _ in range(2)]
            for tab in tabs:
                tab.get("meeting page (voter)", page)
            answers = _at_once(
                [
                    (
                        lambda tab=tabs[i % 2]: tab.post(
                            "motion: vote (double submit)",
                            vote_url,
                            {"motion": motion.pk, "choice": "yes", "confirm": "yes"},
                            expect=(302, 400),
                        )
                    )
                    for i in range(5)
                ]
            )
            accepted = sum(1 for a in answers if a is not None and a.status_code == 302)  # type: ignore[attr-defined]
            if accepted != 1:
                stats.fail("motion: vote (double submit)", f"{accepted} of 5 accepted")

        return work

    desk = [
        (lambda s=s: Browser(base, s, stats).get("desk: meeting page (staff)", page))
        for s in data.staff
    ]
    meeting_readers = [
        (lambda s=s: Browser(base, s, stats).get("meeting page", page)) for s in data.readers
    ]
    cast(data.delegates[1], ALONE)()
    voters = [double(data.delegates[0])] + [
        cast(s, javascript=i % 10 != 0) for i, s in enumerate(data.delegates[2:])
    ]
    crowd = Crowd(base, stats, window)
    seconds = crowd.run(voters, desk + meeting_readers)
    closing = Browser(base, data.staff[0], stats).post(
        "desk: close vote",
        f"/meetings/{meeting.pk}/manage/",
        {"action": "close_vote", "motion": motion.pk},
        expect=(302, 400),
    )
    if closing is not None and closing.status_code == 400:
        # A tie (Procedures art. 14): the vote stays open until the President's casting vote,
        # here that the President declined it.
        Browser(base, data.staff[0], stats).post(
            "desk: close vote (casting vote)",
            f"/meetings/{meeting.pk}/manage/",
            {"action": "close_vote", "motion": motion.pk, "casting_vote": "declined"},
            expect=(302,),
        )
    motion.refresh_from_db()
    n = len(data.delegates)
    counts = {
        "voters present": n,
        "voted": VoteCast.objects.filter(motion=motion).count(),
        "distinct voters": VoteCast.objects.filter(motion=motion)
        .values("voter")
        .distinct()
        .count(),
        "ballots counted": VoteBallot.objects.filter(motion=motion).count(),
        "for + against + abstain": (motion.votes_for or 0)
        + (motion.votes_against or 0)
        + (motion.abstentions or 0),
    }
    problems = []
    if motion.status == Motion.Status.OPEN:
        problems.append("the motion is still open")
    for name, value in counts.items():
        if value != n:
            problems.append(f"{name}: {value}, expected {n}")
    return Outcome("secret motion vote", n, stats, seconds, counts, problems, crowd.load)


def board_vote(base: str, *, members: int, readers: int, desk: int, window: float) -> Outcome:
    """The Executive Board reviews a working-group proposal online; one member from two tabs."""
    from tests.factories import staff_user, with_totp
    from tests.working_groups.factories import executive_board, officer, region, submitted
    from working_groups.models import ReviewVote

    board = executive_board(vice_presidents=members - 1)
    proposal = submitted(board=board).proposal
    sessions = [login_session(u) for u in board.members]
    staff = [login_session(with_totp(staff_user())) for _ in range(desk)]
    reader_sessions = [login_session(officer(region())) for _ in range(readers)]
    stats = Stats()
    page = f"/working-groups/proposals/{proposal.pk}/"
    vote_url = f"/working-groups/proposals/{proposal.pk}/vote/"

    def cast(session: str, label: str = "") -> Callable[[], object]:
        def work() -> None:
            browser = Browser(base, session, stats)
            if browser.get(f"{label}proposal page (Board)", page) is None:
                return
            _think(0.5, 2.0)
            choice = random.choice(["approve", "reject", "abstain"])
            answer = browser.post(
                f"{label}board: vote", vote_url, {"choice": choice, "seen": ""}, expect=(302,)
            )
            if answer is not None and answer.status_code == 302:
                browser.get(f"{label}proposal page (Board)", page)

        return work

    def double(session: str) -> Callable[[], object]:
        def work() -> None:
            tabs = [Browser(base, session, stats) for _ in range(2)]
            for tab in tabs:
                tab.get("proposal page (Board)", page)
            answers = _at_once(
                [
                    (
                        lambda tab=tabs[i % 2]: tab.post(
                            "board: vote (double submit)",
                            vote_url,
                            {"choice": "approve", "seen": ""},
                            expect=(302,),
                        )
                    )
                    for i in range(5)
                ]
            )
            # The same choice five times is one vote, and each of the five is told so
            # (aer_portal.ballots); a refusal is an error of its request (expect).
            accepted = sum(1 for a in answers if a is not None and a.status_code == 302)  # type: ignore[attr-defined]
            if accepted != 5:
                stats.fail("board: vote (double submit)", f"{accepted} of 5 accepted")
            rows = list(
                ReviewVote.objects.filter(proposal=proposal, voter=double_voter).values_list(
                    "choice", flat=True
                )
            )
            if rows != ["approve"]:
                stats.fail("board: vote (double submit)", f"ballot rows {rows}, not one approve")

        return work

    desk_polls = [
        (lambda s=s: Browser(base, s, stats).get("desk: proposal page (staff)", page))
        for s in staff
    ]
    list_readers = [
        (lambda s=s: Browser(base, s, stats).get("proposal list", "/working-groups/proposals/"))
        for s in reader_sessions
    ]
    double_voter = board.members[0].person
    cast(sessions[1], ALONE)()
    voters = [double(sessions[0])] + [cast(s) for s in sessions[2:]]
    crowd = Crowd(base, stats, window)
    seconds = crowd.run(voters, desk_polls + list_readers)
    votes = ReviewVote.objects.filter(proposal=proposal)
    counts = {
        "Board members": members,
        "votes": votes.count(),
        "distinct voters": votes.values("voter").distinct().count(),
    }
    problems = [f"{k}: {v}, expected {members}" for k, v in counts.items() if v != members]
    return Outcome("Executive Board review", members, stats, seconds, counts, problems, crowd.load)


# --- All of it ------------------------------------------------------------------------------


@dataclass
class Plan:
    delegates: int = 200
    board: int = 40
    readers: int = 20
    desk: int = 5
    window: float = 10.0


def warm_up(server: Server, session: str, paths: list[str]) -> None:
    """Each worker serves its first pages once (imports, compiled templates), as a portal that
    has been running before the vote has; not measured."""
    stats = Stats()

    def visit(path: str) -> None:
        Browser(server.base, session, stats).get("warm-up", path, expect=(200, 302, 403, 404))

    with ThreadPoolExecutor(max_workers=server.workers) as pool:
        list(pool.map(visit, paths * server.workers * 2))


def run_all(server: Server, plan: Plan) -> list[Outcome]:
    """Prepares the data, starts gunicorn and runs the three votes; returns their reports."""
    data, round_id = assembly(delegates=plan.delegates, readers=plan.readers, desk=plan.desk)
    board_plan = {"members": plan.board, "readers": plan.readers, "desk": plan.desk}
    with running(server):
        warm_up(
            server,
            data.readers[0],
            [
                f"/elections/rounds/{round_id}/vote/",
                f"/meetings/{data.meeting_id}/",
                "/elections/receipt/",
                "/working-groups/proposals/",
                "/",
            ],
        )
        outcomes = [election_vote(server.base, data, round_id, window=plan.window)]
        outcomes.append(motion_vote(server.base, data, window=plan.window))
        outcomes.append(board_vote(server.base, window=plan.window, **board_plan))
        logged = server.log_errors()
    if logged:
        outcomes[-1].problems.append(f"gunicorn logged {len(logged)} errors: {logged[:3]}")
    return outcomes


def report(outcomes: list[Outcome], *, workers: int) -> str:
    """The results as text: one table per vote, then the counts."""
    lines = [f"gunicorn workers: {workers} (sync), cores: {os.cpu_count()}"]
    for outcome in outcomes:
        lines.append("")
        lines.append(
            f"== {outcome.name}: {outcome.voters} voters, votes cast in {outcome.seconds:.1f} s, "
            f"{outcome.stats.requests} requests, {outcome.stats.error_count} errors, "
            f"load average {outcome.load[0]:.1f} -> {outcome.load[1]:.1f}"
        )
        lines.append(f"{'request':38} {'n':>5} {'errors':>6} {'median ms':>10} {'p95 ms':>8}")
        for kind, n, errors, median, p95 in sorted(outcome.stats.rows()):
            lines.append(f"{kind:38} {n:>5} {errors:>6} {median:>10.0f} {p95:>8.0f}")
        lines.append("counts: " + ", ".join(f"{k} {v}" for k, v in outcome.counts.items()))
        for kind, errors in outcome.stats.errors.items():
            for error in errors[:5]:
                lines.append(f"ERROR {kind}: {error}")
        for problem in outcome.problems:
            lines.append(f"MISCOUNT: {problem}")
        lines.append("OK" if outcome.ok else "FAILED")
    return "\n".join(lines)
