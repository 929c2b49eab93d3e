"""How the benchmark measures: pages, roles, timing, the table it prints.

`python manage.py bench --settings=aer_portal.settings.bench` (`make bench`) seeds its own
database with a data set the size of AER after ten years of use, then asks every registered
page as the role that uses it, next to a view that does nothing, and prints the median and 95th
percentile server time and the number of queries of each.

This module is the measuring instrument and knows no app. Each app's `bench` module
(`fees/bench.py`) lists its `PAGES` (`BenchPage`), may `seed(*, rng, scale)` its share of the
data set with `bulk_create` and may `report()` a measurement of its own; `portal.bench` names
those modules one by one, in the apps' order of dependence, and seeds the staff account.
"""

from __future__ import annotations

import gc
import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


class Role(StrEnum):
    """Who asks for a page; each role but the anonymous visitor logs in as its own account."""

    ANONYMOUS = "anonymous"
    MEMBER_OFFICER = "member officer"
    BOARD_MEMBER = "board member"
    STAFF = "staff"


#: The account each role logs in as. The seeds create them (members, governance, here).
ROLE_EMAILS: dict[Role, str] = {
    Role.MEMBER_OFFICER: "officer@bench.aer.eu",
    Role.BOARD_MEMBER: "board@bench.aer.eu",
    Role.STAFF: "staff@bench.aer.eu",
}

#: A page's URL, or a function of the logged-in account (a `members.User`; None for the
#: anonymous visitor) that returns one. Typed `Any` so that this module, under the apps,
#: does not import them.
PageURL = str | Callable[[Any], str]


@dataclass(frozen=True)
class BenchPage:
    """A page the benchmark times: its name, where it is and who asks for it."""

    name: str
    url: PageURL
    role: Role

    def url_for(self, user: Any) -> str:
        return self.url if isinstance(self.url, str) else self.url(user)


def named_url(name: str, *args: object) -> Callable[[Any], str]:
    """The URL of a named route, reversed when the page is measured."""
    return lambda user: reverse(name, args=args)


def admin_changelist(app_label: str, model_name: str) -> Callable[[Any], str]:
    """The admin's list of a model, as the secretariat opens it."""
    return named_url(f"admin:{app_label}_{model_name}_changelist")


#: A view that returns "ok" without touching the database, mounted by aer_portal.bench_urls:
#: what the middleware and the test client cost by themselves.
TRIVIAL_PAGE = BenchPage("trivial view (baseline)", "/bench/trivial/", Role.ANONYMOUS)

#: The reference page every median is divided by: 25 members with their country in one query
#: (`select_related`), rendered by a minimal template (aer_portal.bench_urls.reference). A
#: page "at most 5x the reference" does about as much as a small, well-written list.
REFERENCE_PAGE = BenchPage("reference: 25 members", "/bench/reference/", Role.ANONYMOUS)

# --- The data set ------------------------------------------------------------------------


def give_two_factor(user: AbstractBaseUser) -> None:
    """An active TOTP authenticator, so that staff and Board pages answer instead of sending
    the account to set up two-factor (portal.middleware.RequireTwoFactorMiddleware)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def data_summary() -> dict[str, int]:
    """How many rows each of the portal's own tables holds (empty ones left out)."""
    base_dir = Path(settings.BASE_DIR).resolve()
    counts = {}
    for app_config in apps.get_app_configs():
        if Path(app_config.path).resolve().parent != base_dir:
            continue
        for model in app_config.get_models():
            if (model._meta.object_name or "").startswith("Historical"):
                continue
            count = model._default_manager.count()
            if count:
                counts[str(model._meta.verbose_name_plural)] = count
    return counts


