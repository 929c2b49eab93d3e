"""An officer corrects a contact of their region in a real browser."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from members.models import ContactRole
from tests.factories import (
    PASSWORD,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    member_officer,
)
from tests.members.factories import ContactRoleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_officer_opens_my_region_corrects_a_contact_and_sees_the_change(  # type: ignore[no-untyped-def]
    page, live_server
) -> None:
    member = MemberFactory(name="Västra Götaland Region", native_name="Västra Götalandsregionen")
    MembershipFactory(member=member, board_decision=date(1995, 6, 10))
    contact = PersonFactory(
        member=member, first_name="Therese", last_name="Ydrén", email="therese@vgregion.se"
    )
    ContactRoleFactory(person=contact, role=ContactRole.Role.EURODYSSEY)
    user = member_officer(member=member, user__full_name="Mikael Appelqvist")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")

    page.get_by_role("link", name="My region").first.click()
    page.wait_for_url(f"{live_server.url}/my-region/{member.pk}/")
    expect(page.get_by_role("heading", name="Västra Götaland Region")).to_be_visible()
    expect(page.get_by_role("row", name="Therese Ydrén")).to_be_visible()

    page.get_by_role("link", name="Correct Therese Ydrén").click()
    page.get_by_label("E-mail").fill("therese.ydren@vgregion.se")
    page.get_by_label("Phone").fill("+46 10 441 00 00")
    page.get_by_label("Summer Academy").check()
    page.get_by_label("Unit").fill("avdelning FoUU")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(f"{live_server.url}/my-region/{member.pk}/#contacts")
    expect(page.get_by_text("Therese Ydrén is saved.")).to_be_visible()
    row = page.get_by_role("row", name="Therese Ydrén")
    assert "therese.ydren@vgregion.se" in row.inner_text()
    assert "Summer Academy (avdelning FoUU)" in row.inner_text()
    assert "(by Mikael Appelqvist)" in page.locator(".contact-changes").inner_text()
