"""Body pages: public for statutory bodies, a constant number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Seat
from members.models import PortalAccess, User
from tests.factories import (
    BodyFactory,
    MandateFactory,
    MemberFactory,
    PersonFactory,
    PortalAccessFactory,
    SeatFactory,
    board_member,
)
from tests.members.factories import RegionalMandateFactory
from tests.world import ROLES, client_for, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def users() -> dict[str, User | None]:
    board = board_member()
    PortalAccessFactory(user=board, member=MemberFactory(), role=PortalAccess.Role.DELEGATE)
    return people(MemberFactory(), MemberFactory(), board=board)


@pytest.fixture
def bodies() -> dict[str, object]:
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    person = PersonFactory(first_name="Ioana", last_name="Popescu", gender="female")
    MandateFactory(person=person, seat=SeatFactory(body=board, portfolio="Youth"))
    group = BodyFactory(kind=BodyKind.WORKING_GROUP, name="Culture and Education", slug="culture")
    MandateFactory(
        person=PersonFactory(first_name="Giulia", last_name="Rossi"),
        seat=SeatFactory(body=group, role=Seat.Role.CHAIR),
    )
    return {"board": board, "group": group}


@pytest.mark.parametrize("role", ROLES)
def test_the_list_shows_statutory_bodies_to_anyone_and_all_after_login(
    users: dict[str, User | None], bodies: dict[str, object], role: str
) -> None:
    response = client_for(users[role]).get(reverse("governance:body_list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Executive Board" in content
    assert ("Culture and Education" in content) is (role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_a_statutory_body_page_is_public(
    users: dict[str, User | None], bodies: dict[str, object], role: str
) -> None:
    response = client_for(users[role]).get(
        reverse("governance:body_detail", args=["executive-board"])
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ioana Popescu" in content and "Vice-President (Youth)" in content
    assert "The Executive Board needs 1 President(s); it has 0." in content
    assert "Female" in content
    assert "@example.org" not in content  # no e-mail addresses on a public page


@pytest.mark.parametrize("role", ROLES)
def test_a_working_group_page_needs_a_login(
    users: dict[str, User | None], bodies: dict[str, object], role: str
) -> None:
    response = client_for(users[role]).get(reverse("governance:body_detail", args=["culture"]))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 200
        assert "Giulia Rossi" in response.content.decode()


def test_an_unknown_body_is_404(users: dict[str, User | None]) -> None:
    client = client_for(users["region A"])
    assert client.get(reverse("governance:body_detail", args=["senate"])).status_code == 404


def _fill_general_assembly(body, start: int, stop: int) -> None:  # type: ignore[no-untyped-def]
    seat = Seat.objects.get_or_create(body=body, role=Seat.Role.MEMBER)[0]
    for index in range(start, stop):
        person = PersonFactory(gender=("female", "male")[index % 2])
        RegionalMandateFactory(person=person, lost_on=date(2026, 1, 1) if index % 5 else None)
        MandateFactory(person=person, seat=seat, consecutive_term=1 + index % 3)


def test_body_page_queries_do_not_grow_with_members(
    django_assert_num_queries, client: Client
) -> None:  # type: ignore[no-untyped-def]
    assembly = BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY)
    url = reverse("governance:body_detail", args=["general-assembly"])
    # body; the seats, which are vacant; the first rows, the observers among them; the holders
    # with a warning, when they lost a regional mandate; the counts with the balance by
    # gender; the terms ending soon; the balance by country.
    expected = 9
    _fill_general_assembly(assembly, 0, 10)
    client.get(url)
    with django_assert_num_queries(expected):
        assert len(client.get(url).context["page"].mandates) == 10
    _fill_general_assembly(assembly, 10, 200)
    with django_assert_num_queries(expected):
        page = client.get(url).context["page"]
    assert (len(page.mandates), page.mandate_count) == (25, 200)


def test_body_list_queries_do_not_grow(django_assert_num_queries, client: Client) -> None:  # type: ignore[no-untyped-def]
    BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    url = reverse("governance:body_list")
    client.get(url)
    with django_assert_num_queries(1):
        client.get(url)
    for kind in (BodyKind.BUREAU, BodyKind.GENERAL_ASSEMBLY, BodyKind.ELECTION_COMMITTEE):
        _fill_general_assembly(BodyFactory(kind=kind), 0, 5)
    with django_assert_num_queries(1):
        assert len(client.get(url).context["bodies"]) == 4


def test_the_composition_page_says_why_an_observer_has_no_vote(client: Client) -> None:
    from aer_portal.rules.membership import MemberCategory
    from tests.factories import MembershipFactory

    bureau = BodyFactory(kind=BodyKind.BUREAU)
    imereti = MemberFactory(name="Imereti")
    MembershipFactory(
        member=imereti, category=MemberCategory.OBSERVER, board_decision=date(2026, 1, 20)
    )
    full = MemberFactory(name="Alba")
    MembershipFactory(member=full, category=MemberCategory.FULL)
    for member in (imereti, full):
        MandateFactory(
            person=PersonFactory(member=member),
            member=member,
            seat=SeatFactory(body=bureau, role=Seat.Role.COUNTRY_REPRESENTATIVE),
        )
    page = client.get(reverse("governance:body_detail", args=[bureau.slug])).content.decode()
    assert page.count("observer: no vote") == 1
    assert "observers are not members and have no vote in any body" in page
    assert "Procedures art. 2" in page


def test_a_large_body_lists_its_first_rows_and_everyone_on_demand(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("governance.views.bodies.BODY_ROWS", 2)
    assembly = BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY)
    _fill_general_assembly(assembly, 0, 5)
    url = reverse("governance:body_detail", args=["general-assembly"])

    first = client.get(url)
    every = client.get(url + "?all=1")

    assert len(first.context["mandates"]) == 2 and first.context["page"].mandate_count == 5
    assert len(first.context["warnings"]) == 2 < first.context["page"].warning_count
    assert first.context["page"].warning_count == len(every.context["page"].warnings)
    assert "The first 2 of 5 seat holders are listed." in first.content.decode()
    assert 'href="?all=1"' in first.content.decode()
    assert len(every.context["mandates"]) == 5
    assert len(every.context["warnings"]) == len(every.context["page"].warnings)
    assert 'href="?all=1"' not in every.content.decode()


def test_the_bodies_api_writes_memberships_as_their_serializer_describes() -> None:
    """The API writes a body's memberships from columns, without DRF's fields (issue 16): the
    schema's serializer and the rows must not drift apart, in either language."""
    import json

    from django.utils import timezone
    from django.utils.translation import override

    from governance.api import (
        _MEMBERSHIP_COLUMNS,
        MembershipSerializer,
        _post_label,
        membership_row,
    )
    from governance.selectors.bodies import public_mandates
    from members.models import Country

    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD, slug="executive-board")
    country = Country.objects.create(code="RO", name_en="Romania", name_fr="Roumanie")
    MandateFactory(seat=SeatFactory(body=board, role=Seat.Role.PRESIDENT))
    MandateFactory(seat=SeatFactory(body=board, portfolio="Youth"), ends_on=None)
    MandateFactory(
        seat=SeatFactory(body=board, role=Seat.Role.MEMBER, country=country),
        member=None,
        person=PersonFactory(anonymised_on=date(2025, 1, 1), record_label="Former member"),
    )
    seats = list(board.seats.select_related("country"))
    running = public_mandates(body=board, on=timezone.localdate(), seats=seats)

    for language in ("en", "fr"):
        with override(language):
            roles = {seat.pk: _post_label(seat) for seat in seats}  # in the reader's language
            expected = json.loads(json.dumps(MembershipSerializer(running, many=True).data))
            rows = [
                membership_row(values, body=board, roles=roles)
                for values in running.values_list(*_MEMBERSHIP_COLUMNS)
            ]
            assert rows == expected
    assert len(rows) == 3 and {row["on_behalf_of_name"] for row in rows} >= {None}
    assert {row["end_date"] for row in rows} >= {None}


