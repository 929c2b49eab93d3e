"""The whole working-group path in a real browser: a region drafts, three regions confirm by
the link in their e-mail, the proposal is submitted, two Board members vote, the secretariat
records the decision, the public page appears and a fourth region joins."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import expect

from members.models import User
from tests.factories import PASSWORD
from tests.working_groups.factories import (
    board_meeting,
    board_staff,
    executive_board,
    officer,
    region,
)
from working_groups.models import GroupMembership, ReviewVote, WorkingGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _context(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="en-GB")
    context.set_default_timeout(15_000)
    return context


def _logged_in_with_password(browser, live_server, user: User):  # type: ignore[no-untyped-def]
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/dashboard/")
    return context, page


def _logged_in_with_session(browser, live_server, user: User):  # type: ignore[no-untyped-def]
    """Board members and staff log in with two-factor: their session is made by Django's test
    client and handed to the browser."""
    client = Client()
    client.force_login(user)
    context = _context(browser)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context, context.new_page()


def test_from_a_regions_idea_to_a_working_group_a_fourth_region_joins(  # type: ignore[no-untyped-def]
    browser, live_server, settings
) -> None:
    settings.PORTAL_BASE_URL = live_server.url
    board = executive_board(vice_presidents=2)
    staff = board_staff()
    board_meeting(days=21, board=board)
    lead = region("Västra Götaland Region")
    lead_officer = officer(lead, user__email="mikael@vgregion.example")
    supporters = {
        name: officer(region(name), user__email=f"officer@{slug}.example")
        for name, slug in (
            ("Innlandet County", "innlandet"),
            ("Imereti", "imereti"),
            ("County Donegal", "donegal"),
        )
    }
    fourth = region("Catalonia")
    fourth_officer = officer(fourth, user__email="officer@catalonia.example")

    # 1. The lead region drafts, saving it incomplete first.
    context, page = _logged_in_with_password(browser, live_server, lead_officer)
    page.goto(f"{live_server.url}/working-groups/proposals/new/")
    page.get_by_label("Topic of the working group").fill("Rural telemedicine")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(re.compile(r".*/working-groups/proposals/\d+/$"))
    expect(page.get_by_text("3 more supporting regions must confirm.")).to_be_visible()
    expect(page.get_by_text("does not clarify the focus")).to_be_visible()
    proposal_url = page.url
    page.get_by_role("link", name="Edit the draft").click()
    page.get_by_label("Focus of the exchange").fill("Remote care in sparsely populated regions")
    page.get_by_label("Objective").fill("Working models of remote care")
    page.get_by_label("Activities for the first two-year mandate").fill("Study visit\nWebinars")
    page.get_by_label("Policy area").select_option(label="Youth")
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_url(proposal_url)
    assert page.get_by_text("does not clarify the focus").count() == 0

    # 2. It invites three regions; each officer gets an e-mail with the link.
    for name in supporters:
        page.get_by_label("Region to invite").select_option(label=name)
        page.get_by_role("button", name="Invite this region").click()
        expect(page.get_by_text(f"{name} is invited")).to_be_visible()
    context.close()
    links = {
        message.to[0]: re.search(r"http://\S+/working-groups/proposals/\d+/", message.body).group(0)
        for message in mail.outbox
        if "invites" in message.subject
    }
    assert set(links) == {user.email for user in supporters.values()}

    # 3. Each invited region confirms in the portal, from the link.
    for name, user in supporters.items():
        context, page = _logged_in_with_password(browser, live_server, user)
        page.goto(links[user.email])
        expect(
            page.get_by_role("heading", name=f"Does {name} support this proposal?")
        ).to_be_visible()
        page.get_by_role("button", name="Confirm support").click()
        expect(page.get_by_text(f"{name} supports this proposal.")).to_be_visible()
        context.close()

    # 4. The lead region submits it to the Executive Board.
    context, page = _logged_in_with_password(browser, live_server, lead_officer)
    page.goto(proposal_url)
    expect(page.get_by_text("it can be submitted")).to_be_visible()
    page.get_by_role("button", name="Submit to the Executive Board").click()
    expect(page.get_by_text("The proposal is submitted to the Executive Board")).to_be_visible()
    context.close()
    assert {m.to[0] for m in mail.outbox if "Executive Board's review" in m.subject} == {
        u.email for u in board.members
    }

    # 5. Two Board members find it on their dashboard and vote.
    for member, choice in ((board.president, "Approve"), (board.vice_presidents[0], "Abstain")):
        context, page = _logged_in_with_session(browser, live_server, member)
        page.goto(f"{live_server.url}/dashboard/")
        page.get_by_role("link", name="Rural telemedicine").first.click()
        page.get_by_label(choice, exact=True).check()
        page.get_by_role("button", name="Vote").click()
        expect(page.get_by_text(f"Your vote is recorded: {choice}.")).to_be_visible()
        context.close()
    assert ReviewVote.objects.count() == 2

    # 6. The Board meeting begins (the online review closes); the secretariat records the
    # decision there, which follows the online result here (art. 14).
    from datetime import timedelta

    from django.utils import timezone

    meeting = (
        ReviewVote.objects.select_related("proposal__board_meeting").first().proposal.board_meeting
    )
    meeting.starts_at = timezone.now() - timedelta(minutes=1)
    meeting.save(update_fields=["starts_at"])
    context, page = _logged_in_with_session(browser, live_server, staff)
    page.goto(proposal_url)
    page.get_by_role("link", name="Record the Board's decision").click()
    assert page.get_by_label("Votes to approve").input_value() == "1"
    page.get_by_label("Reason (adequacy with AER values)").fill(
        "Solidarity between regions with long distances: in line with AER values."
    )
    page.get_by_role("button", name="Record the decision").click()
    page.wait_for_url(re.compile(r".*/working-groups/groups/rural-telemedicine/$"))
    context.close()

    # 7. The public page announces it to anyone.
    context = _context(browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/working-groups/")
    page.get_by_role("link", name="Rural telemedicine").click()
    expect(page.get_by_role("heading", name="Rural telemedicine")).to_be_visible()
    for text in (
        "Remote care in sparsely populated regions",
        "Working models of remote care",
        "Study visit",
    ):
        expect(page.get_by_text(text).first).to_be_visible()
    assert page.locator(".wg-member").count() == 4
    expect(page.get_by_role("link", name="Log in to join")).to_be_visible()
    context.close()

    # 8. A fourth region joins from the public page.
    context, page = _logged_in_with_password(browser, live_server, fourth_officer)
    page.goto(f"{live_server.url}/working-groups/groups/rural-telemedicine/")
    page.get_by_role("button", name="Join as Catalonia").click()
    expect(page.get_by_text("Catalonia is now a member of the working group.")).to_be_visible()
    assert page.locator(".wg-member").count() == 5
    context.close()
    group = WorkingGroup.objects.get()
    assert GroupMembership.objects.filter(group=group, left_on=None).count() == 5
