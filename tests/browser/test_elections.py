"""An election from nomination to the Executive Board, through a real browser.

A region nominates its candidate with a PDF letter and CV, the Election Committee accepts, the
portfolio PDF carries the candidate's name, a virtual General Assembly votes online: three
candidates, no majority, a second round between the two first, a winner who then sits in the
Executive Board.
"""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect
from pypdf import PdfReader

from aer_portal.rules.bodies import Body as BodyKind
from elections.models import Candidacy, Round
from elections.services.rounds import ballot_cast
from governance.models import Mandate
from tests.elections.factories import (
    at,
    committee_member,
    delegate,
    election,
    full_member,
    nominate,
    officer,
    pdf_bytes,
    voter,
)
from tests.factories import BodyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(context, live_server, user) -> None:  # type: ignore[no-untyped-def]
    """The browser carries a session made by Django's test client (no password, no TOTP)."""
    client = Client()
    client.force_login(user)
    context.clear_cookies()
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _pdf(tmp_path, name: str) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(pdf_bytes())
    return str(path)


def test_a_region_s_candidate_is_elected_in_a_second_round_and_joins_the_board(  # type: ignore[no-untyped-def]
    browser, live_server, tmp_path, settings
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    today = timezone.localdate()
    ga_day = today + timedelta(days=35)  # candidacies close in a week
    BodyFactory(kind=BodyKind.EXECUTIVE_BOARD, name="Executive Board", slug="executive-board")
    vote = election(day=ga_day, online=True)
    region = full_member(name="Västra Götaland Region")
    candidate = delegate(region, first_name="Åsa", last_name="Lindqvist")
    region_officer = officer(region)
    committee = committee_member()
    berg = nominate(vote, accept=True, first_name="Bogdan", last_name="Berg", today=today)
    carlsson = nominate(vote, accept=True, first_name="Cecilia", last_name="Carlsson", today=today)

    officer_context = browser.new_context(locale="en-GB")
    committee_context = browser.new_context(locale="en-GB")
    try:
        # 1. The region nominates its candidate, with a PDF letter and CV.
        page = officer_context.new_page()
        page.set_default_timeout(15_000)
        _log_in(officer_context, live_server, region_officer)
        page.goto(f"{live_server.url}/elections/{vote.pk}/")
        page.get_by_role("link", name="Nominate a candidate").click()
        page.get_by_label("Position").select_option(label="President")
        page.get_by_label("Candidate", exact=True).select_option(label="Åsa Lindqvist")
        page.get_by_label("Application letter").set_input_files(_pdf(tmp_path, "letter.pdf"))
        page.get_by_label("CV", exact=True).set_input_files(_pdf(tmp_path, "cv.pdf"))
        page.get_by_role("button", name="Submit the candidacy").click()
        page.wait_for_url(f"{live_server.url}/elections/{vote.pk}/candidacies/")
        row = page.get_by_role("row", name="Åsa Lindqvist")
        assert "Awaiting review" in row.inner_text()
        assert "Eligible: all the rules are met" in row.inner_text()
        mine = Candidacy.objects.get(person=candidate)

        # 2. The Election Committee accepts it.
        desk = committee_context.new_page()
        desk.set_default_timeout(15_000)
        _log_in(committee_context, live_server, committee)
        desk.goto(f"{live_server.url}/elections/{vote.pk}/candidacies/")
        desk.locator(f"#accept-{mine.pk}").check()
        desk.get_by_role("button", name="Record the decision").click()
        desk.wait_for_url(f"{live_server.url}/elections/{vote.pk}/candidacies/")
        assert "Accepted" in desk.get_by_role("row", name="Åsa Lindqvist").inner_text()

        # 3. After the deadline, the portfolio is made (Celery, in-process) and carries her name.
        with time_machine.travel(at(ga_day - timedelta(days=20)), tick=True):
            _log_in(committee_context, live_server, committee)
            desk.goto(f"{live_server.url}/elections/{vote.pk}/desk/")
            desk.get_by_role("button", name="Make the portfolio and send it to all members").click()
            desk.wait_for_url(f"{live_server.url}/elections/{vote.pk}/desk/")
            expect(desk.get_by_text("Sent to all members on")).to_be_visible()
            response = desk.request.get(f"{live_server.url}/elections/{vote.pk}/portfolio.pdf")
            assert response.status == 200
            text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
            assert "Åsa Lindqvist" in text and "Bogdan Berg" in text

        # 4. Election day at a virtual General Assembly: talliers, then an online round.
        voters = [voter() for _ in range(4)]
        with time_machine.travel(at(ga_day, 10), tick=True):
            _log_in(committee_context, live_server, committee)
            desk.goto(f"{live_server.url}/elections/{vote.pk}/desk/")
            desk.get_by_label("First tallier").fill("Maria Ionescu")
            desk.get_by_label("Second tallier").fill("Jonas Eklund")
            desk.get_by_role("button", name="Record", exact=True).click()
            desk.get_by_role("button", name="Open the round").click()
            desk.wait_for_url(f"{live_server.url}/elections/{vote.pk}/desk/")
            first = Round.objects.get(number=1)
            numbers = {c.candidacy_id: c.number for c in first.candidates.all()}

            # One delegate votes in the browser and keeps the receipt.
            page = officer_context.new_page()
            _log_in(officer_context, live_server, voters[0])
            page.goto(f"{live_server.url}/elections/rounds/{first.pk}/vote/")
            page.get_by_label("Åsa Lindqvist").check()
            page.get_by_role("button", name="Continue").click()
            # The confirmation is asked in the page's dialog (issue 19), naming the choice.
            asked = page.locator("dialog[open]")
            assert "You vote for Åsa Lindqvist" in asked.inner_text()
            assert "This cannot be changed." in asked.inner_text()
            page.get_by_role("button", name="Confirm and cast my vote").click()
            receipt = page.locator("#receipt-code").inner_text()
            now = timezone.now()
            for user, choice in zip(voters[1:], (mine, berg, berg), strict=True):
                ballot_cast(round=first, voter=user, choice=numbers[choice.pk], now=now)
            ballot_cast(round=first, voter=voter(), choice=numbers[carlsson.pk], now=now)

            # The committee sees the turnout, closes and counts: 2, 2, 1 — no majority.
            desk.reload()
            expect(desk.get_by_text("Turnout: 5 of")).to_be_visible()
            desk.get_by_role("button", name="Close the round…").click()
            expect(desk.get_by_text("5 of").first).to_be_visible()
            desk.get_by_role("button", name="Close the round and count the ballots").click()
            desk.wait_for_url(f"{live_server.url}/elections/{vote.pk}/desk/")
            expect(desk.get_by_text("no majority: a second round")).to_be_visible()
            desk.get_by_role("button", name="Open the round").click()
            desk.wait_for_url(f"{live_server.url}/elections/{vote.pk}/desk/")
            second = Round.objects.get(number=2)
            runoff = {c.candidacy_id: c.number for c in second.candidates.all()}
            assert set(runoff) == {mine.pk, berg.pk}  # Carlsson is out (art. 15.7)

            now = timezone.now()
            for user, choice in zip(voters, (mine, mine, mine, berg), strict=True):
                ballot_cast(round=second, voter=user, choice=runoff[choice.pk], now=now)
            desk.get_by_role("button", name="Close the round…").click()
            expect(desk.get_by_text("4 of").first).to_be_visible()
            desk.get_by_role("button", name="Close the round and count the ballots").click()
            desk.wait_for_url(f"{live_server.url}/elections/{vote.pk}/desk/")

            # The receipt shows the ballot was counted, without saying how it voted.
            page.goto(f"{live_server.url}/elections/receipt/")
            page.get_by_label("Receipt code").fill(receipt)
            page.get_by_role("button", name="Check").click()
            expect(page.get_by_text("Counted: a ballot with this code")).to_be_visible()

            # 5. The results are published and the winner sits in the Executive Board.
            desk.get_by_role("button", name="Publish the results").click()
            # Publishing ends the election: the desk asks for a confirmation first.
            desk.get_by_role("button", name="I confirm: publish the results").click()
            desk.wait_for_url(f"{live_server.url}/elections/{vote.pk}/results/")
            end = ga_day.replace(year=ga_day.year + 2) - timedelta(days=1)
            expect(
                desk.get_by_text(
                    f"Executive Board: President, {date_format(ga_day)} to {date_format(end)} "
                    "(consecutive term 1)"
                )
            ).to_be_visible()
            mandate = Mandate.objects.get(person=candidate)
            assert mandate.seat.body.kind == BodyKind.EXECUTIVE_BOARD
            assert mandate.starts_on == ga_day and mandate.member == region
            # The Executive Board's page (the governance app) lists her in its composition.
            board_page = officer_context.new_page()
            board_page.goto(f"{live_server.url}/bodies/executive-board/")
            expect(board_page.get_by_text("Åsa Lindqvist").first).to_be_visible()
    finally:
        officer_context.close()
        committee_context.close()
