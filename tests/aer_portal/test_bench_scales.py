"""CI's short bench: every page at two sizes of the data set, on PostgreSQL.

It fails only when a page answers with an error or makes a different number of queries at the
larger size; the timings are printed for people and never asserted (a shared CI machine is too
noisy for them). Run with DATABASE_URL=postgres://… and `-m slow`.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from pytest_django.fixtures import Settings

from aer_portal.bench import PageResult, Role, format_table, measure_pages, scale_problems
from portal.bench import registered_pages, seed_all

SMALL, LARGE = 0.2, 1.0  # 40 and 200 members: both seeded in about two minutes


class _RollBack(Exception):
    """Empties the data set of the small scale before the large one is seeded."""


def _measure_at(scale: float) -> list[PageResult]:
    results: list[PageResult] = []
    try:
        with transaction.atomic():
            seed_all(scale=scale)
            results = measure_pages(registered_pages(), repeat=3, warmup=1)
            raise _RollBack
    except _RollBack:
        pass
    return results


def _result(name: str, queries: int, status: int = 200) -> PageResult:
    return PageResult(name, Role.STAFF, "/x/", status, queries, 1.0, 1.0)


def test_scale_problems_name_a_page_whose_queries_grow_or_that_fails() -> None:
    small = [_result("steady", 5), _result("grows", 5), _result("broken", 3)]
    large = [
        _result("steady", 5),
        _result("grows", 7),
        PageResult("broken", Role.STAFF, "/x/", 500, error="answered 500"),
    ]

    problems = scale_problems(small, large)

    assert problems == [
        "broken (staff) /x/: answered 500",
        "grows (staff): 5 queries at the small scale, 7 at the large one",
    ]
    assert scale_problems(small[:1], large[:1]) == []


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.django_db
def test_every_page_answers_with_the_same_queries_at_two_scales(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the CI bench runs on PostgreSQL (DATABASE_URL=postgres://…)")
    settings.ROOT_URLCONF = "aer_portal.bench_urls"
    settings.BENCH = True

    small = _measure_at(SMALL)
    large = _measure_at(LARGE)

    with capsys.disabled():  # the timings, for whoever reads the CI log
        print(f"\nBench at scale {SMALL}:\n{format_table(small)}")
        print(f"\nBench at scale {LARGE}:\n{format_table(large)}")
    assert len(small) == len(large) == len(registered_pages())
    assert scale_problems(small, large) == []


def test_each_median_reads_as_a_multiple_of_the_reference_page() -> None:
    from aer_portal.bench import REFERENCE_PAGE, reference_median

    reference = PageResult(
        REFERENCE_PAGE.name, Role.ANONYMOUS, REFERENCE_PAGE.url, 200, 1, 2.0, 2.2
    )
    page = PageResult("call", Role.STAFF, "/fees/calls/2026/", 200, 12, 10.0, 25.0)

    table = format_table([reference, page])

    assert reference_median([reference, page]) == 2.0
    assert page.p95_ratio == 2.5
    header, _, reference_line, page_line = table.splitlines()
    assert "x ref" in header and "p95/med" in header
    assert page_line.split()[-4:] == ["5.0", "2.5", "0", "12"]
    assert reference_line.split()[-4:-2] == ["1.0", "1.1"]
    assert registered_pages()[1] == REFERENCE_PAGE


def test_a_page_timed_in_turn_with_the_reference_is_divided_by_that_reference() -> None:
    from aer_portal.bench import reference_median

    early = PageResult("early", Role.STAFF, "/a/", 200, 3, 4.0, 4.4, reference_ms=2.0)
    late = PageResult("late", Role.STAFF, "/b/", 200, 3, 12.0, 13.0, reference_ms=4.0)
    alone = PageResult("alone", Role.STAFF, "/c/", 200, 3, 9.0, 9.0)

    assert (early.x_ref, late.x_ref, alone.x_ref) == (2.0, 3.0, None)
    assert reference_median([early, late, alone]) == 3.0
    rows = format_table([early, late, alone]).splitlines()[2:]
    assert [row.split()[-5:-3] for row in rows] == [["2.00", "2.0"], ["4.00", "3.0"], ["-", "3.0"]]