#: The composition's and the balance's rows as the template wrote them before the view did.
_TEMPLATE_ROWS = """{% load i18n %}
      {% translate "observer: no vote" as observer_badge %}{% translate "last term allowed" as final_badge %}
      {% for holder in mandates %}
        <tr>
          <th scope="row">{{ holder.seat }}</th>
          <td>{{ holder.person }}</td>
          <td>{% if holder.member %}{{ holder.member }}{% if holder.observer %} <span class="badge text-bg-secondary observer-no-vote">{{ observer_badge }}</span>{% endif %}{% else %}—{% endif %}</td>
          <td>{{ holder.term }}</td>
          <td>{{ holder.consecutive_term }}{% if holder.final_term %} <span class="badge text-bg-secondary">{{ final_badge }}</span>{% endif %}</td>
        </tr>
      {% endfor %}|{% for share in shares %}<tr><th scope="row">{{ share.label }}</th><td>{{ share.count }}</td><td>{{ share.percent }} %</td></tr>{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_rows_written_by_the_view_are_the_templates(language: str) -> None:
    """The body page's rows are written in Python (issue 16): the same HTML as the template's
    loop, badges, escaping and numbers included."""
    from django.template import Context, Template
    from django.utils.translation import override

    from governance.selectors.holders import Holder, Share
    from governance.views.bodies import composition_rows, share_rows

    holders = [
        Holder(1, "Président — Côte <d'Or>", 'A & "B"', "Région", "1 – 2", 4, True, True),
        Holder(2, "Member", "Anonymised person", "", "…", 1),
        Holder(3, "Treasurer", "Lars Holm", "Västra Götaland", "2024 – 2027", 12, False, True),
    ]
    shares = [Share("Sweden & <Norway>", 1234, 75), Share("No member region", 1, 25)]
    with override(language):
        expected = Template(_TEMPLATE_ROWS).render(Context({"mandates": holders, "shares": shares}))
        written = f"\n      \n      {composition_rows(holders)}|{share_rows(shares)}"
    assert written == expected
    assert "observer-no-vote" in written and "&lt;Norway&gt;" in written
