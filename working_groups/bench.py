"""The benchmark's working groups: ten years of proposals and groups (see aer_portal.bench).

At full scale: 30 groups, each with 10 to 60 member regions, a Chair, a seconded officer,
meetings and activities; 20 proposals before the Board, with supporters, votes and comments;
80 older proposals (drafts, rejected ones). The Board member and the officer who log in are
those of the governance and members seeds.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from aer_portal.bench import BenchPage, Role, named_url
from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Body, Mandate, Meeting, Seat
from governance.selectors.bodies import current_mandates_q
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
from working_groups.services.review import group_from_proposal

GROUPS_AT_FULL_SCALE = 30
UNDER_REVIEW_AT_FULL_SCALE = 20
OLDER_PROPOSALS_AT_FULL_SCALE = 80
TOPICS = (
    "Hydrogen valleys", "Rural telemedicine", "Youth participation", "Circular economy",
    "Cross-border health", "Digital public services", "Culture and tourism", "Migration",
    "Smart specialisation", "Water management", "Forest bioeconomy", "Mountain regions",
)  # fmt: skip


def _largest_group_url(user: User | None) -> str:
    group = (
        WorkingGroup.objects.select_related("body")
        .annotate(n=Count("memberships"))
        .order_by("-n", "pk")
        .first()
    )
    assert group is not None, "the working_groups bench seed did not run"
    return reverse("working_groups:group", args=[group.slug])


def _proposal_under_review_url(user: User | None) -> str:
    proposal = (
        WorkingGroupProposal.objects.filter(status=WorkingGroupProposal.Status.SUBMITTED)
        .annotate(n=Count("votes"))
        .order_by("-n", "pk")
        .first()
    )
    assert proposal is not None, "the working_groups bench seed did not run"
    return reverse("working_groups:proposal", args=[proposal.pk])


PAGES = [
    BenchPage("working groups: public list", named_url("working_groups:list"), Role.ANONYMOUS),
    BenchPage("working groups: group page", _largest_group_url, Role.ANONYMOUS),
    BenchPage("working groups: group page", _largest_group_url, Role.MEMBER_OFFICER),
    BenchPage(
        "working groups: Board review queue",
        named_url("working_groups:review_queue"),
        Role.BOARD_MEMBER,
    ),
    BenchPage(
        "working groups: proposal under review", _proposal_under_review_url, Role.BOARD_MEMBER
    ),
    BenchPage("working groups: proposal under review", _proposal_under_review_url, Role.STAFF),
    BenchPage("working groups: proposals", named_url("working_groups:proposals"), Role.STAFF),
]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed(*, rng: random.Random, scale: float) -> None:
    """Proposals at every step and established groups, with bulk_create."""
    today = timezone.localdate()
    members = list(Member.objects.order_by("pk"))
    people: dict[int, list[Person]] = {}
    for person in Person.objects.filter(member__isnull=False).order_by("pk"):
        people.setdefault(person.member_id, []).append(person)  # type: ignore[arg-type]
    areas = list(
        Seat.objects.filter(body__kind=BodyKind.EXECUTIVE_BOARD, role=Seat.Role.VICE_PRESIDENT)
        .exclude(portfolio="")
        .order_by("pk")
    )
    board_people = list(
        Mandate.objects.filter(current_mandates_q(today), seat__body__kind=BodyKind.EXECUTIVE_BOARD)
        .values_list("person_id", flat=True)
        .distinct()
    )
    staff = User.objects.filter(is_staff=True).order_by("pk").first()
    board_body = Body.objects.get(kind=BodyKind.EXECUTIVE_BOARD)
    [board_meeting] = Meeting.objects.bulk_create(
        [
            Meeting(
                body=board_body,
                title="Executive Board meeting",
                starts_at=_at(today + timedelta(days=20)),
                place="Brussels",
            )
        ]
    )
    _under_review(rng, scale, members, areas, board_people, staff, board_meeting, today)
    _older(rng, scale, members, areas, staff, today)
    _groups(rng, scale, members, people, areas, staff, today)


def _topic(rng: random.Random, index: int) -> str:
    return f"{rng.choice(TOPICS)} {index + 1}"


def _under_review(
    rng: random.Random,
    scale: float,
    members: list[Member],
    areas: list[Seat],
    board_people: list[int],
    staff: User | None,
    meeting: Meeting,
    today: date,
) -> None:
    count = max(2, round(UNDER_REVIEW_AT_FULL_SCALE * scale))
    submitted_at = _at(today - timedelta(days=5))
    proposals = WorkingGroupProposal.objects.bulk_create(
        WorkingGroupProposal(
            lead_region=rng.choice(members),
            topic=_topic(rng, index),
            focus="Exchange of good practice between regions.",
            objective="Shared knowledge and joint projects.",
            activities="Study visit\nWebinar series\nJoint publication",
            policy_area=rng.choice(areas) if areas else None,
            status=WorkingGroupProposal.Status.SUBMITTED,
            submitted_at=submitted_at,
            board_meeting=meeting,
        )
        for index in range(count)
    )
    supports, votes, comments = [], [], []
    for proposal in proposals:
        others = [m for m in members if m.pk != proposal.lead_region_id]
        for region in rng.sample(others, min(len(others), rng.randint(3, 8))):
            supports.append(
                ProposalSupport(
                    proposal=proposal,
                    region=region,
                    status=ProposalSupport.Status.CONFIRMED,
                    invited_at=submitted_at - timedelta(days=20),
                    answered_at=submitted_at - timedelta(days=15),
                )
            )
        for person_id in rng.sample(board_people, rng.randint(0, len(board_people))):
            votes.append(
                ReviewVote(
                    proposal=proposal,
                    voter_id=person_id,
                    choice=rng.choice(ReviewVote.Choice.values),
                )
            )
        if staff is not None:
            comments += [
                ReviewComment(proposal=proposal, author=staff, text=f"Comment {n}.")
                for n in range(rng.randint(0, 6))
            ]
    ProposalSupport.objects.bulk_create(supports)
    ReviewVote.objects.bulk_create(votes)
    ReviewComment.objects.bulk_create(comments)


def _older(
    rng: random.Random,
    scale: float,
    members: list[Member],
    areas: list[Seat],
    staff: User | None,
    today: date,
) -> None:
    count = max(2, round(OLDER_PROPOSALS_AT_FULL_SCALE * scale))
    statuses = (WorkingGroupProposal.Status.DRAFT, WorkingGroupProposal.Status.REJECTED)
    proposals = WorkingGroupProposal.objects.bulk_create(
        WorkingGroupProposal(
            lead_region=rng.choice(members),
            topic=_topic(rng, index),
            focus="Exchange of good practice.",
            policy_area=rng.choice(areas) if areas else None,
            status=statuses[index % 2],
            submitted_at=None if index % 2 == 0 else _at(today - timedelta(days=100 + index)),
        )
        for index in range(count)
    )
    if staff is None:
        return
    ProposalDecision.objects.bulk_create(
        ProposalDecision(
            proposal=proposal,
            decided_on=today - timedelta(days=80),
            approve_votes=2,
            reject_votes=6,
            abstentions=1,
            approved=False,
            reason="Not in line with the political priorities.",
            recorded_by=staff,
        )
        for proposal in proposals
        if proposal.status == WorkingGroupProposal.Status.REJECTED
    )


def _group(body: Body, proposal: WorkingGroupProposal, day: date, *, today: date) -> WorkingGroup:
    """A group established on ``day`` as the service sets it up; dissolved after 800 days."""
    group = group_from_proposal(proposal, body=body, established_on=day)
    if day + timedelta(days=800) < today:
        group.dissolved_on = day + timedelta(days=800)
        group.dissolution_reason = "Mandate completed."
    return group


def _groups(
    rng: random.Random,
    scale: float,
    members: list[Member],
    people: dict[int, list[Person]],
    areas: list[Seat],
    staff: User | None,
    today: date,
) -> None:
    count = max(2, round(GROUPS_AT_FULL_SCALE * scale))
    established = [today - timedelta(days=rng.randint(30, 3000)) for _ in range(count)]
    proposals = WorkingGroupProposal.objects.bulk_create(
        WorkingGroupProposal(
            lead_region=rng.choice(members),
            topic=f"Working group {index + 1}: {rng.choice(TOPICS)}",
            focus="Exchange and dissemination of good practice.",
            objective="Regional policy innovation through mutual learning.",
            activities="Kick-off meeting\nStudy visits\nPolicy paper",
            policy_area=rng.choice(areas) if areas else None,
            status=WorkingGroupProposal.Status.APPROVED,
            submitted_at=_at(established[index] - timedelta(days=20)),
        )
        for index in range(count)
    )
    bodies = Body.objects.bulk_create(
        Body(kind=BodyKind.WORKING_GROUP, name=p.topic, slug=f"bench-wg-{index + 1}")
        for index, p in enumerate(proposals)
    )
    groups = WorkingGroup.objects.bulk_create(
        _group(body, proposal, day, today=today)
        for body, proposal, day in zip(bodies, proposals, established, strict=True)
    )
    memberships, seats, meetings, activities = [], [], [], []
    for index, group in enumerate(groups):
        size = 60 if index == 0 else rng.randint(10, 60)
        others = [m for m in members if m.pk != group.lead_region_id]
        regions = [group.lead_region, *rng.sample(others, min(size, len(others)))]
        for position, region in enumerate(regions):
            memberships.append(
                GroupMembership(
                    group=group,
                    region=region,
                    role=(
                        GroupMembership.Role.LEAD
                        if position == 0
                        else GroupMembership.Role.SUPPORTING
                        if position <= 3
                        else GroupMembership.Role.MEMBER
                    ),
                    joined_on=group.established_on,
                )
            )
        seats += [
            Seat(body=group.body, role=Seat.Role.CHAIR),
            Seat(body=group.body, role=Seat.Role.SECONDED_OFFICER),
        ]
        meetings += [
            Meeting(
                body=group.body,
                title=f"Meeting {n + 1}",
                starts_at=_at(group.established_on + timedelta(days=35 + 120 * n), 14),
                online_url="https://meet.example.eu/wg",
            )
            for n in range(rng.randint(1, 6))
        ]
        activities += [
            GroupActivity(
                group=group,
                kind=rng.choice(GroupActivity.Kind.values),
                title=f"Activity {n + 1}",
                happened_on=group.established_on + timedelta(days=40 + 30 * n),
                recorded_by=staff,
            )
            for n in range(rng.randint(2, 15))
        ]
    GroupMembership.objects.bulk_create(memberships)
    Meeting.objects.bulk_create(meetings)
    GroupActivity.objects.bulk_create(activities)
    created_seats = Seat.objects.bulk_create(seats)
    mandates = []
    for group, chair_seat, officer_seat in zip(
        groups, created_seats[::2], created_seats[1::2], strict=True
    ):
        chair_region = group.lead_region
        staff_of_region = people.get(chair_region.pk, [])
        if len(staff_of_region) < 2:
            continue
        start = group.established_on + timedelta(days=35)
        mandates += [
            Mandate(
                person=staff_of_region[1], member=chair_region, seat=chair_seat, starts_on=start
            ),
            Mandate(
                person=staff_of_region[0], member=chair_region, seat=officer_seat, starts_on=start
            ),
        ]
    Mandate.objects.bulk_create(mandates)


# Open data (README, "Open data").
PAGES += [
    BenchPage(
        "api: working groups",
        lambda user: reverse("working_groups_api:groups") + "?page_size=200",
        Role.ANONYMOUS,
    ),
    BenchPage("embed: working groups", "/embed/working-groups/", Role.ANONYMOUS),
    BenchPage("feed: new working groups", "/feeds/working-groups.atom", Role.ANONYMOUS),
]
