"""Memberships, accounts and erasures are the secretariat's; a region's contacts are its
officers' and the secretariat's. The services refuse everyone else (members.access)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from aer_portal.errors import Refused
from aer_portal.rules.membership import MemberCategory
from members.access import is_officer_of
from members.models import Member, Membership, Person, PortalAccess, User
from members.services.accounts import account_invite
from members.services.records import (
    contact_create,
    contact_update,
    membership_admit,
    person_anonymise,
)
from tests.factories import (
    MemberFactory,
    PersonFactory,
    UserFactory,
    board_member,
    member_officer,
    staff_user,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)

SECRETARIAT_CALLS: dict[str, Callable[[User], Any]] = {
    "membership_admit": lambda u: membership_admit(
        member=MemberFactory(), category=MemberCategory.FULL, board_decision=TODAY, actor=u
    ),
    "person_anonymise": lambda u: person_anonymise(person=PersonFactory(), actor=u, today=TODAY),
    "account_invite": lambda u: account_invite(
        email="new@example.org", full_name="New", invited_by=u, base_url="https://portal"
    ),
}


@pytest.mark.parametrize("service", sorted(SECRETARIAT_CALLS))
@pytest.mark.parametrize("who", ["officer", "board member"])
def test_only_the_secretariat_admits_invites_and_erases(service: str, who: str) -> None:
    person = member_officer() if who == "officer" else board_member()
    with pytest.raises(Refused, match="Only the secretariat"):
        SECRETARIAT_CALLS[service](person)
    assert not Membership.objects.exists()
    assert not User.objects.filter(email="new@example.org").exists()
    assert not Person.objects.filter(anonymised_on__isnull=False).exists()


def _officer_of(member: Member, role: str = PortalAccess.Role.OFFICER) -> User:
    user = UserFactory()
    PortalAccess.objects.create(user=user, member=member, role=role)
    return user


@pytest.mark.parametrize("role", [PortalAccess.Role.DELEGATE, PortalAccess.Role.VIEWER])
def test_a_delegate_or_viewer_does_not_correct_contacts(role: str) -> None:
    person = PersonFactory(first_name="Ana")
    with pytest.raises(Refused, match="officers correct its contacts"):
        contact_update(
            person=person, actor=_officer_of(person.member, role), first_name="X", last_name="Y"
        )
    person.refresh_from_db()
    assert person.first_name == "Ana"


def test_an_officer_of_another_region_does_not_add_contacts() -> None:
    member = MemberFactory()
    with pytest.raises(Refused):
        contact_create(
            member=member, actor=_officer_of(MemberFactory()), first_name="X", last_name="Y"
        )
    assert not Person.objects.filter(member=member).exists()


def test_the_regions_officer_and_the_secretariat_correct_contacts() -> None:
    person = PersonFactory(first_name="Ana")
    contact_update(person=person, actor=_officer_of(person.member), first_name="B", last_name="C")
    contact_update(person=person, actor=staff_user(), first_name="D", last_name="E")
    person.refresh_from_db()
    assert person.first_name == "D"


def test_an_officer_of_the_region_is_asked_once_in_members_access() -> None:
    """members.access.is_officer_of answers the officer grant and the access request alike:
    an active officer of that very region, not a delegate, another region's officer or a
    disabled account."""
    officer = member_officer()
    member_id = officer.accesses.get().member_id
    delegate = member_officer(role=PortalAccess.Role.DELEGATE)
    assert is_officer_of(officer, member_id=member_id)
    assert not is_officer_of(officer, member_id=MemberFactory().pk)
    assert not is_officer_of(delegate, member_id=delegate.accesses.get().member_id)
    assert not is_officer_of(None, member_id=member_id)
    officer.is_active = False
    assert not is_officer_of(officer, member_id=member_id)
