"""A public world for the open-data tests: members of every kind with people who have private
contact details, statutory bodies, a working group with a future online meeting, an election."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from elections.models import Election
from governance.models import Meeting, Seat
from members.models import Member, Person, Suspension
from tests.elections.factories import election
from tests.factories import (
    BodyFactory,
    CountryFactory,
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
)
from tests.governance.factories import MeetingFactory
from tests.working_groups.factories import board_staff, established, executive_board
from working_groups.models import GroupMembership, WorkingGroup

#: Values that must never appear in any open-data answer.
SECRET_MARKERS = (
    "private-mail.example",
    "+32 470",
    "Secret Street",
    "BE0403170701",
    "Fee 2025 unpaid",
    "secret-room",
    "draft budget",
)


@dataclass
class OpenWorld:
    members: list[Member]
    people: list[Person]
    group: WorkingGroup
    election: Election
    observer: Member
    suspended: Member


def open_world(*, members: int) -> OpenWorld:
    """``members`` regions (every fifth an observer), one delegate each in the General Assembly."""
    board = executive_board(vice_presidents=2)
    staff = board_staff()
    _, group = established(board=board, staff=staff)
    assembly = BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY)
    SeatFactory(body=assembly, role=Seat.Role.MEMBER)
    today = timezone.localdate()
    created, people = add_members(members)
    Suspension.objects.create(
        member=created[0], starts_on=today - timedelta(days=3), reason="Fee 2025 unpaid"
    )
    MeetingFactory(
        body=group.body,
        title="Kick-off",
        starts_at=timezone.now() + timedelta(days=40),
        place="Strasbourg",
        online_url="https://meet.example.org/secret-room",
        description="Internal: bring the draft budget",
    )
    MeetingFactory(
        body=group.body,
        title="Cancelled one",
        starts_at=timezone.now() + timedelta(days=20),
        status=Meeting.Status.CANCELLED,
    )
    vote = election(day=today + timedelta(days=70))
    return OpenWorld(
        members=created,
        people=people,
        group=group,
        election=vote,
        observer=created[4] if members > 4 else created[-1],
        suspended=created[0],
    )


def add_members(count: int) -> tuple[list[Member], list[Person]]:
    """``count`` more regions (every fifth an observer), each with a delegate in the General
    Assembly who has a private e-mail and phone, all in the working group."""
    seat = Seat.objects.get(body__kind=BodyKind.GENERAL_ASSEMBLY, role=Seat.Role.MEMBER)
    group = WorkingGroup.objects.get()
    start = Member.objects.filter(name__startswith="Open Region").count()
    countries = [CountryFactory(code=code) for code in ("SE", "FR", "RO", "UA")]
    today = timezone.localdate()
    created: list[Member] = []
    people: list[Person] = []
    for n in range(start, start + count):
        member = MemberFactory(
            name=f"Open Region {n:03d}",
            country=countries[n % len(countries)],
            billing_address="1 Secret Street",
            vat_number="BE0403170701",
            website=f"https://region{n}.example.org",
        )
        observer = n % 5 == 4
        MembershipFactory(
            member=member,
            category=MemberCategory.OBSERVER if observer else MemberCategory.FULL,
            board_decision=today - timedelta(days=60) if observer else date(2015, 3, 10),
        )
        person = PersonFactory(
            member=member,
            email=f"delegate{n}@private-mail.example",
            phone=f"+32 470 00 {n:03d}",
        )
        MandateFactory(person=person, member=member, seat=seat)
        GroupMembership.objects.create(
            group=group, region=member, role=GroupMembership.Role.MEMBER, joined_on=today
        )
        created.append(member)
        people.append(person)
    return created, people
