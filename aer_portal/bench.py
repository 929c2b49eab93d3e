"""The benchmark: which pages it times, the large data set it seeds, and how it measures.

`python manage.py bench --settings=aer_portal.settings.bench` (`make bench`) seeds its own
database with a data set the size of AER after ten years of use, then asks every registered
page as the role that uses it, next to a view that does nothing, and prints the median and 95th
percentile server time and the number of queries of each.

An app takes part by having a `bench` module (`fees/bench.py`) with either or both of:

- `PAGES`, a list of `BenchPage`: a name, a URL (or a function of the logged-in user that
  returns one, for pages about one record) and the role that asks for it;
- `report() -> str`, a measurement printed after the pages' table (fees: a call's PDFs
  against WeasyPrint alone);
- `seed(*, rng: random.Random, scale: float) -> None`, which adds the app's share of the data
  set (`scale` 1.0 is full size) with `bulk_create`. Seeds run in the order of INSTALLED_APPS,
  so an app's seed finds the data of the apps it depends on.

The command finds these modules by itself; nothing else needs to change. This module is the
`bench` module of `aer_portal` too: it registers the portal-wide pages and seeds the staff
account.
"""

from __future__ import annotations

import gc
import math
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.module_loading import module_has_submodule

from members.models import User


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

PageURL = str | Callable[[User | None], str]


@dataclass(frozen=True)
class BenchPage:
    """A page the benchmark times: its name, where it is and who asks for it."""

    name: str
    url: PageURL
    role: Role

    def url_for(self, user: User | None) -> str:
        return self.url if isinstance(self.url, str) else self.url(user)


def named_url(name: str, *args: object) -> Callable[[User | None], str]:
    """The URL of a named route, reversed when the page is measured."""
    return lambda user: reverse(name, args=args)


def admin_changelist(app_label: str, model_name: str) -> Callable[[User | None], str]:
    """The admin's list of a model, as the secretariat opens it."""
    return named_url(f"admin:{app_label}_{model_name}_changelist")


#: A view that returns "ok" without touching the database, mounted by aer_portal.bench_urls:
#: what the middleware and the test client cost by themselves.
TRIVIAL_PAGE = BenchPage("trivial view (baseline)", "/bench/trivial/", Role.ANONYMOUS)

#: The reference page every median is divided by: 25 members with their country in one query
#: (`select_related`), rendered by a minimal template (aer_portal.bench_urls.reference). A
#: page "at most 5x the reference" does about as much as a small, well-written list.
REFERENCE_PAGE = BenchPage("reference: 25 members", "/bench/reference/", Role.ANONYMOUS)

PAGES: list[BenchPage] = [
    BenchPage("home", named_url("home"), Role.ANONYMOUS),
    BenchPage("rules", named_url("rules"), Role.ANONYMOUS),
    BenchPage("health check", named_url("healthz"), Role.ANONYMOUS),
    BenchPage("dashboard", named_url("dashboard"), Role.MEMBER_OFFICER),
    BenchPage("dashboard", named_url("dashboard"), Role.BOARD_MEMBER),
    BenchPage("dashboard", named_url("dashboard"), Role.STAFF),
    BenchPage("admin: index", named_url("admin:index"), Role.STAFF),
]


def bench_modules() -> list[ModuleType]:
    """The `bench` modules of the portal's own apps, in the order of INSTALLED_APPS."""
    base_dir = Path(settings.BASE_DIR).resolve()
    modules = []
    for app_config in apps.get_app_configs():
        if Path(app_config.path).resolve().parent != base_dir:
            continue  # an installed package, not one of the portal's apps
        if module_has_submodule(app_config.module, "bench"):
            modules.append(import_module(f"{app_config.name}.bench"))
    return modules


def registered_pages() -> list[BenchPage]:
    """Every page the apps register, the baseline and the reference page first."""
    pages = [TRIVIAL_PAGE, REFERENCE_PAGE]
    for module in bench_modules():
        pages += getattr(module, "PAGES", [])
    return pages


# --- The data set ------------------------------------------------------------------------


