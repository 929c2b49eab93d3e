"""Writes to members and people: admission (Procedures art. 2), contacts, GDPR erasure."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from members.models import ContactRole, Membership, Person, RegionalMandate, User
from members.selectors.personal_data import person_personal_data
from members.services.records import (
    contact_create,
    contact_update,
    membership_admit,
    person_anonymise,
)
from tests.factories import (
    BodyFactory,
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    member_officer,
)
from tests.members.factories import ContactRoleFactory, RegionalMandateFactory

pytestmark = pytest.mark.django_db


# --- membership_admit ---------------------------------------------------------------------


def test_admitting_a_member_closes_its_open_membership_the_day_before() -> None:
    member = MemberFactory()
    observer = membership_admit(
        member=member,
        category=MemberCategory.OBSERVER,
        board_decision=date(2024, 3, 15),
        actor=None,
    )
    full = membership_admit(
        member=member,
        category=MemberCategory.FULL,
        board_decision=date(2024, 11, 20),
        ga_ratification=date(2025, 5, 1),
        actor=None,
    )
    observer.refresh_from_db()
    assert observer.ended_on == date(2024, 11, 19)
    assert observer.end_reason == "Changed category"
    assert full.ended_on is None and full.ga_ratification == date(2025, 5, 1)
    assert Membership.objects.filter(member=member, ended_on__isnull=True).get() == full


def test_observer_status_has_a_computed_last_day() -> None:
    observer = membership_admit(
        member=MemberFactory(),
        category=MemberCategory.OBSERVER,
        board_decision=date(2026, 3, 15),
        actor=None,
    )
    # Procedures art. 2.1 as DESIGN.md reads it: 1 April 2026 to 31 March 2027.
    assert observer.observer_last_day == date(2027, 3, 31)
    assert not observer.observer_status_expired_on(date(2027, 3, 31))
    assert observer.observer_status_expired_on(date(2027, 4, 1))
    assert MembershipFactory(category=MemberCategory.FULL).observer_last_day is None


def test_observer_status_is_refused_to_a_member_of_the_last_three_years() -> None:
    member = MemberFactory()
    MembershipFactory(
        member=member,
        category=MemberCategory.FULL,
        board_decision=date(2015, 1, 10),
        ended_on=date(2023, 6, 30),
    )
    with pytest.raises(
        DomainError, match=r"^Observer status .*until 30 June 2023.*3 years"
    ) as caught:
        membership_admit(
            member=member,
            category=MemberCategory.OBSERVER,
            board_decision=date(2026, 6, 30),
            actor=None,
        )
    assert caught.value.field == "category"
    assert member.memberships.count() == 1
    # Three years and a day after, it may be granted (Procedures art. 2.2).
    granted = membership_admit(
        member=member, category=MemberCategory.OBSERVER, board_decision=date(2026, 7, 1), actor=None
    )
    assert granted.category == MemberCategory.OBSERVER


def test_observer_status_is_refused_to_a_current_member() -> None:
    member = MemberFactory()
    full = MembershipFactory(member=member, board_decision=date(2020, 1, 10))
    with pytest.raises(DomainError, match=r"art\. 2\.2"):
        membership_admit(
            member=member,
            category=MemberCategory.OBSERVER,
            board_decision=date(2026, 1, 10),
            actor=None,
        )
    full.refresh_from_db()
    assert full.ended_on is None  # nothing half saved


def test_observer_status_cannot_be_renewed() -> None:
    member = MemberFactory()
    membership_admit(
        member=member,
        category=MemberCategory.OBSERVER,
        board_decision=date(2020, 1, 10),
        actor=None,
    )
    with pytest.raises(DomainError, match=r"^Observer .*non-renewable.*\(Procedures art\. 2\.1\)$"):
        membership_admit(
            member=member,
            category=MemberCategory.OBSERVER,
            board_decision=date(2022, 1, 10),
            actor=None,
        )
    assert member.memberships.count() == 1


def test_a_decision_before_the_last_one_is_refused() -> None:
    member = MemberFactory()
    MembershipFactory(member=member, board_decision=date(2020, 1, 10))
    with pytest.raises(DomainError, match=r"^A later or same-day membership decision") as caught:
        membership_admit(
            member=member,
            category=MemberCategory.ASSOCIATE_GEOGRAPHICAL,
            board_decision=date(2020, 1, 10),
            actor=None,
        )
    assert caught.value.field == "board_decision"


# --- contacts -----------------------------------------------------------------------------


def test_an_officer_corrects_a_contact_and_the_history_names_them() -> None:
    person = PersonFactory(first_name="Mikael", last_name="Appelqvist", email="old@vgregion.se")
    ContactRoleFactory(person=person, role=ContactRole.Role.COMMUNICATIONS)
    officer = member_officer(member=person.member)
    contact_update(
        person=person,
        actor=officer,
        first_name=" Mikael ",
        last_name="Appelqvist",
        email="Mikael.Appelqvist@VGRegion.se",
        phone="+46 10 441 00 00",
        title="Enheten externa relationer",
        languages="sv, en",
        roles=[ContactRole.Role.INTERNATIONAL_RELATIONS, ContactRole.Role.BILLING],
        unit="enheten externa relationer",
    )
    person.refresh_from_db()
    assert person.first_name == "Mikael"
    assert person.email == "mikael.appelqvist@vgregion.se"
    assert sorted(person.contact_roles.values_list("role", "unit")) == [
        ("billing", "enheten externa relationer"),
        ("international_relations", "enheten externa relationer"),
    ]
    latest = person.history.latest()
    assert latest.history_user == officer and latest.email == "mikael.appelqvist@vgregion.se"
    assert person.history.earliest().email == "old@vgregion.se"
    deleted = ContactRole.history.filter(history_type="-").get()
    assert deleted.role == "communications" and deleted.history_user == officer


def test_a_bad_email_names_the_field_and_changes_nothing() -> None:
    person = PersonFactory(email="kept@example.org")
    ContactRoleFactory(person=person)
    with pytest.raises(DomainError, match=r"^E-mail: Enter a valid") as caught:
        contact_update(
            person=person,
            actor=None,
            first_name="Ana",
            last_name="Popescu",
            email="not-an-address",
            roles=[],
        )
    assert caught.value.field == "email"
    person.refresh_from_db()
    assert person.email == "kept@example.org"
    assert person.contact_roles.count() == 1


def test_an_unknown_contact_role_is_refused() -> None:
    with pytest.raises(DomainError, match=r"^'janitor' is not a contact role"):
        contact_create(
            member=MemberFactory(), actor=None, first_name="A", last_name="B", roles=["janitor"]
        )
    assert not Person.objects.exists()


def test_a_contact_with_a_name_in_any_script_is_created() -> None:
    member = MemberFactory(name="Chernivtsi Oblast", native_name="Чернівецька область")
    person = contact_create(
        member=member,
        actor=None,
        first_name="Олена",
        last_name="Коваленко",
        email="olena@example.ua",
        roles=[ContactRole.Role.EURODYSSEY],
    )
    assert str(person) == "Олена Коваленко"
    assert person.member == member
    assert person.contact_roles.get().role == "eurodyssey"


def test_a_contact_needs_a_name() -> None:
    with pytest.raises(DomainError, match=r"^First name: This field is required"):
        contact_create(member=MemberFactory(), actor=None, first_name=" ", last_name="B")


# --- GDPR ---------------------------------------------------------------------------------


@pytest.fixture
def delegate() -> Person:
    member = MemberFactory(name="Västra Götaland Region")
    person = PersonFactory(
        first_name="Ingrid",
        last_name="Lindqvist",
        email="ingrid@vgregion.se",
        phone="+46 70 000 00 00",
        title="Regional councillor",
        gender="female",
        member=member,
    )
    ContactRoleFactory(person=person, role=ContactRole.Role.DELEGATE)
    RegionalMandateFactory(person=person)
    seat = SeatFactory(
        body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD), role="vice_president", portfolio="Youth"
    )
    MandateFactory(person=person, seat=seat, starts_on=date(2022, 1, 1), ends_on=date(2023, 12, 31))
    person.title = "Vice-president of the region"
    person.save()  # a second history row holding personal data
    return person


def test_personal_data_export_holds_everything_and_is_json(delegate: Person) -> None:
    UserFactory(person=delegate, email="ingrid@vgregion.se", full_name="Ingrid Lindqvist")
    data = person_personal_data(person_id=delegate.pk)
    text = json.dumps(data, ensure_ascii=False)
    assert data["person"]["first_name"] == "Ingrid"
    assert data["contact_roles"] == [{"role": "delegate", "unit": ""}]
    assert data["regional_political_mandates"][0]["from"] == "2022-01-01"
    assert data["mandates_in_aer_bodies"][0]["seat"] == ("Executive Board: Vice-President (Youth)")
    assert data["portal_account"]["email"] == "ingrid@vgregion.se"
    assert "password" not in text
    assert len(data["history_of_the_record"]) == 2


def test_anonymising_keeps_the_historical_record_and_erases_the_rest(delegate: Person) -> None:
    account = UserFactory(person=delegate, email="ingrid@vgregion.se", full_name="Ingrid L")
    staff = UserFactory(is_staff=True)
    LogEntry.objects.create(
        user=staff,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=str(delegate.pk),
        object_repr="Ingrid Lindqvist",
        action_flag=CHANGE,
    )
    person_anonymise(person=delegate, actor=staff, today=date(2026, 5, 4))

    delegate.refresh_from_db()
    expected = (
        "Former delegate of Västra Götaland Region, Executive Board: Vice-President (Youth), "
        "2022–2023"
    )
    assert str(delegate) == expected
    assert delegate.anonymised_on == date(2026, 5, 4)
    assert (delegate.first_name, delegate.last_name, delegate.email, delegate.phone) == (
        "",
        "",
        "",
        "",
    )
    assert delegate.mandates.get().seat.portfolio == "Youth"  # the mandate stays
    # No history row keeps the erased data.
    for row in Person.history.filter(id=delegate.pk):
        assert row.first_name == "" and row.email == "" and row.title == "" and row.gender == ""
    assert not ContactRole.objects.filter(person=delegate).exists()
    assert not ContactRole.history.filter(person_id=delegate.pk).exists()
    assert not RegionalMandate.history.filter(person_id=delegate.pk).exists()
    account.refresh_from_db()
    assert not account.is_active and account.full_name == "" and "vgregion" not in account.email
    assert not account.has_usable_password()
    assert not User.history.filter(email="ingrid@vgregion.se").exists()
    assert LogEntry.objects.get().object_repr == expected
    text = json.dumps(person_personal_data(person_id=delegate.pk), ensure_ascii=False)
    assert "Ingrid" not in text and "vgregion" not in text


def test_anonymising_twice_is_refused(delegate: Person) -> None:
    person_anonymise(person=delegate, actor=None, today=date(2026, 5, 4))
    with pytest.raises(DomainError, match=r" is anonymised already\.$"):
        person_anonymise(person=delegate, actor=None, today=date(2026, 5, 5))
    with pytest.raises(DomainError, match=r"^An anonymised person cannot be edited"):
        contact_update(person=delegate, actor=None, first_name="x", last_name="y")


def test_a_contact_without_mandates_becomes_a_former_contact() -> None:
    person = PersonFactory(member=MemberFactory(name="Sălaj County"))
    person_anonymise(person=person, actor=None, today=date(2026, 5, 4))
    person.refresh_from_db()
    assert str(person) == "Former contact of Sălaj County"