# --- Measuring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PageResult:
    """What one page took: server time over the timed requests and queries of one request."""

    name: str
    role: Role
    url: str
    status: int | None
    queries: int | None = None
    median_ms: float | None = None
    p95_ms: float | None = None
    error: str = ""
    #: Full (generation 2) garbage collections that ran during the timed requests.
    full_collections: int = 0
    #: The reference page's median over requests timed in turn with this page's, one before
    #: each of them: the yardstick of `x_ref`, taken at the same moment as the page.
    reference_ms: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error

    @property
    def p95_ratio(self) -> float | None:
        """The 95th percentile as a multiple of the median: how steady the page is."""
        if not self.median_ms or self.p95_ms is None:
            return None
        return self.p95_ms / self.median_ms

    @property
    def x_ref(self) -> float | None:
        """The median as a multiple of the reference page's, timed in turn with it."""
        if self.median_ms is None or not self.reference_ms:
            return None
        return self.median_ms / self.reference_ms


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with `fraction` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def role_accounts() -> dict[Role, Any]:
    """The account each role logs in as; the anonymous visitor has none."""
    accounts_model = get_user_model()
    users = {
        user.email: user for user in accounts_model.objects.filter(email__in=ROLE_EMAILS.values())
    }
    accounts: dict[Role, Any] = {Role.ANONYMOUS: None}
    for role, email in ROLE_EMAILS.items():
        accounts[role] = users.get(email)
    return accounts


def _failure(response_status: int, location: str | None) -> str:
    if location:
        return f"answered {response_status}, redirecting to {location}"
    return f"answered {response_status}"


#: How a request is timed: wall-clock time (what a user waits, the default), or the CPU time of
#: this process, steadier on a loaded machine but blind to the database server's own work.
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}


class _FullCollections:
    """Counts the full garbage collections while it is active (gc.callbacks)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start" and info.get("generation") == 2:
            self.count += 1

    def __enter__(self) -> _FullCollections:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self)


def measure_page(
    page: BenchPage,
    *,
    user: Any,
    repeat: int,
    warmup: int,
    freeze_gc: bool = True,
    clock: str = "wall",
    reference: Callable[[], object] | None = None,
) -> PageResult:
    """Asks for the page `warmup` times, once counting queries, then `repeat` times timed.

    With `reference` (a function that asks for the reference page), each timed request is
    preceded by a timed request of the reference page, and the result keeps the median of
    those too: the ratio of the two medians does not drift with the machine's speed over a
    run (other processes, CPU frequency), which a reference timed once at the start did.

    The time is taken around the test client's `get`: the whole request through every
    middleware, without a network or a web server. Queries are counted on a separate request,
    so that recording them does not slow down the timed ones.

    With `freeze_gc`, what the warm-up left in memory (modules, compiled templates, URL
    resolvers, translations) is moved out of the garbage collector's reach (`gc.freeze`), as
    a preforking server does after loading the application (aer_portal.wsgi): otherwise a full
    collection walks hundreds of thousands of long-lived objects every few requests, which is
    where the 95th percentile's spikes came from (see `full_collections`).
    """
    url = ""
    status: int | None = None
    now = CLOCKS[clock]
    try:
        if page.role is not Role.ANONYMOUS and user is None:
            raise LookupError(f"no account for the role {page.role} (was its seed run?)")
        url = page.url_for(user)
        client = Client(raise_request_exception=True)
        if user is not None:
            client.force_login(user)
        for _ in range(warmup):
            client.get(url)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        status = response.status_code
        queries = len(captured)
        timings: list[float] = []
        reference_timings: list[float] = []
        if freeze_gc:
            gc.collect()
            gc.freeze()
        with _FullCollections() as collections:
            for _ in range(repeat):
                if status != 200:
                    break
                if reference is not None:
                    started = now()
                    reference()
                    reference_timings.append((now() - started) * 1000)
                started = now()
                response = client.get(url)
                timings.append((now() - started) * 1000)
                status = response.status_code
        if freeze_gc:
            gc.unfreeze()
        if status != 200:
            return PageResult(
                page.name,
                page.role,
                url,
                status,
                queries,
                error=_failure(status, response.get("Location")),
            )
    except Exception as error:
        return PageResult(
            page.name, page.role, url, status, error=f"{type(error).__name__}: {error}"
        )
    return PageResult(
        page.name,
        page.role,
        url,
        status,
        queries,
        median_ms=statistics.median(timings) if timings else None,
        p95_ms=percentile(timings, 0.95) if timings else None,
        full_collections=collections.count,
        reference_ms=statistics.median(reference_timings) if reference_timings else None,
    )


def measure_pages(
    pages: Sequence[BenchPage],
    *,
    repeat: int,
    warmup: int,
    freeze_gc: bool = True,
    clock: str = "wall",
) -> list[PageResult]:
    """Measures every page as its role, in the order given, each in turn with the reference
    page (`measure_page`)."""
    if repeat < 1:
        raise ValueError(f"repeat: must be at least 1, got {repeat}")
    accounts = role_accounts()
    reference_client = Client(raise_request_exception=True)
    reference_url = REFERENCE_PAGE.url_for(None)
    for _ in range(max(warmup, 1)):
        reference_client.get(reference_url)
    return [
        measure_page(
            page,
            user=accounts[page.role],
            repeat=repeat,
            warmup=warmup,
            freeze_gc=freeze_gc,
            clock=clock,
            reference=lambda: reference_client.get(reference_url),
        )
        for page in pages
    ]


def reference_median(results: Sequence[PageResult]) -> float | None:
    """The reference page's median over the whole run: the median of the medians it had
    beside each page (or of its own row, when the pages were timed without it)."""
    paired = [result.reference_ms for result in results if result.reference_ms]
    if paired:
        return statistics.median(paired)
    for result in results:
        if result.url == REFERENCE_PAGE.url and result.median_ms:
            return result.median_ms
    return None


def x_ref(result: PageResult, reference: float | None) -> float | None:
    """The page's median over the reference's: the one timed in turn with it, else the run's."""
    if result.x_ref is not None:
        return result.x_ref
    if reference and result.median_ms is not None:
        return result.median_ms / reference
    return None


