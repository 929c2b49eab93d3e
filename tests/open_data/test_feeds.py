"""Atom feeds of new working groups, calls for candidacies and results; the public calendar."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from elections.models import Election
from tests.open_data.world import SECRET_MARKERS, add_members, open_world

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ("/feeds/working-groups.atom", "/feeds/candidacies.atom", "/feeds/results.atom")


def _entries(url: str) -> list[str]:
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (the portal's own feed)
    return [entry.findtext(f"{ATOM}title") or "" for entry in root.iter(f"{ATOM}entry")]


def test_new_working_groups_are_announced() -> None:
    world = open_world(members=2)

    assert _entries("/feeds/working-groups.atom") == [world.group.name]


def test_a_published_election_is_a_call_for_candidacies_and_a_draft_is_not() -> None:
    world = open_world(members=2)
    from tests.elections.factories import election

    election(published=False, day=timezone.localdate() + timedelta(days=100))

    assert _entries("/feeds/candidacies.atom") == [f"Call for candidacies: {world.election.title}"]


def test_results_appear_once_published() -> None:
    world = open_world(members=2)
    assert _entries("/feeds/results.atom") == []

    Election.objects.filter(pk=world.election.pk).update(results_published_on=timezone.localdate())

    assert _entries("/feeds/results.atom") == [f"Results: {world.election.title}"]


def test_the_feeds_speak_french_to_a_french_reader() -> None:
    open_world(members=1)

    response = Client().get("/feeds/candidacies.atom", headers={"Accept-Language": "fr"})

    assert "Appel à candidatures" in response.content.decode()


def test_the_public_calendar_has_public_meetings_and_their_deadlines_without_links() -> None:
    world = open_world(members=2)

    response = Client().get("/feeds/calendar.ics")

    text = response.content.decode().replace("\r\n ", "")  # unfolded (RFC 5545 §3.1)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "SUMMARY:" in text and "Kick-off" in text
    assert world.election.meeting.title in text
    assert "candidacies due" in text
    assert "invitations and draft agenda" in text
    assert "Cancelled one" not in text
    for marker in SECRET_MARKERS:
        assert marker not in text, marker


@pytest.mark.slow
def test_feeds_make_as_many_queries_for_200_members_as_for_10() -> None:
    open_world(members=10)
    urls = (*FEEDS, "/feeds/calendar.ics")

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert Client().get(url).status_code == 200
        return len(context.captured_queries)

    small = {url: count(url) for url in urls}
    add_members(190)
    large = {url: count(url) for url in urls}
    print("queries at 10 and 200 members:", {url: (small[url], large[url]) for url in small})
    assert large == small
