"""Reads: the derived category, the directory, and the small pieces of the members app."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from aer_portal.rules.membership import MemberCategory
from governance.models import Mandate
from members.models import ContactRole, Member, Person, person_name, person_name_columns
from members.resources import neutralise_formula, restore_neutralised
from members.selectors.directory import DirectoryFilters, member_directory
from members.selectors.memberships import contacts_for, with_current_category
from members.services.records import person_anonymise
from tests.factories import (
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    PortalAccessFactory,
)
from tests.members.factories import ContactRoleFactory

pytestmark = pytest.mark.django_db


def test_the_current_category_is_derived_from_the_history() -> None:
    member = MemberFactory()
    MembershipFactory(
        member=member,
        category=MemberCategory.OBSERVER,
        board_decision=date(2020, 3, 15),
        ended_on=date(2020, 12, 31),
    )
    MembershipFactory(
        member=member,
        category=MemberCategory.FULL,
        board_decision=date(2021, 1, 1),
        ended_on=date(2025, 12, 31),
    )

    def category(on: date) -> tuple[str | None, date | None]:
        annotated = with_current_category(Member.objects.filter(pk=member.pk), on=on).get()
        return annotated.current_category, annotated.category_since  # type: ignore[attr-defined]

    assert category(date(2019, 1, 1)) == (None, None)
    assert category(date(2020, 6, 1)) == ("observer", date(2020, 3, 15))
    assert category(date(2025, 12, 31)) == ("full", date(2021, 1, 1))
    assert category(date(2026, 1, 1)) == (None, None)  # withdrew: a former member


def test_the_directory_leaves_out_former_members_and_anonymised_contacts() -> None:
    current = MembershipFactory(board_decision=date(2010, 1, 1)).member
    MembershipFactory(board_decision=date(2010, 1, 1), ended_on=date(2020, 1, 1))
    kept = PersonFactory(member=current, first_name="Kept")
    gone = PersonFactory(member=current, first_name="Gone")
    for person in (kept, gone):
        ContactRoleFactory(person=person, role=ContactRole.Role.INTERNATIONAL_RELATIONS)
    person_anonymise(person=gone, actor=None, today=date(2026, 1, 1))
    (entry,) = member_directory(on=date(2026, 5, 4), filters=DirectoryFilters(), with_contacts=True)
    assert entry.member.pk == current.pk and entry.member.name == current.name
    assert [p.first_name for p in entry.contacts] == ["Kept"]
    (anonymous,) = member_directory(
        on=date(2026, 5, 4), filters=DirectoryFilters(), with_contacts=False
    )
    assert anonymous.contacts == ()


@pytest.mark.parametrize(
    ("cell", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+46 31", "'+46 31"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Dâmbovița", "Dâmbovița"),
        ("it's fine", "it's fine"),
        (42, 42),
        (None, None),
    ],
)
def test_formulas_are_neutralised_and_restored(cell: object, exported: object) -> None:
    assert neutralise_formula(cell) == exported
    assert restore_neutralised(exported) == cell


def test_the_dashboard_shows_my_region(client: Client) -> None:
    member = MemberFactory(name="Imereti", native_name="იმერეთი")
    MembershipFactory(
        member=member, category=MemberCategory.OBSERVER, board_decision=date(2026, 3, 15)
    )
    client.force_login(PortalAccessFactory(member=member).user)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Imereti</strong> — Observer" in content
    assert "Observer status runs until 31 March 2027." in content
    assert reverse("members:record", args=[member.pk]) in content


def test_contacts_are_the_querysets_people_and_no_member_asks_nothing(  # type: ignore[no-untyped-def]
    django_assert_num_queries,
) -> None:
    first, second = MemberFactory(), MemberFactory()
    for member, last_name in ((first, "Zeller"), (first, "Adam"), (second, "Moreau")):
        ContactRoleFactory(
            person=PersonFactory(member=member, last_name=last_name), role=ContactRole.Role.BILLING
        )
    ContactRoleFactory(person=PersonFactory(member=first, email=""), role=ContactRole.Role.BILLING)
    ContactRoleFactory(person=PersonFactory(member=second))  # another role

    found = contacts_for(role=ContactRole.Role.BILLING, member_ids={second.pk, first.pk})

    expected = Person.objects.filter(
        contact_roles__role=ContactRole.Role.BILLING, member_id__in=[first.pk, second.pk]
    ).exclude(email="")
    assert {m: [p.pk for p in people] for m, people in found.items()} == {
        first.pk: [p.pk for p in expected if p.member_id == first.pk],
        second.pk: [p.pk for p in expected if p.member_id == second.pk],
    }
    assert [p.last_name for p in found[first.pk]] == ["Adam", "Zeller"]
    with django_assert_num_queries(0):
        assert contacts_for(role=ContactRole.Role.BILLING, member_ids=[]) == {}


def test_a_name_read_as_columns_is_the_one_the_person_gives() -> None:
    """``person_name`` on the columns ``person_name_columns`` reads gives ``str(person)``, for
    a person as for an anonymised one: the pages that read columns name people as the
    records do."""
    people = [
        PersonFactory(first_name="Ana", last_name="Pop"),
        PersonFactory(anonymised_on=date(2025, 1, 1), record_label="Former delegate of X"),
    ]
    for person in people:
        MandateFactory(person=person)
    rows = Mandate.objects.order_by("person__pk").values_list(*person_name_columns("person"))

    assert [person_name(*row) for row in rows] == [str(person) for person in people]
    assert [str(person) for person in people] == ["Ana Pop", "Former delegate of X"]
