"""A person logs in through a real browser."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, MemberFactory, member_officer, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_member_officer_sees_the_region_on_the_dashboard(page, live_server) -> None:  # type: ignore[no-untyped-def]
    member = MemberFactory(name="Västra Götaland Region", native_name="Västra Götalandsregionen")
    user = member_officer(member=member, user__full_name="Mikael Lindqvist")
    _log_in(page, live_server, user.email)
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert page.get_by_role("heading", name="Welcome, Mikael Lindqvist").is_visible()
    assert page.locator(".acting-for-member").inner_text().startswith("Västra Götaland Region")


def test_staff_without_two_factor_are_sent_to_set_it_up(page, live_server) -> None:  # type: ignore[no-untyped-def]
    user = staff_user()
    _log_in(page, live_server, user.email)
    # allauth asks for the password again before any two-factor change (its default).
    page.wait_for_url("**/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F")
    assert page.get_by_text("must protect their account with two-factor").is_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    assert page.get_by_role("heading", name="Activate Authenticator App").is_visible()
    # Until it is set up, every other page sends the person back here.
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_url(f"{live_server.url}/accounts/2fa/totp/activate/")
