"""The public read-only API (README, "Open data"): what it shows, what it never shows, its
query counts, pages, ETag, cache, rate limit and CORS."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.fixtures import Settings as SettingsWrapper

from members.models import Member
from tests.factories import UserFactory, staff_user, with_totp
from tests.open_data.world import SECRET_MARKERS, add_members, open_world
from tests.working_groups.factories import copies_of
from working_groups.models import GroupActivity

pytestmark = pytest.mark.django_db

ENDPOINTS = (
    "/api/v1/members/?page_size=200",
    "/api/v1/bodies/",
    "/api/v1/bodies/general-assembly/",
    "/api/v1/bodies/executive-board/",
    "/api/v1/working-groups/?page_size=200",
    "/api/v1/elections/",
    "/api/v1/meetings/",
)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def _get(client: Client, url: str, **headers: Any) -> Any:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def test_members_show_what_the_public_directory_shows() -> None:
    world = open_world(members=6)

    rows = _get(Client(), "/api/v1/members/")["results"]

    by_name = {row["name"]: row for row in rows}
    first = by_name["Open Region 000"]
    assert set(first) == {
        "id",
        "name",
        "native_name",
        "kind",
        "country",
        "category",
        "category_label",
        "since",
        "observer_until",
        "rights_suspended",
        "website",
    }
    assert first["rights_suspended"] is True
    assert first["country"] == {"code": "SE", "name_en": "Country SE", "name_fr": "Pays SE"}
    observer = by_name[world.observer.name]
    assert observer["category"] == "observer"
    assert observer["observer_until"] is not None
    assert by_name["Open Region 001"]["rights_suspended"] is False


def test_no_answer_carries_a_persons_contact_or_anything_private() -> None:
    open_world(members=6)
    client = Client()
    # Logged in or not, the API answers the same: it reads no session.
    client.force_login(with_totp(staff_user()))

    for url in ENDPOINTS:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for marker in SECRET_MARKERS:
            assert marker not in text, f"{url} shows {marker!r}"


def test_the_answer_is_the_same_for_staff_and_anonymous() -> None:
    open_world(members=3)
    staff = Client()
    staff.force_login(with_totp(staff_user()))

    for url in ENDPOINTS:
        assert staff.get(url).content == Client().get(url).content, url


def test_bodies_are_popolo_organizations_with_posts_and_memberships() -> None:
    world = open_world(members=3)

    bodies = _get(Client(), "/api/v1/bodies/")["results"]
    board = _get(Client(), "/api/v1/bodies/executive-board/")

    assert {b["id"] for b in bodies} == {"executive-board", "general-assembly"}
    assert board["classification"] == "executive_board"
    assert {p["role"] for p in board["posts"]} == {"president", "vice_president"}
    membership = next(m for m in board["memberships"] if m["role"] == "President")
    assert set(membership) == {
        "id",
        "organization_id",
        "post_id",
        "role",
        "person_name",
        "on_behalf_of_id",
        "on_behalf_of_name",
        "start_date",
        "end_date",
    }
    assert membership["person_name"].startswith("Petra")
    assert membership["start_date"] == "2024-01-01"
    assembly = _get(Client(), "/api/v1/bodies/general-assembly/")
    assert {m["person_name"] for m in assembly["memberships"]} == {str(p) for p in world.people}


def test_members_written_by_hand_are_what_their_serializer_describes() -> None:
    """The list writes its rows without DRF's fields (issue 16): the schema's serializer and
    the rows must not drift apart."""
    from django.utils import timezone

    from members.api import MemberSerializer, member_row
    from members.selectors.directory import DirectoryFilters, member_directory

    open_world(members=6)
    entries = member_directory(
        on=timezone.localdate(), filters=DirectoryFilters(), with_contacts=False
    )

    expected = json.loads(json.dumps(MemberSerializer(entries, many=True).data))
    assert [member_row(entry) for entry in entries] == expected
    assert any(row["observer_until"] for row in expected)
    assert any(row["rights_suspended"] for row in expected)


def test_a_body_lists_its_memberships_a_page_at_a_time(settings: SettingsWrapper) -> None:
    """A client reads the General Assembly's thousand delegates (five times AER's size) a page
    at a time, in seat order, with the count: no answer reads them all (issue 16)."""
    settings.OPEN_DATA_PAGE_SIZE = 2
    world = open_world(members=5)
    client = Client()

    first = _get(client, "/api/v1/bodies/general-assembly/")
    names = [m["person_name"] for m in first["memberships"]]
    url = first["memberships_next"]
    while url:
        following = _get(client, url.replace("http://testserver", ""))
        assert following["memberships_previous"] is not None
        names += [m["person_name"] for m in following["memberships"]]
        url = following["memberships_next"]

    assert len(first["memberships"]) == 2
    assert first["memberships_previous"] is None
    assert first["memberships_count"] == len(names) == len(set(names))
    assert set(names) == {str(p) for p in world.people}
    assert first["posts"]  # the seats are not paged
    wide = _get(client, "/api/v1/bodies/general-assembly/?page_size=999")
    assert len(wide["memberships"]) == len(names)
    assert client.get("/api/v1/bodies/general-assembly/?page=99").status_code == 404


def test_a_body_not_public_is_not_found() -> None:
    world = open_world(members=2)

    assert Client().get(f"/api/v1/bodies/{world.group.slug}/").status_code == 404
    assert Client().get("/api/v1/bodies/no-such-body/").status_code == 404


def test_working_groups_show_regions_next_meeting_and_how_to_join_not_the_link() -> None:
    world = open_world(members=3)
    world.group.outputs.create(
        kind=GroupActivity.Kind.EVENT,
        title="Study visit to Norrbotten",
        happened_on=date(2026, 5, 4),
    )

    [group] = _get(Client(), "/api/v1/working-groups/")["results"]

    assert group["id"] == world.group.slug
    assert group["activities"] == ["Study visit to Norrbotten", "Webinar series"]
    assert [o["title"] for o in group["outputs"]] == ["Study visit to Norrbotten"]
    assert group["lead_region"] == world.group.lead_region.name
    assert {r["name"] for r in group["regions"]} >= {m.name for m in world.members}
    assert group["next_meeting"]["title"] == "Kick-off"  # the cancelled one comes first
    assert group["next_meeting"]["online"] is True
    assert "joins from this page" in group["how_to_join"]


def test_how_to_join_is_in_french_for_a_french_reader() -> None:
    open_world(members=1)

    [group] = _get(Client(), "/api/v1/working-groups/", **{"Accept-Language": "fr"})["results"]

    assert "ouvert" in group["how_to_join"]


def test_elections_list_the_published_ones_with_their_calendar() -> None:
    world = open_world(members=2)
    from tests.elections.factories import election

    election(published=False)

    rows = _get(Client(), "/api/v1/elections/")["results"]

    assert [r["id"] for r in rows] == [world.election.pk]
    assert rows[0]["candidacies_due"] < rows[0]["election_day"]
    detail = _get(Client(), f"/api/v1/elections/{world.election.pk}/")
    assert detail["results"] == []  # not published yet
    assert Client().get("/api/v1/elections/999999/").status_code == 404


def test_public_meetings_are_group_meetings_and_elective_assemblies_without_links() -> None:
    world = open_world(members=2)

    rows = _get(Client(), "/api/v1/meetings/")["results"]

    assert [r["title"] for r in rows] == ["Kick-off", world.election.meeting.title]
    assert set(rows[0]) == {
        "id",
        "title",
        "body",
        "starts_at",
        "ends_at",
        "place",
        "online",
        "status",
    }


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.slow
def test_each_endpoint_makes_as_many_queries_for_200_members_as_for_10() -> None:
    client = Client()
    open_world(members=10)
    small = {url: _queries(client, url) for url in ENDPOINTS}
    add_members(190)
    large = {url: _queries(client, url) for url in ENDPOINTS}
    print("queries at 10 and 200 members:", {url: (small[url], large[url]) for url in small})

    assert large == small
    assert max(small.values()) <= 8, small


def test_pages_of_the_list() -> None:
    open_world(members=7)

    first = _get(Client(), "/api/v1/members/?page_size=5")
    second = _get(Client(), first["next"].replace("http://testserver", ""))

    assert first["count"] >= 7
    assert len(first["results"]) == 5
    assert second["previous"] is not None
    assert Client().get("/api/v1/members/?page=99").status_code == 404


def test_etag_answers_304_when_nothing_changed(settings: SettingsWrapper) -> None:
    open_world(members=2)
    client = Client()

    response = client.get("/api/v1/members/")
    again = client.get("/api/v1/members/", headers={"If-None-Match": response["ETag"]})

    assert response["ETag"]
    assert again.status_code == 304


def test_answers_are_cached(settings: SettingsWrapper) -> None:
    settings.OPEN_DATA_CACHE_SECONDS = 60
    world = open_world(members=2)
    client = Client()
    before = _get(client, "/api/v1/members/")
    Member.objects.filter(pk=world.members[1].pk).update(name="Renamed")

    with CaptureQueriesContext(connection) as context:
        cached = _get(client, "/api/v1/members/")
    assert cached == before
    assert len(context.captured_queries) == 0


def test_too_many_requests_are_refused(settings: SettingsWrapper) -> None:
    settings.OPEN_DATA_RATE_LIMIT = "3/min"
    client = Client()

    statuses = [client.get("/api/v1/bodies/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_the_website_origin_may_read_the_api_from_a_browser(settings: SettingsWrapper) -> None:
    settings.CORS_ALLOWED_ORIGINS = ["https://aer.example.org"]
    client = Client()

    allowed = client.get("/api/v1/bodies/", headers={"Origin": "https://aer.example.org"})
    other = client.get("/api/v1/bodies/", headers={"Origin": "https://evil.example.org"})
    page = client.get("/bodies/", headers={"Origin": "https://aer.example.org"})

    assert allowed["Access-Control-Allow-Origin"] == "https://aer.example.org"
    assert "Access-Control-Allow-Origin" not in other
    assert "Access-Control-Allow-Origin" not in page


def test_the_api_takes_no_writes() -> None:
    for url in ENDPOINTS:
        assert Client().post(url.split("?")[0], {}).status_code == 405, url


def test_the_description_and_its_page_are_served_without_a_cdn() -> None:
    schema = Client().get("/api/v1/schema/", headers={"Accept": "application/vnd.oai.openapi+json"})
    docs = Client().get("/api/v1/docs/")

    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/members/" in text and "/api/v1/bodies/{slug}/" in text
    assert docs.status_code == 200
    page = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn" not in page.lower()
    # The portal's CSP refuses inline styles; a crawler needs the page's language.
    assert "<style" not in page and '<html lang="en">' in page


def test_a_user_is_never_needed() -> None:
    UserFactory()
    assert json.loads(Client().get("/api/v1/bodies/").content)["count"] == 0


def test_an_election_shows_its_results_once_published_and_never_a_contact() -> None:
    from aer_portal.rules.bodies import Body as BodyKind
    from elections.models import Round
    from elections.services.results import results_publish
    from elections.services.rounds import round_open, round_record_counts
    from tests.elections.factories import GA_DAY, at, committee_member, election, nominate
    from tests.factories import BodyFactory

    BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    vote = election(talliers=True)
    winner = nominate(vote, accept=True)
    loser = nominate(vote, accept=True)
    actor = committee_member()
    round_ = round_open(
        position=vote.positions.get(), method=Round.Method.PAPER, actor=actor, now=at(GA_DAY, 11)
    )
    votes = {c.pk: (10 if c.candidacy_id == winner.pk else 1) for c in round_.candidates.all()}
    round_record_counts(
        round=round_, votes=votes, blank=0, invalid=2, actor=actor, now=at(GA_DAY, 11)
    )
    url = f"/api/v1/elections/{vote.pk}/"
    assert _get(Client(), url)["results"] == []  # counted, not yet published

    results_publish(election=vote, actor=actor, today=GA_DAY, confirmed=True)
    cache.clear()
    response = Client().get(url)

    [position] = response.json()["results"]
    assert position["kind"] == "president"
    assert position["elected"] == [
        {"name": str(winner.person), "member": winner.member.name, "member_id": winner.member_id}
    ]
    [counted] = position["rounds"]
    assert counted["closed"] is True and counted["invalid"] == 2
    assert {c["name"]: c["votes"] for c in counted["candidates"]} == {
        str(winner.person): 10,
        str(loser.person): 1,
    }
    text = response.content.decode()
    for person in (winner.person, loser.person):
        assert person.email and person.email not in text


def test_every_person_and_member_in_the_api_is_on_the_anonymous_pages() -> None:
    world = open_world(members=4)
    anonymous = Client()

    directory = anonymous.get("/members/?all=1").content.decode()
    for row in _get(anonymous, "/api/v1/members/")["results"]:
        assert row["name"] in directory
    assembly_page = anonymous.get("/bodies/general-assembly/?all=1").content.decode()
    for membership in _get(anonymous, "/api/v1/bodies/general-assembly/")["memberships"]:
        assert membership["person_name"] in assembly_page
    group_page = anonymous.get(f"/working-groups/groups/{world.group.slug}/").content.decode()
    [group] = _get(anonymous, "/api/v1/working-groups/")["results"]
    assert group["focus"] in group_page and group["lead_region"] in group_page


def test_the_openapi_description_is_valid_and_has_no_warning() -> None:
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out
    )

    paths = json.loads(out.getvalue())["paths"]
    assert set(paths) == {
        "/api/v1/members/",
        "/api/v1/bodies/",
        "/api/v1/bodies/{slug}/",
        "/api/v1/working-groups/",
        "/api/v1/elections/",
        "/api/v1/elections/{id}/",
        "/api/v1/meetings/",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/members/?page=abc",
        "/api/v1/members/?page=0",
        "/api/v1/members/?page_size=-3",
        "/api/v1/members/?page_size=99999999999999999999",
        "/api/v1/elections/99999999999999999999/",
        "/api/v1/bodies/%C3%A9/",
        "/embed/members/?lang=xx",
        "/embed/bodies/nope/?lang=fr",
        "/feeds/calendar.ics?x=%00",
    ],
)
def test_no_address_gives_a_server_error(url: str) -> None:
    assert Client().get(url).status_code < 500


def test_behind_a_proxy_each_client_has_its_own_limit(settings: SettingsWrapper) -> None:
    settings.OPEN_DATA_RATE_LIMIT = "1/min"
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    client = Client()

    one = client.get("/api/v1/bodies/", headers={"X-Real-IP": "198.51.100.1"})
    other = client.get("/api/v1/bodies/", headers={"X-Real-IP": "198.51.100.2"})
    again = client.get("/api/v1/bodies/", headers={"X-Real-IP": "198.51.100.1"})

    assert (one.status_code, other.status_code, again.status_code) == (200, 200, 429)


def test_the_body_answers_name_roles_without_translating_every_role_per_row(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``get_role_display()`` translates each role's name at every call: a page of delegates
    costs 50 times the catalogue (issue 16). ``Seat.role_label`` translates one name."""
    from governance.models import Seat

    def refuse(seat: Seat) -> str:
        raise AssertionError("get_role_display() per row")

    open_world(members=3)
    monkeypatch.setattr(Seat, "get_role_display", refuse)

    board = _get(Client(), "/api/v1/bodies/executive-board/")
    embed = Client().get("/embed/bodies/executive-board/?lang=fr")

    assert {m["role"] for m in board["memberships"]} >= {"President"}
    assert embed.status_code == 200 and "Président" in embed.content.decode()


def test_working_groups_come_25_a_page_whatever_the_page_size_asked() -> None:
    world = open_world(members=3)
    copies_of(world.group, 29)
    client = Client()

    first = _get(client, "/api/v1/working-groups/?page_size=200")
    second = _get(client, first["next"].replace("http://testserver", ""))
    few = _get(client, "/api/v1/working-groups/?page_size=4")

    assert first["count"] == 30
    assert len(first["results"]) == 25 and len(second["results"]) == 5
    names = [g["name"] for g in first["results"] + second["results"]]
    assert names == sorted(names)
    assert len(few["results"]) == 4
    assert all(len(g["regions"]) == len(world.group.memberships.all()) for g in first["results"])


def test_a_page_of_working_groups_makes_as_many_queries_for_30_groups_as_for_5() -> None:
    world = open_world(members=3)
    copies_of(world.group, 4)
    client = Client()
    small = _queries(client, "/api/v1/working-groups/?page_size=200")
    copies_of(world.group, 25)
    large = _queries(client, "/api/v1/working-groups/?page_size=200")

    assert small == large <= 6
