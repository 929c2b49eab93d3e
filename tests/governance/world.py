"""One small AER for the page tests: the shared two regions, Board member and staff (tests/world.py)
and three meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Meeting, MeetingDocument, Motion, Seat
from members.models import PortalAccess, User
from tests.factories import BodyFactory, CountryFactory, UserFactory, staff_user
from tests.governance.factories import (
    AgendaItemFactory,
    MeetingFactory,
    full_member_with_delegate,
    seated,
)
from tests.world import ROLES, people
from tests.world import World as SharedWorld

__all__ = ["ROLES", "World", "build_world"]


@dataclass
class World(SharedWorld):
    board_meeting: Meeting
    bureau_meeting: Meeting
    assembly: Meeting
    sent_document: MeetingDocument
    draft_document: MeetingDocument
    motion: Motion

    @property
    def officer_a(self) -> User:
        return self._someone("region A")

    @property
    def officer_b(self) -> User:
        return self._someone("region B")

    @property
    def board(self) -> User:
        return self._someone("board member")

    @property
    def staff(self) -> User:
        return self._someone("staff")

    def _someone(self, role: str) -> User:
        user = self.users[role]
        assert user is not None
        return user


def build_world() -> World:
    now = timezone.now()
    region_a, delegate_a = full_member_with_delegate(name="Västra Götaland Region")
    region_b, _delegate_b = full_member_with_delegate(name="Județul Dâmbovița")
    officer_a = UserFactory(full_name="Officer A")
    PortalAccess.objects.create(user=officer_a, member=region_a, role=PortalAccess.Role.OFFICER)
    officer_b = UserFactory(full_name="Officer B")
    PortalAccess.objects.create(user=officer_b, member=region_b, role=PortalAccess.Role.OFFICER)
    # Region A's delegate represents Sweden in the Bureau.
    seated(
        BodyKind.BUREAU,
        role=Seat.Role.COUNTRY_REPRESENTATIVE,
        person=delegate_a,
        country=CountryFactory(code="SE"),
    )
    vice_president = seated(BodyKind.EXECUTIVE_BOARD)
    users = people(
        region_a,
        region_b,
        officer_a=officer_a,
        officer_b=officer_b,
        board=UserFactory(person=vice_president, full_name="Vice President"),
        staff=staff_user(full_name="Sam Staff"),
    )
    board_meeting = MeetingFactory(
        body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD),
        title="Executive Board, spring",
        starts_at=now + timedelta(days=10),
        status=Meeting.Status.CONVENED,
        invitation_sent_at=now - timedelta(days=5),
        online_url="https://meet.example.org/board",
    )
    item = AgendaItemFactory(meeting=board_meeting, position=1, title="Budget 2027")
    sent = MeetingDocument.objects.create(
        meeting=board_meeting, agenda_item=item, title="Draft budget", original_name="b.pdf",
        sent_at=now,
    )  # fmt: skip
    sent.file.save("b.pdf", ContentFile(b"%PDF-1.4 budget"), save=True)
    draft = MeetingDocument.objects.create(
        meeting=board_meeting, title="Unsent note", original_name="n.pdf"
    )
    draft.file.save("n.pdf", ContentFile(b"%PDF-1.4 note"), save=True)
    motion = Motion.objects.create(meeting=board_meeting, text="Adopt the budget 2027")
    bureau_meeting = MeetingFactory(
        body=BodyFactory(kind=BodyKind.BUREAU),
        title="Bureau, spring",
        starts_at=now + timedelta(days=40),
    )
    assembly = MeetingFactory(
        body=BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY),
        title="General Assembly 2027",
        starts_at=now + timedelta(days=80),
    )
    MeetingFactory(
        body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD),
        title="Executive Board before the Assembly",
        starts_at=now + timedelta(days=60),
    )
    return World(
        region_a, region_b, users, board_meeting, bureau_meeting, assembly, sent, draft, motion
    )
