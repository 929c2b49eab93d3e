"""Pages the AER website frames: only from its origins, in English and French, public only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.fixtures import Settings

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Seat
from governance.selectors.bodies import current_mandates_of
from members.models import Country
from tests.factories import BodyFactory, MandateFactory, PersonFactory, SeatFactory
from tests.open_data.world import SECRET_MARKERS, add_members, open_world

pytestmark = pytest.mark.django_db

EMBEDS = ("/embed/members/", "/embed/bodies/general-assembly/", "/embed/working-groups/")


def test_the_website_may_frame_the_embeds_and_no_other_page(settings: Settings) -> None:
    settings.PUBLIC_SITE_ORIGINS = ["https://aer.example.org"]
    open_world(members=2)
    client = Client()

    for url in EMBEDS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Frame-Options" not in response, url
        assert "frame-ancestors https://aer.example.org" in response["Content-Security-Policy"]
    page = client.get("/members/")
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_with_no_origin_configured_nobody_may_frame_them(settings: Settings) -> None:
    settings.PUBLIC_SITE_ORIGINS = []

    response = Client().get("/embed/working-groups/")

    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_embeds_show_public_fields_only_even_to_staff() -> None:
    from tests.factories import staff_user, with_totp

    world = open_world(members=3)
    client = Client()
    client.force_login(with_totp(staff_user()))

    for url in EMBEDS:
        text = client.get(url).content.decode()
        for marker in SECRET_MARKERS:
            assert marker not in text, (url, marker)
    assert world.members[0].name in client.get("/embed/members/").content.decode()
    assert str(world.people[0]) in client.get("/embed/bodies/general-assembly/").content.decode()


def test_the_embeds_are_in_french_when_the_address_asks() -> None:
    open_world(members=1)

    response = Client().get("/embed/members/?lang=fr")
    english = Client().get("/embed/members/?lang=en", headers={"Accept-Language": "fr"})

    assert '<html lang="fr">' in response.content.decode()
    assert "Annuaire des membres" in response.content.decode()
    assert '<html lang="en">' in english.content.decode()


def test_a_body_not_public_has_no_embed() -> None:
    world = open_world(members=1)

    assert Client().get(f"/embed/bodies/{world.group.slug}/").status_code == 404


def test_the_embeds_have_a_main_landmark_and_labelled_tables() -> None:
    open_world(members=1)

    for url in EMBEDS:
        text = Client().get(url).content.decode()
        assert '<main id="main"' in text and "<h1" in text, url


@pytest.mark.slow
def test_embeds_make_as_many_queries_for_200_members_as_for_10() -> None:
    open_world(members=10)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            assert Client().get(url).status_code == 200
        return len(context.captured_queries)

    small = {url: count(url) for url in EMBEDS}
    add_members(190)
    large = {url: count(url) for url in EMBEDS}
    print("queries at 10 and 200 members:", {url: (small[url], large[url]) for url in small})
    assert large == small


def test_feeds_and_embeds_share_the_rate_limit(settings: Settings) -> None:
    settings.OPEN_DATA_RATE_LIMIT = "2/min"
    from django.core.cache import cache

    cache.clear()
    client = Client()

    statuses = [client.get(url).status_code for url in ("/embed/working-groups/",) * 3]
    refused = client.get("/feeds/calendar.ics")

    assert statuses == [200, 200, 429]
    assert refused.status_code == 429
    assert refused["Retry-After"]


def test_a_cached_embed_keeps_its_frame_permission(settings: Settings) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.OPEN_DATA_CACHE_SECONDS = 60
    settings.PUBLIC_SITE_ORIGINS = ["https://aer.example.org"]
    open_world(members=1)
    client = Client()

    first = client.get("/embed/working-groups/")
    with CaptureQueriesContext(connection) as context:
        second = client.get("/embed/working-groups/")

    assert second.content == first.content
    assert len(context.captured_queries) == 0  # from the cache
    assert "X-Frame-Options" not in second
    assert "frame-ancestors https://aer.example.org" in second["Content-Security-Policy"]
    cache.clear()


def _rows(text: str) -> int:
    return text.count('<th scope="row">')


@pytest.mark.parametrize("url", ["/embed/members/", "/embed/bodies/general-assembly/"])
def test_the_long_embeds_show_a_page_of_rows_with_next_and_previous(
    settings: Settings, url: str
) -> None:
    """Each row is read and rendered for a page only: the General Assembly has a delegate per
    member, a thousand at five times AER's size (issue 16)."""
    settings.OPEN_DATA_PAGE_SIZE = 2
    open_world(members=5)
    client = Client()

    first = client.get(f"{url}?lang=fr").content.decode()

    assert _rows(first) == 2
    assert 'href="?lang=fr&amp;page=2"' in first and 'rel="prev"' not in first
    assert "Page 1 sur " in first and "en tout" in first
    last = client.get(f"{url}?lang=fr&page=99").content.decode()  # out of range: the last
    assert 'rel="prev"' in last and 'rel="next"' not in last
    assert 1 <= _rows(last) <= 2
    assert client.get(f"{url}?page=abc").status_code == 200


