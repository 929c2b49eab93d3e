"""Member portal pages: who sees what, and a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from aer_portal.rules.membership import MemberCategory
from members.models import ContactRole, Member, Person, PortalAccess
from tests.factories import (
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    PortalAccessFactory,
    UserFactory,
    board_member,
)
from tests.members.factories import ContactRoleFactory, RegionalMandateFactory, SuspensionFactory
from tests.world import ROLES, client_for, people
from tests.world import World as SharedWorld

pytestmark = pytest.mark.django_db


@dataclass
class World(SharedWorld):
    contact_a: Person
    contact_b: Person


def _region(name: str, native: str, contact: tuple[str, str]) -> tuple[Member, Person]:
    member = MemberFactory(name=name, native_name=native)
    MembershipFactory(member=member, board_decision=date(2010, 5, 10))
    person = PersonFactory(
        member=member,
        first_name=contact[0],
        last_name=contact[1],
        email=f"{contact[0].lower()}@{name.split()[0].lower()}.example",
        phone="+46 31 00 00 00",
    )
    ContactRoleFactory(person=person, role=ContactRole.Role.INTERNATIONAL_RELATIONS)
    return member, person


@pytest.fixture
def world() -> World:
    region_a, contact_a = _region(
        "Västra Götaland Region", "Västra Götalandsregionen", ("Mikael", "Berg")
    )
    region_b, contact_b = _region("Lviv Oblast", "Львівська область", ("Олена", "Коваленко"))
    board = board_member()
    PortalAccessFactory(user=board, member=MemberFactory(), role=PortalAccess.Role.DELEGATE)
    return World(region_a, region_b, people(region_a, region_b, board=board), contact_a, contact_b)


# --- The directory ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_directory_is_public_and_shows_contacts_after_login(world: World, role: str) -> None:
    response = client_for(world.users[role]).get(reverse("members:directory"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Västra Götaland Region" in content and "Львівська область" in content
    assert "Full member" in content
    if role == "anonymous":
        assert "mikael@västra.example" not in content and "Коваленко" not in content
        assert "Log in to see the contact details" in content
    else:
        assert "Олена Коваленко" in content and "+46 31 00 00 00" in content


def test_directory_filters_and_search(world: World, client: Client) -> None:
    decision = timezone.localdate() - timedelta(days=60)
    world.region_b.memberships.update(ended_on=decision - timedelta(days=1))
    observer = MembershipFactory(
        member=world.region_b, category=MemberCategory.OBSERVER, board_decision=decision
    )
    url = reverse("members:directory")

    def names(**params: str) -> list[str]:
        return [e.member.name for e in client.get(url, params).context["entries"]]

    assert names(q="götaland") == ["Västra Götaland Region"]
    assert names(q="Львів") == ["Lviv Oblast"]
    assert names(category="observer") == ["Lviv Oblast"]
    assert names(category="nonsense") == ["Lviv Oblast", "Västra Götaland Region"]
    code = world.region_a.country.code
    assert names(country=code.lower()) == ["Västra Götaland Region"]
    assert names(kind="organisation") == []
    content = client.get(url, {"category": "observer"}).content.decode()
    assert f"until {observer.observer_last_day:%-d %B %Y}" in content


def test_directory_marks_a_suspended_member(world: World, client: Client) -> None:
    SuspensionFactory(member=world.region_b, starts_on=timezone.localdate() - timedelta(days=3))
    content = client.get(reverse("members:directory")).content.decode()
    assert content.count("Membership rights suspended") == 1


def _many_members(start: int, stop: int) -> None:
    for index in range(start, stop):
        member, _person = _region(f"Region {index:03d} Test", f"Регіон {index}", ("Ana", "Pop"))
        if index % 7 == 0:
            SuspensionFactory(member=member, starts_on=date(2026, 1, 1))


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "logged-in"])
def test_directory_queries_do_not_grow_with_members(
    logged_in: bool, django_assert_num_queries, client: Client
) -> None:  # type: ignore[no-untyped-def]
    user = PortalAccessFactory().user
    if logged_in:
        client.force_login(user)
    url = reverse("members:directory")
    # session + user + accesses (when logged in); members; contacts; suspensions; countries;
    # the count of the members the filters match (but with "show all", which lists them).
    expected = 7 if logged_in else 3
    _many_members(0, 10)
    client.get(url)  # warm the content-type cache
    with django_assert_num_queries(expected + 1):
        assert len(client.get(url).context["entries"]) == 10
    _many_members(10, 200)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert len(queries) == expected + 1
    # The database cuts the first page: no member beyond it is read.
    assert any(
        'FROM "members_member"' in query["sql"] and "LIMIT 25" in query["sql"]
        for query in queries.captured_queries
    )
    # The first rows are listed, the count covers every member; "show all" lists them all.
    assert len(response.context["entries"]) == 25 and response.context["matching"] == 200
    assert "The first 25 of 200 members are listed." in response.content.decode()
    with django_assert_num_queries(expected):
        assert len(client.get(url, {"all": "1"}).context["entries"]) == 200
    filtered = client.get(url, {"q": "Region", "kind": "region"}).content.decode()
    assert 'href="?q=Region&amp;kind=region&amp;all=1"' in filtered


# --- My region ----------------------------------------------------------------------------

MY_REGION_STATUS = dict(zip(ROLES, (302, 302, 302, 302, 302), strict=True))


@pytest.mark.parametrize("role", ROLES)
def test_my_region_sends_each_role_to_its_place(world: World, role: str) -> None:
    response = client_for(world.users[role]).get(reverse("members:my_region"))
    assert response.status_code == 302
    expected = {
        "anonymous": reverse("account_login") + "?next=/my-region/",
        "region A": reverse("members:record", args=[world.region_a.pk]),
        "region B": reverse("members:record", args=[world.region_b.pk]),
        "board member": reverse(
            "members:record",
            args=[world.users["board member"].accesses.get().member_id],  # type: ignore[union-attr]
        ),
        "staff": reverse("members:directory"),
    }[role]
    assert response["Location"] == expected


def test_my_region_for_an_account_without_a_region(client: Client) -> None:
    client.force_login(UserFactory())
    response = client.get(reverse("members:my_region"))
    assert response.status_code == 200
    assert f"mailto:{settings.SECRETARIAT_EMAIL}" in response.content.decode()


RECORD_STATUS = dict(zip(ROLES, (302, 200, 404, 404, 200), strict=True))


@pytest.mark.parametrize("role", ROLES)
def test_region_a_record_is_for_region_a_and_staff_only(world: World, role: str) -> None:
    response = client_for(world.users[role]).get(
        reverse("members:record", args=[world.region_a.pk])
    )
    assert response.status_code == RECORD_STATUS[role]
    if response.status_code == 200:
        content = response.content.decode()
        assert "Västra Götalandsregionen" in content and "mikael@västra.example" in content
        assert f"mailto:{settings.SECRETARIAT_EMAIL}" in content
        assert (
            reverse("members:contact_edit", args=[world.region_a.pk, world.contact_a.pk]) in content
        )
        assert "Коваленко" not in content
    elif role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_a_viewer_of_the_region_sees_but_cannot_correct(world: World) -> None:
    viewer = PortalAccessFactory(member=world.region_a, role=PortalAccess.Role.VIEWER).user
    client = client_for(viewer)
    content = client.get(reverse("members:record", args=[world.region_a.pk])).content.decode()
    assert "Mikael Berg" in content
    edit = reverse("members:contact_edit", args=[world.region_a.pk, world.contact_a.pk])
    assert edit not in content
    assert "ask the secretariat" in content
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"first_name": "X", "last_name": "Y"}).status_code == 403
    assert client.get(reverse("members:contact_add", args=[world.region_a.pk])).status_code == 403


def test_the_record_shows_category_history_delegates_bodies_and_statistics(
    world: World, client: Client
) -> None:
    today = timezone.localdate()
    member = world.region_a
    member.memberships.update(ended_on=today - timedelta(days=100))
    MembershipFactory(
        member=member, category=MemberCategory.OBSERVER, board_decision=today - timedelta(days=99)
    )
    delegate = PersonFactory(member=member, first_name="Núria", last_name="Puig")
    ContactRoleFactory(person=delegate, role=ContactRole.Role.DELEGATE)
    RegionalMandateFactory(
        person=delegate, starts_on=date(2020, 1, 1), lost_on=today - timedelta(days=10)
    )
    MandateFactory(
        person=delegate,
        seat__portfolio="Youth",
        starts_on=date(2024, 1, 1),
        ends_on=date(2099, 1, 1),
    )
    client.force_login(world.users["region A"])  # type: ignore[arg-type]
    content = client.get(reverse("members:record", args=[member.pk])).content.decode()
    assert "Observer status runs until" in content
    assert "Núria Puig" in content
    assert "lost the regional political mandate" in content
    assert "Vice-President (Youth)" in content
    assert reverse("governance:body_detail", args=["executive-board"]) in content
    assert "Full member" in content  # the history


def _populate_region(member: Member, people: int) -> None:
    for index in range(people):
        person = PersonFactory(member=member, last_name=f"Ionescu{index}")
        ContactRoleFactory(person=person, role=ContactRole.Role.DELEGATE)
        ContactRoleFactory(person=person, role=ContactRole.Role.BILLING)
        RegionalMandateFactory(person=person)
        MandateFactory(person=person, seat__portfolio=f"Portfolio {index}")


def test_record_queries_do_not_grow_with_members_or_people(
    world: World, django_assert_num_queries, client: Client
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.users["region A"])  # type: ignore[arg-type]
    url = reverse("members:record", args=[world.region_a.pk])
    # session, user, accesses and board check (navigation, which also answer may-edit; the
    # member acted for comes with the accesses), people with their accounts, and by the
    # member's id their roles, requests for access, regional mandates, mandates (with seats,
    # bodies, countries and holders), memberships, statistics, history of the contacts,
    # suspension.
    expected = 12
    _many_members(0, 10)
    _populate_region(world.region_a, 3)
    client.get(url)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    _many_members(10, 200)
    _populate_region(world.region_a, 30)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert len(response.context["record"].people) == 34
    # A seat for a country (the Bureau's) costs no query of its own.
    from governance.models import Seat

    Seat.objects.filter(mandates__person__member=world.region_a).update(
        country=world.region_a.country
    )
    with django_assert_num_queries(expected):
        client.get(url)


# --- Correcting a contact -----------------------------------------------------------------

EDIT_STATUS = dict(zip(ROLES, (302, 200, 404, 404, 200), strict=True))


@pytest.mark.parametrize("role", ROLES)
def test_editing_region_a_contact(world: World, role: str) -> None:
    url = reverse("members:contact_edit", args=[world.region_a.pk, world.contact_a.pk])
    client = client_for(world.users[role])
    assert client.get(url).status_code == EDIT_STATUS[role]
    response = client.post(url, {"first_name": "Hacked", "last_name": "Name", "roles": ["billing"]})
    assert response.status_code == {200: 302}.get(EDIT_STATUS[role], EDIT_STATUS[role])
    world.contact_a.refresh_from_db()
    assert (world.contact_a.first_name == "Hacked") is (EDIT_STATUS[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_contact_to_region_a(world: World, role: str) -> None:
    url = reverse("members:contact_add", args=[world.region_a.pk])
    client = client_for(world.users[role])
    assert client.get(url).status_code == EDIT_STATUS[role]
    client.post(url, {"first_name": "Aoife", "last_name": "Ó Briain", "roles": ["eurodyssey"]})
    added = Person.objects.filter(last_name="Ó Briain", member=world.region_a).exists()
    assert added is (EDIT_STATUS[role] == 200)


def test_region_a_cannot_reach_region_b_contact_through_its_own_url(world: World) -> None:
    client = client_for(world.users["region A"])
    # Region B's contact under region A's number, and region B's number outright.
    for url in (
        reverse("members:contact_edit", args=[world.region_a.pk, world.contact_b.pk]),
        reverse("members:contact_edit", args=[world.region_b.pk, world.contact_b.pk]),
        reverse("members:contact_add", args=[world.region_b.pk]),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"first_name": "X", "last_name": "Y"}).status_code == 404, url
    assert client.get(reverse("members:record", args=[world.region_b.pk])).status_code == 404
    world.contact_b.refresh_from_db()
    assert world.contact_b.first_name == "Олена"
    assert not Person.objects.filter(first_name="X").exists()


def test_the_officer_corrects_a_contact_and_sees_the_change(world: World) -> None:
    officer = world.users["region A"]
    client = client_for(officer)
    url = reverse("members:contact_edit", args=[world.region_a.pk, world.contact_a.pk])
    form = client.get(url)
    assert form.context["form"].initial["roles"] == ["international_relations"]
    response = client.post(
        url,
        {
            "first_name": "Mikael",
            "last_name": "Appelqvist",
            "email": "mikael.appelqvist@vgregion.se",
            "phone": "+46 10 441 00 00",
            "title": "International relations officer",
            "languages": "sv, en",
            "roles": ["international_relations", "billing"],
            "unit": "enheten externa relationer",
        },
        follow=True,
    )
    content = response.content.decode()
    assert "Mikael Appelqvist is saved." in content
    assert "mikael.appelqvist@vgregion.se" in content
    assert "Billing (enheten externa relationer)" in content
    assert f"(by {officer})" in content  # the history on the page
    assert world.contact_a.history.latest().history_user == officer


def test_a_refused_correction_keeps_what_was_typed(world: World) -> None:
    client = client_for(world.users["region A"])
    url = reverse("members:contact_edit", args=[world.region_a.pk, world.contact_a.pk])
    response = client.post(
        url, {"first_name": "Mikaël", "last_name": "", "email": "not-an-email", "phone": "+46 1"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Mikaël"' in content and 'value="not-an-email"' in content
    assert "Enter a valid email address." in content and "This field is required." in content
    world.contact_a.refresh_from_db()
    assert world.contact_a.first_name == "Mikael"
