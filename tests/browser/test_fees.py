"""The demo region's officer opens the region's open invoice and downloads its PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from fees import demo
from fees.models import Invoice
from tests.factories import PASSWORD, member_officer
from tests.fees.factories import paying_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_officer_downloads_the_open_invoice(page, live_server) -> None:  # type: ignore[no-untyped-def]
    region = paying_member(
        name=demo.OFFICER_REGION,
        native_name="Västra Götalandsregionen",
        population=1_760_000,
        statistics_year=timezone.localdate().year - 1,
    )
    paying_member(name="Vrancea County")
    officer = member_officer(member=region, user__email="officer@demo.aer.eu")
    demo.seed(today=timezone.localdate())  # no PDF yet: rendered at the first download
    open_invoice = Invoice.objects.get(member=region, kind=Invoice.Kind.PROGRAMME)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="Invoices", exact=True).click()
    page.wait_for_url(f"{live_server.url}/fees/invoices/")
    expect(page.get_by_role("heading", name="Your region's invoices")).to_be_visible()
    assert "Vrancea" not in page.content()
    page.get_by_role("link", name=open_invoice.number, exact=True).click()
    page.wait_for_url(f"{live_server.url}/fees/invoices/{open_invoice.number}/")
    expect(page.get_by_text("Open", exact=True).first).to_be_visible()
    expect(page.get_by_text("Summer Academy Organising Committee").first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Download invoice {open_invoice.number} (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"AER-{open_invoice.number}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