def give_two_factor(user: User) -> None:
    """An active TOTP authenticator, so that staff and Board pages answer instead of sending
    the account to set up two-factor (aer_portal.middleware.RequireTwoFactorMiddleware)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def reports() -> list[str]:
    """What each app's `report()` measures after the pages, in the order of INSTALLED_APPS."""
    return [module.report() for module in bench_modules() if hasattr(module, "report")]


def seed(*, rng: random.Random, scale: float) -> None:
    """The secretariat's account: staff, and superuser so that every admin page is open."""
    user = User.objects.create_user(
        ROLE_EMAILS[Role.STAFF],
        full_name="Sam Secretariat-Bench",
        is_staff=True,
        is_superuser=True,
    )
    give_two_factor(user)


def is_seeded() -> bool:
    """Whether the data set is there. Seeding runs in one transaction, so part of it never is."""
    return User.objects.filter(email=ROLE_EMAILS[Role.STAFF]).exists()


def seed_all(*, scale: float = 1.0, random_seed: int = 2026) -> float:
    """Runs every app's seed in one transaction; returns the seconds it took.

    Each app draws from its own random generator, so adding an app's seed does not change
    the data the others make.
    """
    if scale <= 0:
        raise ValueError(f"scale: must be more than 0, got {scale}")
    started = time.perf_counter()
    with transaction.atomic():
        for module in bench_modules():
            app_seed = getattr(module, "seed", None)
            if app_seed is not None:
                # Reproducible invented data, not secrets.
                rng = random.Random(f"{random_seed}:{module.__name__}")  # noqa: S311
                app_seed(rng=rng, scale=scale)
    return time.perf_counter() - started


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

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error

    @property
    def p95_ratio(self) -> float | None:
        """The 95th percentile as a multiple of the median: how steady the page is."""
        if not self.median_ms or self.p95_ms is None:
            return None
        return self.p95_ms / self.median_ms


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile: the smallest value with `fraction` of them at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def role_accounts() -> dict[Role, User | None]:
    """The account each role logs in as; the anonymous visitor has none."""
    users = {user.email: user for user in User.objects.filter(email__in=ROLE_EMAILS.values())}
    accounts: dict[Role, User | None] = {Role.ANONYMOUS: None}
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
    user: User | None,
    repeat: int,
    warmup: int,
    freeze_gc: bool = True,
    clock: str = "wall",
) -> PageResult:
    """Asks for the page `warmup` times, once counting queries, then `repeat` times timed.

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
        timings = []
        if freeze_gc:
            gc.collect()
            gc.freeze()
        with _FullCollections() as collections:
            for _ in range(repeat):
                if status != 200:
                    break
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
    )


def measure_pages(
    pages: Sequence[BenchPage],
    *,
    repeat: int,
    warmup: int,
    freeze_gc: bool = True,
    clock: str = "wall",
) -> list[PageResult]:
    """Measures every page as its role, in the order given."""
    if repeat < 1:
        raise ValueError(f"repeat: must be at least 1, got {repeat}")
    accounts = role_accounts()
    return [
        measure_page(
            page,
            user=accounts[page.role],
            repeat=repeat,
            warmup=warmup,
            freeze_gc=freeze_gc,
            clock=clock,
        )
        for page in pages
    ]


def reference_median(results: Sequence[PageResult]) -> float | None:
    """The median of the reference page in these results, if it was measured."""
    for result in results:
        if result.url == REFERENCE_PAGE.url and result.median_ms:
            return result.median_ms
    return None


def format_table(results: Sequence[PageResult]) -> str:
    """The results as an aligned table, with the reason of every failure below it.

    "x ref" is the page's median divided by the reference page's, "p95/med" its 95th
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
            f"{result.median_ms / reference:.1f}"
            if reference and result.median_ms is not None
            else "-",
            f"{result.p95_ratio:.1f}" if result.p95_ratio is not None else "-",
            str(result.full_collections),
            str(result.queries) if result.queries is not None else "-",
        )
        for result in results
    ]
    widths = [max(len(row[column]) for row in [headers, *rows]) for column in range(len(headers))]
    numeric = {3, 4, 5, 6, 7, 8, 9}

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
