"""Who keeps a body's records (members.access.may_keep_body_records): the steps that create a
body, record or end a mandate and schedule a meeting refuse a person who does not, whichever
service called them, at a constant number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone

from aer_portal.errors import Refused
from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Body, Seat
from governance.services.bodies import body_create, mandate_end, mandate_record, seat_for
from governance.services.meetings import meeting_schedule
from members.models import PortalAccess, User
from tests.factories import (
    BodyFactory,
    MandateFactory,
    MemberFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    board_member,
    member_officer,
    staff_user,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 4)
STARTS_AT = timezone.make_aware(datetime(2026, 6, 10, 10))


def _committee_member() -> User:
    seat = SeatFactory(body=BodyFactory(kind=BodyKind.ELECTION_COMMITTEE), role=Seat.Role.MEMBER)
    return UserFactory(person=MandateFactory(seat=seat).person)


def _working_group() -> tuple[Body, User]:
    """A working group and an officer of its Chair's region."""
    body = BodyFactory(kind=BodyKind.WORKING_GROUP, name="Youth", slug="youth")
    chair = MandateFactory(seat=SeatFactory(body=body, role=Seat.Role.CHAIR))
    user = UserFactory()
    PortalAccess.objects.create(
        user=user, member=chair.person.member, role=PortalAccess.Role.OFFICER
    )
    return body, user


def _record(body: Body, actor: User | None) -> Any:
    return mandate_record(
        person=PersonFactory(),
        seat=seat_for(body=body, role=Seat.Role.MEMBER),
        starts_on=TODAY,
        ends_on=None,
        actor=actor,
        today=TODAY,
    )


def _end(body: Body, actor: User | None) -> Any:
    mandate = MandateFactory(seat=SeatFactory(body=body, role=Seat.Role.SECONDED_OFFICER))
    return mandate_end(mandate=mandate, last_day=TODAY, actor=actor, today=TODAY)


def _meeting(body: Body, actor: User | None) -> Any:
    return meeting_schedule(
        body=body, title="Plenary", starts_at=STARTS_AT, actor=actor, place="Brussels", today=TODAY
    )


STEPS: dict[str, Callable[[Body, User | None], Any]] = {
    "mandate_record": _record,
    "mandate_end": _end,
    "meeting_schedule": _meeting,
}


def test_only_the_secretariat_creates_a_body() -> None:
    for person in (member_officer(), board_member(), _committee_member()):
        with pytest.raises(Refused, match="Only the secretariat"):
            body_create(kind=BodyKind.TASK_FORCE, name="Task Force on Ukraine", actor=person)
    assert not Body.objects.filter(kind=BodyKind.TASK_FORCE).exists()
    assert body_create(kind=BodyKind.TASK_FORCE, name="Ukraine", actor=staff_user()).pk


@pytest.mark.parametrize("step", sorted(STEPS))
def test_an_elected_body_is_the_committee_s_and_the_secretariat_s(step: str) -> None:
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    for person in (member_officer(), board_member()):
        with pytest.raises(Refused, match="those who run this body"):
            STEPS[step](board, person)
    assert STEPS[step](board, _committee_member()).pk
    assert STEPS[step](board, staff_user()).pk
    assert STEPS[step](board, None).pk  # the portal itself (the demo data)


@pytest.mark.parametrize("step", sorted(STEPS))
def test_a_working_group_is_its_chair_s_region_s_and_the_secretariat_s(step: str) -> None:
    group, chair_officer = _working_group()
    other_officer = member_officer(member=MemberFactory())
    for person in (other_officer, board_member(), _committee_member()):
        with pytest.raises(Refused, match="those who run this body"):
            STEPS[step](group, person)
    assert STEPS[step](group, chair_officer).pk
    assert STEPS[step](group, staff_user()).pk


def test_an_inactive_account_is_refused_even_if_staff() -> None:
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    with pytest.raises(Refused):
        _meeting(board, staff_user(is_active=False))


def test_the_check_costs_a_constant_number_of_queries(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    from governance.services.bodies import require_body_records

    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    group, chair_officer = _working_group()
    staff, committee = staff_user(), _committee_member()
    with django_assert_num_queries(0):  # staff: the account's flag
        require_body_records(staff, body=group, today=TODAY)
    with django_assert_num_queries(1):  # an elected body: the offices
        require_body_records(committee, body=board, today=TODAY)
    for _ in range(3):  # a working group: the regions, then its Chair
        with django_assert_num_queries(2):
            require_body_records(chair_officer, body=group, today=TODAY)
