"""Pages make the same number of queries with 3 or 30 of everything (stated per page)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.models import Attendance, MeetingDocument, Motion, Seat
from members.models import RegionalMandate
from tests.factories import BodyFactory, MembershipFactory
from tests.governance.factories import AgendaItemFactory, MeetingFactory, seated
from tests.governance.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path) -> World:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def grow(world: World, n: int) -> None:
    """n more of everything the pages list: agenda points, documents, people, motions,
    meetings, and deadlines of every kind."""
    meeting = world.board_meeting
    body = meeting.body
    now = timezone.now()
    base = meeting.agenda_items.count() + 1
    for i in range(n):
        item = AgendaItemFactory(meeting=meeting, position=base + i)
        document = MeetingDocument.objects.create(
            meeting=meeting, agenda_item=item, title=f"Doc {i}", original_name="d.pdf", sent_at=now
        )
        document.file.save("d.pdf", ContentFile(b"%PDF-1.4"), save=True)
        person = seated(BodyKind.EXECUTIVE_BOARD)
        Attendance.objects.create(
            meeting=meeting, person=person, member=person.member, present=True, votes=1
        )
        Motion.objects.create(meeting=meeting, text=f"Motion {i}")
        MeetingFactory(body=body, starts_at=now + timedelta(days=3 + i))
        MeetingFactory(
            body=BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY), starts_at=now + timedelta(days=20 + i)
        )
        MembershipFactory(
            category=MemberCategory.OBSERVER, board_decision=(now - timedelta(days=330)).date()
        )
        lost = seated(BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE)
        RegionalMandate.objects.filter(person=lost).update(
            lost_on=(now - timedelta(days=170)).date()
        )
        seated(
            BodyKind.ELECTION_COMMITTEE,
            role=Seat.Role.MEMBER,
            ends_on=(now + timedelta(days=10 + i)).date(),
        )


PAGES = {
    # (role, page): the number of queries, the same with 3 and 30 of everything.
    # Meeting page (staff): session, user, roles (2), two-factor, meeting, documents, agenda,
    # attendance, motions, mailings, seated people, approval choices (the forms offer the
    # agenda points the page has read).
    ("staff", "meeting"): 11,
    ("board", "meeting"): 10,
    # Attendance list (a page of 50): session, user, roles (2), two-factor, meeting, count, rows.
    ("board", "attendance"): 8,
    ("staff", "list"): 6,
    ("officer_a", "list"): 5,
}


def _url(world: World, page: str) -> str:
    return {
        "meeting": reverse("governance:meeting_detail", args=[world.board_meeting.pk]),
        "list": reverse("governance:meeting_list"),
        "attendance": reverse("governance:meeting_attendance", args=[world.board_meeting.pk]),
        "dashboard": reverse("dashboard"),
    }[page]


@pytest.mark.parametrize(("role", "page"), list(PAGES))
def test_query_count_is_stated_and_constant(
    world: World,
    role: str,
    page: str,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = Client()
    client.force_login(getattr(world, role))
    url = _url(world, page)
    grow(world, 3)
    with django_assert_num_queries(PAGES[(role, page)]):
        assert client.get(url).status_code == 200
    grow(world, 27)
    with django_assert_num_queries(PAGES[(role, page)]):
        assert client.get(url).status_code == 200


#: Queries of the governance panel of the dashboard, by role (other apps add their own).
#: The General Assemblies ahead carry their Board meeting before them (one query, not two).
PANEL_QUERIES = {"staff": 5, "board": 2, "officer_a": 3}


@pytest.mark.parametrize("role", list(PANEL_QUERIES))
def test_the_dashboard_panel_makes_a_constant_number_of_queries(
    world: World,
    role: str,
    rf,  # type: ignore[no-untyped-def]
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    from governance.dashboard import panels
    from governance.selectors.roles import portal_roles

    user = getattr(world, role)
    today = timezone.localdate()
    request = rf.get("/dashboard/")
    request.user = user
    request.portal = portal_roles(user=user, on=today)
    bool(request.portal.accesses)
    for n in (3, 27):
        grow(world, n)
        with django_assert_num_queries(PANEL_QUERIES[role]):
            (panel,) = panels(request, today)
    assert panel.context["deadlines"]


@pytest.mark.parametrize("role", ["staff", "board", "officer_a"])
def test_the_whole_dashboard_costs_the_same_with_more_data(world: World, role: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(getattr(world, role))
    counts = []
    for n in (3, 27):
        grow(world, n)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("dashboard"))
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
    content = response.content.decode()
    if role == "staff":
        assert "Deadlines in the next 42 days" in content
        assert content.index("late by") < content.index("due in")  # late ones first
    else:
        assert "Your next meetings" in content
