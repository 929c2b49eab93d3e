"""Demo data of the working-group process, one example at each step (see `manage.py seed_demo`).

- Västra Götaland Region (officer@demo.aer.eu) drafts "Hydrogen valleys": two regions have
  confirmed support, one has not answered yet, and the secretariat suggests a fourth.
- Norrbotten Region's "Telemedicine in sparsely populated regions" awaits the Board's review:
  the President voted, board@demo.aer.eu has not (it is on that account's dashboard).
- "Youth participation in regional democracy", led by Catalonia, is established: members, a
  Chair, a seconded officer, a first meeting held, the next one planned and two activities.

Idempotent: every record is looked up by its natural key first.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Body, Meeting, Seat
from governance.services.bodies import mandate_record, seat_for
from governance.services.meetings import meeting_schedule
from members.models import Member, Person, User
from working_groups.models import (
    GroupActivity,
    GroupMembership,
    ProposalDecision,
    ProposalSupport,
    ReviewComment,
    ReviewVote,
    WorkingGroup,
    WorkingGroupProposal,
)
from working_groups.selectors.people import president
from working_groups.services.review import group_establish

Status = WorkingGroupProposal.Status
Support = ProposalSupport.Status


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _member(name: str) -> Member | None:
    return Member.objects.filter(name=name).first()


def _area(portfolio: str) -> Seat | None:
    return Seat.objects.filter(
        body__kind=BodyKind.EXECUTIVE_BOARD, role=Seat.Role.VICE_PRESIDENT, portfolio=portfolio
    ).first()


def _person(member: Member, title: str) -> Person | None:
    return member.people.filter(title=title).order_by("pk").first()


def _board_meeting(today: date) -> tuple[Meeting | None, int]:
    """A Board meeting at least a week ahead (Procedures art. 6), planned if there is none."""
    board = Body.objects.filter(kind=BodyKind.EXECUTIVE_BOARD).first()
    if board is None:
        return None, 0
    existing = (
        Meeting.objects.filter(body=board, starts_at__gte=_at(today + timedelta(days=7), 0))
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )
    if existing is not None:
        return existing, 0
    meeting = meeting_schedule(
        body=board,
        title="Executive Board meeting",
        starts_at=_at(today + timedelta(days=24)),
        ends_at=_at(today + timedelta(days=24), 17),
        actor=None,
        place="Brussels",
    )
    return meeting, 1


def _proposal(
    *, lead: Member, topic: str, defaults: dict[str, object]
) -> tuple[WorkingGroupProposal, int]:
    proposal, new = WorkingGroupProposal.objects.get_or_create(
        lead_region=lead, topic=topic, defaults=defaults
    )
    return proposal, int(new)


def _supports(
    proposal: WorkingGroupProposal, answers: dict[str, str], *, at: datetime, by: User | None
) -> int:
    created = 0
    for name, status in answers.items():
        region = _member(name)
        if region is None:
            continue
        _support, new = ProposalSupport.objects.get_or_create(
            proposal=proposal,
            region=region,
            defaults={
                "status": status,
                "invited_by": by if status != Support.SUGGESTED else None,
                "invited_at": at if status != Support.SUGGESTED else None,
                "answered_at": at + timedelta(days=2)
                if status in (Support.CONFIRMED, Support.DECLINED)
                else None,
                "suggestion_note": "Runs a hydrogen strategy with its ports"
                if status == Support.SUGGESTED
                else "",
            },
        )
        created += new
    return created


def seed(*, today: date) -> int:
    """The three examples; returns the number of new records."""
    officer = User.objects.filter(email="officer@demo.aer.eu").first()
    staff = User.objects.filter(email="staff@demo.aer.eu").first()
    if officer is None or staff is None:
        return 0
    created = _draft(today, officer, staff)
    created += _under_review(today, staff)
    created += _established(today, staff)
    return created


def _draft(today: date, officer: User, staff: User) -> int:
    lead = _member("Västra Götaland Region")
    if lead is None:
        return 0
    proposal, created = _proposal(
        lead=lead,
        topic="Hydrogen valleys and the energy transition",
        defaults={
            "focus": "How regions plan hydrogen production, storage and use with their ports, "
            "industry and universities.",
            "objective": "A shared map of regional hydrogen strategies and three joint project "
            "ideas for EU funding.",
            "activities": "Study visit to the port of Gothenburg\n"
            "Webinar series on hydrogen skills\nPeer review of two regional strategies",
            "policy_area": _area("Climate and energy"),
            "created_by": officer,
            "created_at": _at(today - timedelta(days=12)),
            "updated_at": _at(today - timedelta(days=2)),
        },
    )
    created += _supports(
        proposal,
        {
            "Norrbotten Region": Support.CONFIRMED,
            "North Denmark Region": Support.CONFIRMED,
            "Innlandet County": Support.INVITED,
        },
        at=_at(today - timedelta(days=10)),
        by=officer,
    )
    if not proposal.supports.filter(status=Support.SUGGESTED).exists():
        region = _member("Lower Austria")
        if region is not None:
            ProposalSupport.objects.create(
                proposal=proposal,
                region=region,
                status=Support.SUGGESTED,
                suggested_by=staff,
                suggestion_note="Runs a hydrogen strategy with its industry",
            )
            created += 1
    return created


def _under_review(today: date, staff: User) -> int:
    lead = _member("Norrbotten Region")
    if lead is None:
        return 0
    meeting, created = _board_meeting(today)
    submitted_at = _at(today - timedelta(days=3))
    proposal, new = _proposal(
        lead=lead,
        topic="Telemedicine in sparsely populated regions",
        defaults={
            "focus": "Remote care, e-health and mobile clinics where distances are long and "
            "populations old.",
            "objective": "Working models of remote care that other regions can adopt.",
            "activities": "Study visit to Norrbotten's virtual health rooms\n"
            "Handbook of telemedicine procurement\nSession at the AER General Assembly",
            "policy_area": _area("Health and social affairs"),
            "status": Status.SUBMITTED,
            "created_at": submitted_at - timedelta(days=30),
            "updated_at": submitted_at,
            "submitted_at": submitted_at,
            "board_meeting": meeting,
        },
    )
    created += new
    created += _supports(
        proposal,
        {
            "Västra Götaland Region": Support.CONFIRMED,
            "Jämtland Härjedalen Region": Support.CONFIRMED,
            "Nordland County": Support.CONFIRMED,
        },
        at=submitted_at - timedelta(days=20),
        by=None,
    )
    board_president = president(on=today)
    if board_president is not None:
        _vote, new = ReviewVote.objects.get_or_create(
            proposal=proposal,
            voter=board_president,
            defaults={"choice": ReviewVote.Choice.APPROVE, "cast_at": submitted_at},
        )
        created += new
    if not proposal.comments.exists():
        ReviewComment.objects.create(
            proposal=proposal,
            author=staff,
            text="The 2026 budget has a line for working-group meetings; the secretariat can "
            "host the first meeting online.",
            created_at=submitted_at + timedelta(hours=4),
        )
        created += 1
    return created


def _established(today: date, staff: User) -> int:
    lead = _member("Catalonia")
    if lead is None:
        return 0
    established_on = today - timedelta(days=120)
    decided_at = _at(established_on, 16)
    proposal, created = _proposal(
        lead=lead,
        topic="Youth participation in regional democracy",
        defaults={
            "focus": "How regions involve young people in their decisions: youth councils, "
            "participatory budgets, votes at 16.",
            "objective": "More regions with a working youth council by the end of the mandate.",
            "activities": "Youth Assembly in Barcelona\nToolkit for regional youth councils\n"
            "Exchange with the AER Youth Regional Network",
            "policy_area": _area("Youth"),
            "status": Status.APPROVED,
            "created_at": decided_at - timedelta(days=60),
            "updated_at": decided_at,
            "submitted_at": decided_at - timedelta(days=20),
        },
    )
    supporters = ("Lower Austria", "Vojvodina", "Lviv Oblast")
    created += _supports(
        proposal,
        dict.fromkeys(supporters, Support.CONFIRMED),
        at=decided_at - timedelta(days=50),
        by=None,
    )
    _decision, new = ProposalDecision.objects.get_or_create(
        proposal=proposal,
        defaults={
            "decided_on": established_on,
            "approve_votes": 7,
            "reject_votes": 1,
            "abstentions": 1,
            "approved": True,
            "reason": "Youth participation is at the heart of AER's values of democracy and "
            "subsidiarity, and the group builds on the Youth Regional Network.",
            "recorded_by": staff,
            "recorded_at": decided_at,
        },
    )
    created += new
    group = WorkingGroup.objects.filter(proposal=proposal).select_related("body").first()
    if group is None:
        group = group_establish(proposal=proposal, established_on=established_on, actor=staff)
        created += 2 + len(supporters) + 1
    roles = {
        "Catalonia": GroupMembership.Role.LEAD,
        **dict.fromkeys(supporters, GroupMembership.Role.SUPPORTING),
        "Västra Götaland Region": GroupMembership.Role.MEMBER,
        "Azores": GroupMembership.Role.MEMBER,
        "Chernivtsi Oblast": GroupMembership.Role.MEMBER,
    }
    for name, role in roles.items():
        region = _member(name)
        if region is None:
            continue
        joined = (
            established_on if role != GroupMembership.Role.MEMBER else today - timedelta(days=60)
        )
        _membership, new = GroupMembership.objects.get_or_create(
            group=group,
            region=region,
            left_on=None,
            defaults={"role": role, "joined_on": joined},
        )
        created += new
    first_day = established_on + timedelta(days=35)
    for title, day, place, online in (
        ("First meeting", first_day, "", "https://meet.aer.eu/youth-participation"),
        ("Second meeting", today + timedelta(days=40), "Barcelona", ""),
    ):
        if not Meeting.objects.filter(body=group.body, title=title).exists():
            meeting_schedule(
                body=group.body,
                title=title,
                starts_at=_at(day, 14),
                actor=staff,
                place=place,
                online_url=online,
            )
            created += 1
    chair_seat = seat_for(body=group.body, role=Seat.Role.CHAIR)
    officer_seat = seat_for(body=group.body, role=Seat.Role.SECONDED_OFFICER)
    for seat, title in (
        (chair_seat, "Delegate"),
        (officer_seat, "International relations officer"),
    ):
        person = _person(lead, title)
        if person is not None and not seat.mandates.exists():
            mandate_record(
                person=person,
                seat=seat,
                starts_on=first_day,
                ends_on=None,
                actor=staff,
                member=lead,
            )
            created += 1
    for kind, title, day in (
        (GroupActivity.Kind.EVENT, "Youth Assembly in Barcelona", today - timedelta(days=20)),
        (
            GroupActivity.Kind.PUBLICATION,
            "Toolkit for regional youth councils (draft)",
            today - timedelta(days=5),
        ),
    ):
        _activity, new = GroupActivity.objects.get_or_create(
            group=group,
            title=title,
            defaults={"kind": kind, "happened_on": day, "recorded_by": staff},
        )
        created += new
    return created
