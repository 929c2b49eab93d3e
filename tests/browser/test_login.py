"""A person logs in through a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

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
    expect(page.get_by_role("heading", name="Welcome, Mikael Lindqvist")).to_be_visible()
    assert page.locator(".acting-for-member").inner_text().startswith("Västra Götaland Region")


def test_staff_without_two_factor_are_sent_to_set_it_up(page, live_server) -> None:  # type: ignore[no-untyped-def]
    user = staff_user()
    _log_in(page, live_server, user.email)
    # The password typed seconds ago is enough: nobody is asked for it again.
    page.wait_for_url(f"{live_server.url}/accounts/2fa/totp/activate/")
    expect(page.get_by_text("must protect their account with two-factor")).to_be_visible()
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    # Until it is set up, every other page sends the person back here.
    page.goto(f"{live_server.url}/dashboard/")
    page.wait_for_url(f"{live_server.url}/accounts/2fa/totp/activate/")


@pytest.mark.parametrize("width", [1280, 1366, 1440])
@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("also_officer", [False, True], ids=["staff", "staff-and-officer"])
def test_the_staff_menu_keeps_language_and_log_out_on_one_line(  # type: ignore[no-untyped-def]
    browser, live_server, width: int, language: str, also_officer: bool
) -> None:
    from tests.factories import with_totp

    # A secretariat member who is also a region's officer has the longest menu ("My region").
    user = with_totp(member_officer(user__is_staff=True) if also_officer else staff_user())
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    # Two-factor is not the point here: open the dashboard with a ready staff session.
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": session.session_key,
                "url": live_server.url,
            },
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
        ]
    )
    page.goto(f"{live_server.url}/dashboard/")
    first_link = page.locator(".portal-header .navbar-nav .nav-link").first.bounding_box()
    log_out = page.locator(".portal-header a[href$='/accounts/logout/']").bounding_box()
    language_button = page.locator(".language-switch button").first.bounding_box()
    assert first_link and log_out and language_button
    header_height = page.locator(".portal-header").bounding_box()["height"]
    assert header_height < 80, f"the header takes {header_height}px: something wrapped"
    for box in (log_out, language_button):
        assert abs(box["y"] + box["height"] / 2 - (first_link["y"] + first_link["height"] / 2)) < 8
        assert box["x"] + box["width"] <= width
    context.close()
