"""Staff convene an Executive Board meeting in a real browser; the Board member sees it."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Meeting
from members.models import User
from tests.factories import PASSWORD, UserFactory, staff_user, with_totp
from tests.governance.factories import AgendaItemFactory, MeetingFactory, seated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _totp_code(user: User) -> str:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def _log_in_with_two_factor(page, live_server, user: User) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    # A code typed in the last seconds of its 30-second period reaches a busy server in the
    # next one: wait for a fresh period then (a CI run timed out on the 2FA page).
    left = 30 - time.time() % 30
    if left < 5:
        time.sleep(left + 0.5)
    page.get_by_label("Code").fill(_totp_code(user))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")


def test_staff_convene_a_board_meeting_and_the_board_member_sees_it(
    page,
    live_server,
    browser,  # type: ignore[no-untyped-def]
) -> None:
    vice_president = seated(BodyKind.EXECUTIVE_BOARD)
    board_user = with_totp(UserFactory(person=vice_president, full_name="Vera Vice-President"))
    staff = with_totp(staff_user(full_name="Sam Staff"))
    meeting = MeetingFactory(
        body=vice_president.mandates.get().seat.body,
        title="Executive Board in Strasbourg",
        starts_at=timezone.now() + timedelta(days=30),
        place="Strasbourg",
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Preparation of the General Assembly")

    _log_in_with_two_factor(page, live_server, staff)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.get_by_role("heading", name="Notice deadlines")).to_be_visible()
    days_left = (meeting.day - timedelta(days=14) - timezone.localdate()).days
    expect(page.get_by_text(f"due in {days_left} days")).to_be_visible()
    page.get_by_role("button", name="Send the invitation and draft agenda").click()
    expect(page.get_by_text("go by e-mail to 1 person")).to_be_visible()
    page.get_by_role("button", name="I confirm: send the invitation").click()
    page.wait_for_url(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.get_by_text("The invitation is on its way")).to_be_visible()
    assert page.locator(".meeting-status").first.inner_text() == "Convened"

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    (invitation,) = mail.outbox
    assert invitation.to == [vice_president.email]
    attachments = {name: (content, kind) for name, content, kind in invitation.attachments}
    ics, ics_type = attachments["meeting.ics"]
    assert ics_type.startswith("text/calendar")
    assert f"UID:meeting-{meeting.pk}@aer-portal" in ics and "LOCATION:Strasbourg" in ics
    assert attachments["agenda.pdf"][0].startswith(b"%PDF")

    board_context = browser.new_context(locale="en-GB")
    board_page = board_context.new_page()
    board_page.set_default_timeout(15_000)
    try:
        _log_in_with_two_factor(board_page, live_server, board_user)
        panel = board_page.locator(".next-meetings")
        assert "Executive Board in Strasbourg" in panel.inner_text()
        assert "Convened" in panel.inner_text()
        board_page.get_by_role("link", name="Executive Board in Strasbourg").click()
        expect(board_page.get_by_text("Preparation of the General Assembly")).to_be_visible()
    finally:
        board_context.close()
