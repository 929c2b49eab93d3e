"""The iCalendar text (RFC 5545) and the personal feed at its secret, revocable address."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from governance.models import CalendarFeed
from governance.selectors.calendar import CalendarEvent, escape_text, fold, icalendar
from governance.services.meetings import calendar_feed_renew, calendar_feed_revoke
from tests.governance.factories import utc
from tests.governance.world import ROLES, World, build_world

NOW = utc(2026, 5, 1, 8, 0, 0)


def test_text_is_escaped() -> None:
    assert escape_text("Brussels; room 1, floor 2\\3\nline") == (
        "Brussels\\; room 1\\, floor 2\\\\3\\nline"
    )


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    line = "SUMMARY:" + "Västra Götaland – Чернівецька область " * 5
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join([parts[0], *(part[1:] for part in parts[1:])]) == line


@given(st.text(min_size=0, max_size=400))
def test_folding_round_trips_any_text(text: str) -> None:
    line = "DESCRIPTION:" + escape_text(text)
    parts = fold(line).split("\r\n ")
    assert "".join(parts) == line
    assert all(len(part.encode("utf-8")) <= 75 for part in parts)


def _fold_a_character_at_a_time(line: str) -> str:
    """The first folding, kept as the reference: it encoded the line once per character."""
    parts = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            parts.append(current)
            current = char
            limit = 74
        else:
            current += char
    parts.append(current)
    return "\r\n ".join(parts)


@given(st.text(min_size=0, max_size=400))
def test_folding_in_bytes_cuts_where_folding_by_characters_did(text: str) -> None:
    line = "DESCRIPTION:" + escape_text(text)
    assert fold(line) == _fold_a_character_at_a_time(line)


def test_a_calendar_has_crlf_lines_stable_uids_and_utc_times() -> None:
    events = [
        CalendarEvent(
            uid="meeting-7@aer-portal",
            summary="Executive Board: spring, Strasbourg",
            start=utc(2026, 6, 18, 8, 0, 0),
            end=utc(2026, 6, 18, 16, 0, 0),
            location="Strasbourg",
        ),
        CalendarEvent(uid="deadline-x@aer-portal", summary="Deadline", start=date(2026, 6, 4)),
    ]
    text = icalendar(events, name="AER", now=NOW)
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert "UID:meeting-7@aer-portal\r\n" in text
    assert "DTSTART:20260618T080000Z\r\n" in text and "DTSTAMP:20260501T080000Z\r\n" in text
    assert "SUMMARY:Executive Board: spring\\, Strasbourg\r\n" in text
    assert "DTSTART;VALUE=DATE:20260604\r\n" in text
    assert text.count("BEGIN:VEVENT") == 2 == text.count("END:VEVENT")


@pytest.fixture
def world(settings, tmp_path) -> World:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_feed_opens_with_its_token_only_whoever_asks(world: World, role: str) -> None:
    feed = calendar_feed_renew(user=world.officer_a)
    client = Client()
    if (user := world.user(role)) is not None:
        client.force_login(user)
    response = client.get(reverse("governance:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    # Region A's calendar whoever reads it: its Bureau and the General Assembly, not the Board.
    assert "Bureau\\, spring" in text and "General Assembly 2027" in text
    assert "Executive Board\\, spring" not in text
    assert client.get(reverse("governance:calendar_feed", args=["not-a-token"])).status_code == 404


@pytest.mark.django_db
def test_the_feed_has_meetings_and_deadlines_with_stable_uids(world: World) -> None:
    feed = calendar_feed_renew(user=world.officer_a)
    url = reverse("governance:calendar_feed", args=[feed.token])
    first = Client().get(url).content.decode()
    assert f"UID:meeting-{world.assembly.pk}@aer-portal" in first
    assert f"UID:deadline-meeting-{world.assembly.pk}-proposals@aer-portal" in first
    second = Client().get(url).content.decode()
    uids = [line for line in first.split("\r\n") if line.startswith("UID:")]
    assert uids == [line for line in second.split("\r\n") if line.startswith("UID:")]


@pytest.mark.django_db
def test_staff_feed_has_every_notice_deadline(world: World) -> None:
    feed = calendar_feed_renew(user=world.staff)
    text = Client().get(reverse("governance:calendar_feed", args=[feed.token])).content.decode()
    assert f"UID:deadline-meeting-{world.board_meeting.pk}-documents@aer-portal" in text
    assert "Executive Board\\, spring" in text


@pytest.mark.django_db
def test_renewing_or_revoking_closes_the_old_address(world: World) -> None:
    old = calendar_feed_renew(user=world.board).token
    new = calendar_feed_renew(user=world.board).token
    assert old != new and len(new) >= 40
    client = Client()
    assert client.get(reverse("governance:calendar_feed", args=[old])).status_code == 404
    assert client.get(reverse("governance:calendar_feed", args=[new])).status_code == 200
    calendar_feed_revoke(user=world.board)
    assert client.get(reverse("governance:calendar_feed", args=[new])).status_code == 404


@pytest.mark.django_db
def test_the_calendar_page_creates_renews_and_revokes(world: World) -> None:
    client = Client()
    client.force_login(world.officer_b)
    url = reverse("governance:calendar_settings")
    assert "Create my calendar address" in client.get(url).content.decode()
    assert client.post(url, {"action": "renew"}).status_code == 302
    token = CalendarFeed.objects.get(user=world.officer_b).token
    assert token in client.get(url).content.decode()
    client.post(url, {"action": "revoke"})
    assert not CalendarFeed.objects.filter(user=world.officer_b).exists()


@pytest.mark.django_db
def test_an_inactive_account_has_no_feed(world: World) -> None:
    feed = calendar_feed_renew(user=world.officer_a)
    world.officer_a.is_active = False
    world.officer_a.save()
    assert Client().get(reverse("governance:calendar_feed", args=[feed.token])).status_code == 404
