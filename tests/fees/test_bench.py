"""The fees part of the benchmark: its pages, its seed and the timing of a call with PDFs."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone
from pytest_django.fixtures import Settings

from aer_portal.bench import Role, measure_pages
from fees.bench import FeeCallTiming, time_fee_call
from fees.models import FeeCall, Invoice, Payment
from portal.bench import registered_pages, seed_all

pytestmark = pytest.mark.slow

SCALE = 0.05  # 10 members


@pytest.fixture
def bench_settings(settings: Settings) -> Settings:
    settings.ROOT_URLCONF = "aer_portal.bench_urls"
    settings.BENCH = True
    return settings


def test_the_fees_pages_are_registered() -> None:
    pages = {(page.name, page.role) for page in registered_pages()}
    assert {
        ("fees: call preview (200 members)", Role.STAFF),
        ("fees: region's invoices", Role.MEMBER_OFFICER),
        ("fees: one invoice", Role.MEMBER_OFFICER),
        ("fees: Treasurer's view", Role.STAFF),
        ("admin: invoices", Role.STAFF),
    } <= pages


@pytest.mark.django_db
def test_the_seed_makes_ten_years_of_calls_and_the_pages_answer(
    bench_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_all(scale=SCALE)
    year = timezone.localdate().year
    assert "Fee call (" not in capsys.readouterr().out  # timed after the pages, not here
    assert FeeCall.objects.count() == 10 and not FeeCall.objects.filter(year=year).exists()
    assert Invoice.objects.filter(year=year - 1).count() >= 5
    assert Payment.objects.count() < Invoice.objects.filter(total__gt=0).count()
    assert not Invoice.objects.filter(year=year).exists()  # the timed call was rolled back
    fees_pages = [page for page in registered_pages() if page.name.startswith("fees:")]
    results = measure_pages(fees_pages, repeat=1, warmup=0)
    assert [(r.name, r.error) for r in results if not r.ok] == []


@pytest.mark.django_db
def test_timing_a_call_renders_every_pdf_and_leaves_nothing(settings: Settings) -> None:
    from tests.fees.factories import fee_decision, paying_member

    fee_decision(2026)
    for _ in range(2):
        paying_member()
    timing = time_fee_call(today=date(2026, 3, 2))
    assert timing.invoices == 2 and timing.pdf_seconds > 0
    assert timing.rendered == 2 and timing.weasyprint_seconds > 0
    assert timing.ratio_to_weasyprint == timing.pdf_seconds / timing.weasyprint_seconds
    assert "ms per PDF" in str(timing) and "WeasyPrint alone on the same HTML" in str(timing)
    # CPU time too, measured alternately: steadier than the wall clock on a busy machine.
    assert timing.pdf_cpu_seconds > 0 and timing.weasyprint_cpu_seconds > 0
    assert "CPU time" in str(timing)
    assert not Invoice.objects.exists() and not FeeCall.objects.exists()
    assert FeeCallTiming(0, 0.0, 0.0).seconds_per_pdf == 0.0


@pytest.mark.django_db
def test_the_report_renders_only_some_pdfs_against_weasyprint_alone() -> None:
    from tests.fees.factories import fee_decision, paying_member

    fee_decision(2026)
    for _ in range(3):
        paying_member()
    timing = time_fee_call(today=date(2026, 3, 2), pdf_limit=1)
    assert timing.invoices == 3 and timing.rendered == 1
    assert timing.seconds_per_pdf == timing.pdf_seconds
    assert not Invoice.objects.exists()