def format_table(results: Sequence[PageResult]) -> str:
    """The results as an aligned table, with the reason of every failure below it.

    "x ref" is the page's median divided by the reference page's (timed in turn with it),
    "ref ms" that reference median, "p95/med" its 95th
    percentile divided by its own median, "gc" the full garbage collections during its
    timed requests.
    """
    reference = reference_median(results)
    headers = (
        "page",
        "role",
        "url",
        "status",
        "median ms",
        "p95 ms",
        "ref ms",
        "x ref",
        "p95/med",
        "gc",
        "queries",
    )
    rows = [
        (
            result.name,
            str(result.role),
            result.url,
            str(result.status) if result.status is not None else "error",
            f"{result.median_ms:.2f}" if result.median_ms is not None else "-",
            f"{result.p95_ms:.2f}" if result.p95_ms is not None else "-",
            f"{result.reference_ms:.2f}" if result.reference_ms is not None else "-",
            f"{ratio:.1f}" if (ratio := x_ref(result, reference)) is not None else "-",
            f"{result.p95_ratio:.1f}" if result.p95_ratio is not None else "-",
            str(result.full_collections),
            str(result.queries) if result.queries is not None else "-",
        )
        for result in results
    ]
    widths = [max(len(row[column]) for row in [headers, *rows]) for column in range(len(headers))]
    numeric = {3, 4, 5, 6, 7, 8, 9, 10}

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(width) if column in numeric else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines = [line(headers), line(["-" * width for width in widths]), *map(line, rows)]
    failures = [result for result in results if not result.ok]
    if failures:
        lines += ["", "Pages that did not answer 200:"]
        lines += [
            f"  {result.name} ({result.role}) {result.url}: {result.error}" for result in failures
        ]
    return "\n".join(lines)


def scale_problems(small: Sequence[PageResult], large: Sequence[PageResult]) -> list[str]:
    """What CI fails on when the bench runs at two scales: a page that did not answer 200, or
    whose number of queries changed with the size of the data. Timings are not compared:
    they are for people to read, not for a shared CI machine."""
    problems = [
        f"{result.name} ({result.role}) {result.url}: {result.error}"
        for result in [*small, *large]
        if not result.ok
    ]
    queries = {(result.name, result.role): result.queries for result in small}
    for result in large:
        before = queries.get((result.name, result.role))
        if result.ok and before is not None and before != result.queries:
            problems.append(
                f"{result.name} ({result.role}): {before} queries at the small scale, "
                f"{result.queries} at the large one"
            )
    return problems
