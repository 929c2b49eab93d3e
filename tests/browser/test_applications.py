"""One region joins AER in a real browser: it applies without an account and sees its fee,
the secretariat puts the application before the Executive Board and records the approval,
the first-year invoice is issued, and the contact person logs in for the first time."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from fees.models import Invoice
from members.models import Member, MembershipApplication
from tests.browser.test_meetings import _log_in_with_two_factor
from tests.factories import BodyFactory, CountryFactory, staff_user, with_totp
from tests.fees.test_applications import PDF
from tests.governance.factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _attach_letter(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    letter = tmp_path / "Scrisoare de intenție.pdf"
    letter.write_bytes(PDF)
    page.get_by_label("Signed letter of intent (PDF)").set_input_files(str(letter))


def test_a_region_applies_is_approved_invoiced_and_logs_in(  # type: ignore[no-untyped-def]
    page, browser, live_server, settings, tmp_path: Path
) -> None:
    settings.PORTAL_BASE_URL = live_server.url
    CountryFactory(code="RO", name_en="Romania", name_fr="Roumanie")
    meeting = MeetingFactory(
        body=BodyFactory(), title="Executive Board", starts_at=timezone.now() + timedelta(days=2)
    )
    staff = with_totp(staff_user(full_name="Sam Staff"))

    # The region applies, without an account, and sees its fee before sending.
    page.goto(f"{live_server.url}/join/")
    page.get_by_label("Official name of the region or organisation").fill("Dâmbovița County")
    page.get_by_label("Kind of entity").select_option("region")
    page.get_by_label("Category asked for").select_option("full")
    page.get_by_label("Country").select_option(label="Romania")
    page.get_by_label("Population (inhabitants)").fill("519000")
    page.get_by_label("GDP per inhabitant relative to the EU average").fill("0.55")
    page.get_by_label("Contact person: first name").fill("Ioana")
    page.get_by_label("Contact person: last name").fill("Marinescu")
    page.get_by_label("Contact person: e-mail").fill("ioana@example.ro")
    page.get_by_role("button", name="Show the fee").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Procedures art. 3.1.1").first).to_be_visible()
    assert page.get_by_label("Population (inhabitants)").input_value() == "519000"
    _attach_letter(page, tmp_path)
    page.get_by_role("button", name="Send the application").click()
    page.wait_for_url(re.compile(r".*/join/status/.+"))
    expect(page.get_by_text("Your application was sent")).to_be_visible()
    application = MembershipApplication.objects.get()
    acknowledgement = next(m for m in mail.outbox if m.to == ["ioana@example.ro"])
    assert page.url.split("?")[0] in acknowledgement.body

    # The secretariat puts it on the Board's agenda and records the approval.
    _log_in_with_two_factor(page, live_server, staff)
    page.goto(f"{live_server.url}/secretariat/applications/")
    page.get_by_role("link", name="Dâmbovița County").click()
    page.wait_for_url(f"{live_server.url}/secretariat/applications/{application.pk}/")
    expect(page.get_by_text("Nothing in the Procedures stands in the way")).to_be_visible()
    page.get_by_label("Executive Board meeting").select_option(str(meeting.pk))
    page.get_by_role("button", name="Add to the agenda").click()
    page.wait_for_load_state()
    expect(page.get_by_text("The application is on the meeting's agenda.")).to_be_visible()
    page.get_by_label("approved the application").check()
    page.get_by_label("Date of the decision").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_load_state()
    member = Member.objects.get(name="Dâmbovița County")
    invoice = Invoice.objects.filter(member=member, kind=Invoice.Kind.FIRST_YEAR).first()
    if timezone.localdate().month < 12:  # a December decision owes nothing that year
        assert invoice is not None
        expect(page.get_by_text(f"first-year invoice {invoice.number} issued")).to_be_visible()

    # The contact person follows the invitation, chooses a password and logs in.
    invitation = next(m for m in mail.outbox if "/accounts/password/reset/key/" in m.body)
    link = re.search(r"(http\S+/accounts/password/reset/key/\S+)", invitation.body)
    assert link is not None
    context = browser.new_context(locale="en-GB")
    contact = context.new_page()
    contact.set_default_timeout(15_000)
    contact.goto(link.group(1))
    contact.locator('input[name="password1"]').fill("Targoviste-1985-x")
    contact.locator('input[name="password2"]').fill("Targoviste-1985-x")
    contact.get_by_role("button", name="Save the password").click()
    contact.wait_for_load_state()
    contact.goto(f"{live_server.url}/accounts/login/")
    contact.get_by_label("Email").fill("ioana@example.ro")
    contact.get_by_label("Password").fill("Targoviste-1985-x")
    contact.get_by_role("button", name="Log in").click()
    contact.wait_for_url(f"{live_server.url}/dashboard/")
    contact.goto(f"{live_server.url}/my-region/")
    expect(contact.get_by_role("heading", name="Dâmbovița County")).to_be_visible()
    if invoice is not None:
        contact.goto(f"{live_server.url}/fees/invoices/")
        expect(contact.get_by_role("link", name=invoice.number, exact=True)).to_be_visible()
    context.close()
