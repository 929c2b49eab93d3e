"""Data for the working-group tests, built with the shared factories and the real services."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Body, Meeting, Seat
from governance.services.meetings import meeting_schedule
from members.models import Member, User
from tests.factories import (
    BodyFactory,
    MandateFactory,
    MemberFactory,
    MembershipFactory,
    PersonFactory,
    SeatFactory,
    UserFactory,
    member_officer,
    staff_user,
    with_totp,
)
from working_groups.models import GroupMembership, WorkingGroup, WorkingGroupProposal
from working_groups.services.proposals import (
    proposal_create,
    proposal_submit,
    proposal_support_answer,
    proposal_support_invite,
)
from working_groups.services.review import proposal_decide

PORTFOLIOS = ("Youth", "Climate and energy", "Health and social affairs")


def region(name: str | None = None, **kwargs: object) -> Member:
    """A member region with a current full membership."""
    member = MemberFactory(**({"name": name} if name else {}), **kwargs)
    MembershipFactory(member=member, board_decision=date(2015, 3, 10))
    return member


def officer(member: Member, **kwargs: object) -> User:
    """The international relations officer's account of a region."""
    return member_officer(member=member, **kwargs)


@dataclass
class Board:
    """An Executive Board: the President and Vice-Presidents with portfolios, all with TOTP."""

    body: Body
    president: User
    vice_presidents: list[User]
    areas: list[Seat]

    @property
    def members(self) -> list[User]:
        return [self.president, *self.vice_presidents]


def executive_board(*, vice_presidents: int = 2) -> Board:
    body = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    president_seat = SeatFactory(body=body, role=Seat.Role.PRESIDENT)
    president = _seated(president_seat, first_name="Petra")
    areas = [
        SeatFactory(body=body, role=Seat.Role.VICE_PRESIDENT, portfolio=PORTFOLIOS[i % 3])
        for i in range(max(vice_presidents, 1))
    ]
    vps = [_seated(seat) for seat in areas[:vice_presidents]]
    return Board(body=body, president=president, vice_presidents=vps, areas=areas)


def _seated(seat: Seat, **person: object) -> User:
    holder = PersonFactory(member=region(), **person)
    MandateFactory(person=holder, seat=seat, starts_on=date(2024, 1, 1), ends_on=date(2099, 1, 1))
    return with_totp(UserFactory(person=holder))


def board_staff() -> User:
    return with_totp(staff_user())


def board_meeting(*, days: int = 21, board: Board | None = None) -> Meeting:
    """A meeting of the Executive Board ``days`` from now."""
    body = board.body if board else BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    return meeting_schedule(
        body=body,
        title="Executive Board",
        starts_at=timezone.now() + timedelta(days=days),
        actor=None,
        place="Brussels",
    )


COMPLETE = {
    "topic": "Rural health and telemedicine",
    "focus": "Remote care in sparsely populated regions",
    "objective": "Share working models of remote care",
    "activities": "Study visit to Norrbotten\nWebinar series",
}


@dataclass
class Draft:
    """A draft proposal with its lead region and officer, and its invited supporters."""

    proposal: WorkingGroupProposal
    lead: Member
    lead_officer: User
    supporters: list[tuple[Member, User]] = field(default_factory=list)

    def refresh(self) -> WorkingGroupProposal:
        self.proposal.refresh_from_db()
        return self.proposal


def draft(
    *,
    board: Board,
    supporters: int = 0,
    confirmed: int | None = None,
    lead: Member | None = None,
    now: datetime | None = None,
    **fields: object,
) -> Draft:
    """A complete draft with ``supporters`` invited regions, ``confirmed`` of them confirmed."""
    now = now or timezone.now()
    lead = lead or region()
    lead_officer = officer(lead)
    proposal = proposal_create(
        actor=lead_officer,
        lead_region=lead,
        now=now,
        policy_area=board.areas[0],
        **{**COMPLETE, **fields},  # type: ignore[arg-type]
    )
    result = Draft(proposal=proposal, lead=lead, lead_officer=lead_officer)
    for index in range(supporters):
        supporter = region()
        supporter_officer = officer(supporter)
        proposal_support_invite(
            proposal_id=proposal.pk, region=supporter, actor=lead_officer, now=now
        )
        if confirmed is None or index < confirmed:
            proposal_support_answer(
                proposal_id=proposal.pk,
                region=supporter,
                confirm=True,
                actor=supporter_officer,
                now=now,
            )
        result.supporters.append((supporter, supporter_officer))
    return result


def submitted(*, board: Board, meeting_days: int | None = 21, **kwargs: object) -> Draft:
    """A proposal with three confirmed supporters, submitted to the Board."""
    if meeting_days is not None:
        board_meeting(days=meeting_days, board=board)
    result = draft(board=board, supporters=3, **kwargs)  # type: ignore[arg-type]
    proposal_submit(proposal_id=result.proposal.pk, actor=result.lead_officer, now=timezone.now())
    result.refresh()
    return result


def board_meeting_begins(proposal: WorkingGroupProposal) -> Meeting:
    """A Board meeting of its own that has just begun decides the proposal (the online review
    closes); other proposals keep their meeting."""
    meeting = board_meeting(days=1)
    meeting.starts_at = timezone.now() - timedelta(seconds=1)
    meeting.save(update_fields=["starts_at"])
    proposal.board_meeting = meeting
    proposal.save(update_fields=["board_meeting"])
    return meeting


def established(*, board: Board, staff: User, **kwargs: object) -> tuple[Draft, WorkingGroup]:
    """A proposal the Board approved, and the working group it established."""
    result = submitted(board=board, **kwargs)  # type: ignore[arg-type]
    board_meeting_begins(result.refresh())
    proposal_decide(
        proposal_id=result.proposal.pk,
        actor=staff,
        decided_on=timezone.localdate(),
        approve_votes=2,
        reject_votes=0,
        abstentions=0,
        reason="In line with AER values: solidarity between regions.",
        now=timezone.now(),
    )
    return result, WorkingGroup.objects.get(proposal=result.proposal)


def held_meeting(group: WorkingGroup, day: date | None = None) -> Meeting:
    """A meeting of the group on ``day`` (default today), recorded as held."""
    from governance.models import Meeting as MeetingModel
    from tests.governance.factories import MeetingFactory, brussels

    day = day or timezone.localdate()
    meeting: MeetingModel = MeetingFactory(
        body=group.body,
        starts_at=brussels(day.year, day.month, day.day, 0, 30),
        status=MeetingModel.Status.HELD,
        title=f"{group.body.name} on {day.isoformat()}",
    )
    return meeting


def copies_of(group: WorkingGroup, count: int) -> list[WorkingGroup]:
    """``count`` more running groups like ``group`` (its proposal, body and regions copied)."""

    made = []
    first = WorkingGroup.objects.count() + 1
    for index in range(first, first + count):
        proposal = WorkingGroupProposal.objects.get(pk=group.proposal_id)
        proposal.pk = None
        proposal._state.adding = True
        proposal.save()
        body = Body.objects.get(pk=group.body_id)
        body.pk = None
        body._state.adding = True
        body.name = f"{body.name} {index:03d}"
        body.slug = f"{body.slug}-{index}"
        body.save()
        copy = WorkingGroup.objects.get(pk=group.pk)
        copy.pk = None
        copy._state.adding = True
        copy.body, copy.proposal = body, proposal
        copy.save()
        GroupMembership.objects.bulk_create(
            GroupMembership(group=copy, region_id=m.region_id, role=m.role, joined_on=m.joined_on)
            for m in group.memberships.all()
        )
        made.append(copy)
    return made