def test_the_embedded_assembly_pages_cover_every_delegate_once(settings: Settings) -> None:
    settings.OPEN_DATA_PAGE_SIZE = 2
    world = open_world(members=5)
    client = Client()

    shown = "".join(
        client.get(f"/embed/bodies/general-assembly/?page={n}").content.decode() for n in (1, 2, 3)
    )

    for person in world.people:
        assert shown.count(str(person)) == 1, person


def test_the_working_groups_frame_shows_20_running_groups_a_page_with_next_and_previous() -> None:
    from tests.working_groups.factories import copies_of

    world = open_world(members=2)
    copies_of(world.group, 21)
    client = Client()

    first = client.get("/embed/working-groups/").content.decode()
    second = client.get("/embed/working-groups/?page=2").content.decode()
    beyond = client.get("/embed/working-groups/?page=x")

    assert first.count("<section") == 20 and second.count("<section") == 2
    regions = world.group.memberships.filter(left_on__isnull=True).count()
    assert first.count(f"{regions} regions") == 20
    assert 'href="?page=2"' in first and 'href="?page=1"' in second
    assert "Page 1 of 2" in first
    assert beyond.status_code == 200


def test_the_working_groups_frame_makes_as_many_queries_for_25_groups_as_for_5() -> None:
    from tests.working_groups.factories import copies_of

    world = open_world(members=2)
    copies_of(world.group, 4)
    client = Client()
    with CaptureQueriesContext(connection) as small:
        client.get("/embed/working-groups/")
    copies_of(world.group, 20)
    with CaptureQueriesContext(connection) as large:
        client.get("/embed/working-groups/")

    assert len(small) == len(large)


def test_the_board_s_frame_and_answer_list_its_holders_in_the_page_s_order() -> None:
    """The seats are ranked in Python (role, country, portfolio) and the holders by name in
    the database: the same order as the body's page, whatever order the seats were made in."""
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD, slug="executive-board")
    spain = Country.objects.create(code="ES", name_en="Spain", name_fr="Espagne")
    italy = Country.objects.create(code="IT", name_en="Italy", name_fr="Italie")
    for role, country, last_name in [
        (Seat.Role.MEMBER, spain, "Zorrilla"),
        (Seat.Role.MEMBER, italy, "Bianchi"),
        (Seat.Role.TREASURER, None, "Meyer"),
        (Seat.Role.MEMBER, spain, "Abad"),
        (Seat.Role.PRESIDENT, None, "Nowak"),
    ]:
        seat = SeatFactory(body=board, role=role, country=country)
        MandateFactory(seat=seat, person=PersonFactory(last_name=last_name))
    running = current_mandates_of(body=board, on=timezone.localdate())
    expected = [m.person.last_name for m in running]
    assert expected == ["Nowak", "Meyer", "Bianchi", "Abad", "Zorrilla"]

    frame = Client().get("/embed/bodies/executive-board/").content.decode()
    answer = Client().get("/api/v1/bodies/executive-board/").json()

    assert sorted(expected, key=frame.index) == expected
    assert [m["person_name"].split()[-1] for m in answer["memberships"]] == expected
