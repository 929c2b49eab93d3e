"""The benchmark seeds its data set and times every registered page, at a tiny scale."""

from __future__ import annotations

import itertools
import json
import random
from datetime import date
from pathlib import Path

import pytest
from allauth.mfa.utils import is_mfa_enabled
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from pytest_django.fixtures import Settings

from aer_portal.bench import (
    REFERENCE_PAGE,
    ROLE_EMAILS,
    TRIVIAL_PAGE,
    BenchPage,
    Role,
    format_table,
    measure_page,
    measure_pages,
    percentile,
)
from governance.models import Mandate, Seat
from governance.selectors.roles import portal_roles
from members.bench import PEOPLE_PER_MEMBER, membership_history
from members.models import Member, Membership, Person, PortalAccess, User
from portal.bench import is_seeded, registered_pages, seed_all

pytestmark = pytest.mark.slow

SCALE = 0.05  # 10 members, 150 people


@pytest.fixture
def bench_settings(settings: Settings) -> Settings:
    settings.ROOT_URLCONF = "aer_portal.bench_urls"
    settings.BENCH = True
    return settings


def test_the_apps_register_the_existing_pages() -> None:
    pages = {(page.name, page.role) for page in registered_pages()}
    assert registered_pages()[0] == TRIVIAL_PAGE
    assert {
        ("home", Role.ANONYMOUS),
        ("rules", Role.ANONYMOUS),
        ("health check", Role.ANONYMOUS),
        ("dashboard", Role.MEMBER_OFFICER),
        ("dashboard", Role.BOARD_MEMBER),
        ("dashboard", Role.STAFF),
        ("admin: index", Role.STAFF),
        ("admin: members", Role.STAFF),
        ("admin: people", Role.STAFF),
        ("admin: mandates", Role.STAFF),
    } <= pages


@pytest.mark.django_db
def test_the_seed_makes_members_people_history_and_one_account_per_role() -> None:
    seed_all(scale=SCALE)

    assert is_seeded()
    assert Member.objects.count() == 10
    assert Person.objects.count() == 10 * PEOPLE_PER_MEMBER
    assert PortalAccess.objects.filter(role=PortalAccess.Role.OFFICER).count() == 10
    assert Membership.objects.count() >= 10
    assert Mandate.objects.filter(seat__role=Seat.Role.VICE_PRESIDENT).count() == 7 * 5
    officer, board, staff = (User.objects.get(email=email) for email in ROLE_EMAILS.values())
    assert officer.accesses.get().role == PortalAccess.Role.OFFICER
    assert not is_mfa_enabled(officer)
    roles = portal_roles(user=board, on=timezone.localdate())
    assert roles.is_board_member and roles.acting_for is not None
    assert is_mfa_enabled(board)
    assert staff.is_staff and staff.is_superuser and is_mfa_enabled(staff)


@pytest.mark.django_db
def test_every_page_answers_and_the_trivial_view_makes_no_query(
    bench_settings: Settings,
) -> None:
    seed_all(scale=SCALE)

    results = measure_pages(registered_pages(), repeat=2, warmup=1)

    failures = [f"{r.name} ({r.role}): {r.error}" for r in results if not r.ok]
    assert not failures
    for result in results:
        assert result.status == 200
        assert result.queries is not None
        assert result.median_ms is not None and result.p95_ms is not None
        assert 0 < result.median_ms <= result.p95_ms
        assert result.reference_ms is not None and result.reference_ms > 0
        assert result.x_ref == result.median_ms / result.reference_ms
    by_page = {(result.name, result.role): result for result in results}
    assert by_page[(TRIVIAL_PAGE.name, Role.ANONYMOUS)].queries == 0
    assert by_page[("dashboard", Role.MEMBER_OFFICER)].queries > 0
    table = format_table(results)
    assert "trivial view (baseline)" in table and "/admin/governance/mandate/" in table


@pytest.mark.django_db
def test_each_timed_request_follows_one_of_the_reference_page(
    bench_settings: Settings,
) -> None:
    seed_all(scale=SCALE)
    asked: list[str] = []

    result = measure_page(
        REFERENCE_PAGE, user=None, repeat=4, warmup=1, reference=lambda: asked.append("ref")
    )

    assert asked == ["ref"] * 4
    assert result.ok and result.reference_ms is not None


@pytest.mark.django_db
def test_a_page_that_does_not_answer_200_is_reported_with_the_reason(
    bench_settings: Settings,
) -> None:
    seed_all(scale=SCALE)
    pages = [
        BenchPage("dashboard, not logged in", "/dashboard/", Role.ANONYMOUS),
        BenchPage("missing", "/no-such-page/", Role.ANONYMOUS),
    ]

    results = measure_pages(pages, repeat=2, warmup=0)

    assert [result.status for result in results] == [302, 404]
    assert not any(result.ok for result in results)
    assert "redirecting to /accounts/login/" in results[0].error
    assert "Pages that did not answer 200:" in format_table(results)


@pytest.mark.django_db
def test_the_command_seeds_once_measures_and_writes_json(
    bench_settings: Settings, tmp_path: Path
) -> None:
    report_path = tmp_path / "bench.json"
    args = ["--scale", str(SCALE), "--repeat", "2", "--warmup", "1", "--json", str(report_path)]

    # Every page answering is the test above; here a few pages, the reports, then a second
    # run of two pages that finds the data set there and does not seed it twice.
    call_command("bench", *args, "--only", "dashboard")
    call_command("bench", *args, "--only", "home", "--no-reports")

    assert Member.objects.count() == 10
    report = json.loads(report_path.read_text())
    assert report["data"]["members"] == 10
    assert report["seeding_seconds"] is None
    assert all(result["ok"] and result["status"] == 200 for result in report["results"])
    assert report["results"][0]["name"] == TRIVIAL_PAGE.name
    assert report["results"][0]["queries"] == 0
    assert [result["name"] for result in report["results"][1:]] == [REFERENCE_PAGE.name, "home"]


def test_the_command_refuses_settings_that_are_not_the_bench_settings() -> None:
    with pytest.raises(CommandError, match=r"aer_portal\.settings\.bench"):
        call_command("bench", "--repeat", "1")


def test_history_changes_category_and_never_overlaps() -> None:
    member = Member(name="Upper Brenna Region", kind=Member.Kind.REGION)
    rng = random.Random(7)
    histories = [membership_history(member, rng, date(2026, 6, 1)) for _ in range(200)]

    assert any(len(history) >= 3 for history in histories)
    for history in histories:
        for before, after in itertools.pairwise(history):
            assert before.ended_on is not None and before.ended_on < after.board_decision
            assert before.category != after.category
        assert all(p.board_decision <= date(2026, 6, 1) for p in history)
        assert sum(p.ended_on is None for p in history) <= 1


def test_the_nearest_rank_percentile() -> None:
    assert percentile([5.0], 0.95) == 5.0
    assert percentile([float(n) for n in range(1, 21)], 0.95) == 19.0
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95.0
