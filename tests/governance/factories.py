"""Factories of the governance tests, on top of the shared ones (tests.factories)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.models import AgendaItem, Attendance, Meeting, Seat
from members.models import ContactRole, Member, Person, RegionalMandate
from tests.factories import (
    BodyFactory,
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
)


def brussels(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware datetime at that hour in Brussels."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))


class MeetingFactory(DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=60))
    place = "Brussels, AER office"


class AgendaItemFactory(DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Point {n}")


class AttendanceFactory(DjangoModelFactory[Attendance]):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    present = True
    votes = 1


def body(kind: BodyKind) -> Any:
    return BodyFactory(kind=kind)


def seated(
    kind: BodyKind = BodyKind.EXECUTIVE_BOARD,
    *,
    role: str = Seat.Role.VICE_PRESIDENT,
    person: Person | None = None,
    member: Member | None = None,
    country: Any = None,
    regional_mandate: bool = True,
    starts_on: date = date(2020, 1, 1),
    ends_on: date | None = date(2099, 12, 31),
) -> Person:
    """A person holding a mandate in a body of that kind (with a regional mandate by default)."""
    person = person or PersonFactory(member=member or MemberFactory())
    seat = SeatFactory(body=BodyFactory(kind=kind), role=role, country=country)
    MandateFactory(
        person=person, member=person.member, seat=seat, starts_on=starts_on, ends_on=ends_on
    )
    if regional_mandate:
        RegionalMandate.objects.create(
            person=person, kind="Regional councillor", starts_on=date(2010, 1, 1)
        )
    return person


def full_member_with_delegate(**member_kwargs: Any) -> tuple[Member, Person]:
    """A full member and its delegate (contact role), who sits in the General Assembly."""
    member = MemberFactory(**member_kwargs)
    MembershipFactory(member=member, category=MemberCategory.FULL)
    delegate = PersonFactory(member=member)
    ContactRole.objects.create(person=delegate, role=ContactRole.Role.DELEGATE)
    RegionalMandate.objects.create(
        person=delegate, kind="Member of the regional assembly", starts_on=date(2010, 1, 1)
    )
    return member, delegate


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]
