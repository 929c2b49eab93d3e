"""The benchmark's wiring: the apps taking part, the portal-wide pages and the staff account.

`aer_portal.bench` measures; this module says what. The apps' `bench` modules are imported one
by one in their order of dependence, so that an app's seed finds the data of the apps before it
(a list found by module name would hide which apps take part and in which order).
"""

from __future__ import annotations

import random
import sys
import time
from types import ModuleType

from django.db import transaction

import elections.bench
import fees.bench
import governance.bench
import members.bench
import working_groups.bench
from aer_portal.bench import (
    REFERENCE_PAGE,
    ROLE_EMAILS,
    TRIVIAL_PAGE,
    BenchPage,
    Role,
    give_two_factor,
    named_url,
)
from members.models import User

#: The pages of the portal as a whole (home, rules, dashboard, admin index).
PAGES: list[BenchPage] = [
    BenchPage("home", named_url("home"), Role.ANONYMOUS),
    BenchPage("rules", named_url("rules"), Role.ANONYMOUS),
    BenchPage("health check", named_url("healthz"), Role.ANONYMOUS),
    BenchPage("dashboard", named_url("dashboard"), Role.MEMBER_OFFICER),
    BenchPage("dashboard", named_url("dashboard"), Role.BOARD_MEMBER),
    BenchPage("dashboard", named_url("dashboard"), Role.STAFF),
    BenchPage("admin: index", named_url("admin:index"), Role.STAFF),
]


def seed(*, rng: random.Random, scale: float) -> None:
    """The secretariat's account: staff, and superuser so that every admin page is open."""
    user = User.objects.create_user(
        ROLE_EMAILS[Role.STAFF],
        full_name="Sam Secretariat-Bench",
        is_staff=True,
        is_superuser=True,
    )
    give_two_factor(user)


def bench_modules() -> list[ModuleType]:
    """The modules taking part, in the apps' order of dependence, this one first."""
    portal_wide = sys.modules[__name__]
    return [
        portal_wide,
        members.bench,
        governance.bench,
        fees.bench,
        working_groups.bench,
        elections.bench,
    ]


def registered_pages() -> list[BenchPage]:
    """Every page the apps register, the baseline and the reference page first."""
    pages = [TRIVIAL_PAGE, REFERENCE_PAGE]
    for module in bench_modules():
        pages += getattr(module, "PAGES", [])
    return pages


def reports() -> list[str]:
    """What each app's `report()` measures after the pages, in the apps' order."""
    return [module.report() for module in bench_modules() if hasattr(module, "report")]


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
