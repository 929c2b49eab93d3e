"""Demo meetings: a General Assembly, the Executive Board meeting before it (its invitation due
in a few days), a Bureau meeting, and a Board meeting held six weeks ago with its decisions.

Idempotent: each meeting is found by its body and title, and its agenda, attendance and
decisions are made only when the meeting is new.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.votes import simple_majority
from governance.models import (
    AgendaItem,
    Attendance,
    Body,
    GeneralAssemblyProposal,
    Mandate,
    Meeting,
    Motion,
    Seat,
)
from governance.selectors.bodies import current_mandates_q
from governance.services.bodies import mandate_record, seat_for
from members.demo import FORMER_MEMBER_DEMO, demo_members
from members.models import Member, Membership, Person, PortalAccess

#: The statutory bodies (Statute; Procedures arts. 4 to 15).
STATUTORY_BODIES = (
    (BodyKind.GENERAL_ASSEMBLY, "General Assembly", "general-assembly"),
    (BodyKind.EXECUTIVE_BOARD, "Executive Board", "executive-board"),
    (BodyKind.BUREAU, "Bureau", "bureau"),
    (BodyKind.MONITORING_AND_EVALUATION_GROUP, "Monitoring and Evaluation Group", "meg"),
    (BodyKind.ELECTION_COMMITTEE, "Election Committee", "election-committee"),
)
#: The Executive Board's policy areas, as the demo and the benchmark seat Vice-Presidents.
VICE_PRESIDENT_PORTFOLIOS = (
    "Democracy and good governance",
    "Youth",
    "Health and social affairs",
    "Climate and energy",
    "Culture and education",
    "Economic development and innovation",
    "Enlargement and neighbourhood",
)
GA_AGENDA = (
    "Opening by the AER President",
    "Adoption of the agenda and of the minutes of the last General Assembly",
    "Activity report of the Executive Board",
    "Accounts, discharge and budget",
    "Ratification of the members of the Bureau",
    "Proposals of member regions (Procedures art. 4.2)",
)
BOARD_AGENDA = (
    "Adoption of the agenda",
    "Approval of the minutes of the last meeting",
    "Membership: applications and observers",
    "Opinion on the proposals to the General Assembly (Procedures art. 4.3)",
    "Preparation of the General Assembly",
)
BUREAU_AGENDA = (
    "Political debate: regions and the enlargement of the European Union",
    "Reports of the Working Groups on the political priorities",
    "Open part: issues raised by Bureau members",
)


def seed_bodies(*, today: date) -> int:
    """The statutory bodies and their seats, held by the demo members' delegates (Executive
    Board, General Assembly, Bureau, Monitoring and Evaluation Group, Election Committee);
    made before the logins, which need a Vice-President. Idempotent."""
    return _bodies(demo_members(), today)


def _bodies(members: dict[str, Member], today: date) -> int:
    count = 0
    bodies = {}
    for kind, name, slug in STATUTORY_BODIES:
        bodies[kind], new = Body.objects.get_or_create(
            slug=slug, defaults={"kind": kind, "name": name}
        )
        count += new
    holders = list(members.values())[1:]
    delegates: dict[int, Person] = {
        person.member_id: person
        for person in Person.objects.filter(title="Delegate", member__in=holders)
        if person.member_id is not None
    }
    term_start = date(today.year - (today.year % 2), 1, 1) - timedelta(days=60)
    term_end = term_start.replace(year=term_start.year + 2)
    board = bodies[BodyKind.EXECUTIVE_BOARD]
    if not board.seats.exists():
        seats = [
            (Seat.Role.PRESIDENT, ""),
            (Seat.Role.TREASURER, ""),
            *((Seat.Role.VICE_PRESIDENT, p) for p in VICE_PRESIDENT_PORTFOLIOS),
        ]
        for position, (role, portfolio) in enumerate(seats):
            member = holders[position * 4 % len(holders)]
            # Terms 1 to 4: the fourth is the last one allowed (Procedures art. 15 A).
            mandate_record(
                person=delegates[member.pk],
                seat=seat_for(body=board, role=role, portfolio=portfolio),
                member=member,
                starts_on=term_start,
                ends_on=term_end,
                consecutive_term=1 + position % 4,
                actor=None,
            )
            count += 2
    count += _general_assembly(bodies[BodyKind.GENERAL_ASSEMBLY], delegates, today)
    count += _bureau(bodies[BodyKind.BUREAU], holders, delegates, term_start, term_end)
    count += _small_bodies(bodies, holders, delegates, today)
    return count


def _general_assembly(assembly: Body, delegates: dict[int, Person], today: date) -> int:
    """Every current member's delegate sits in the General Assembly."""
    if assembly.seats.exists():
        return 0
    seat = seat_for(body=assembly, role=Seat.Role.MEMBER)
    count = 1
    current = Membership.objects.filter(ended_on__isnull=True, member_id__in=delegates).exclude(
        category=MemberCategory.OBSERVER
    )
    for membership in current:
        mandate_record(
            person=delegates[membership.member_id],
            seat=seat,
            starts_on=max(membership.board_decision, date(today.year - 1, 1, 1)),
            ends_on=None,
            actor=None,
        )
        count += 1
    return count


def _bureau(
    bureau: Body,
    holders: list[Member],
    delegates: dict[int, Person],
    term_start: date,
    term_end: date,
) -> int:
    """Two representatives per State (art. 15 B) where the demo has two regions; one else."""
    if bureau.seats.exists():
        return 0
    count = 0
    by_country: dict[int, list[Member]] = {}
    for member in holders:
        if member.pk in delegates and member.kind == Member.Kind.REGION:
            if member.name == FORMER_MEMBER_DEMO:
                continue
            by_country.setdefault(member.country_id, []).append(member)
    for country_id, regions in by_country.items():
        for number, member in enumerate(regions[:2], start=1):
            seat = seat_for(
                body=bureau,
                role=Seat.Role.COUNTRY_REPRESENTATIVE,
                portfolio=str(number),
                country_id=country_id,
            )
            mandate_record(
                person=delegates[member.pk],
                seat=seat,
                member=member,
                starts_on=term_start,
                ends_on=term_end,
                consecutive_term=1 + (member.pk % 3),
                actor=None,
            )
            count += 2
    return count


def _small_bodies(
    bodies: dict[BodyKind, Body],
    holders: list[Member],
    delegates: dict[int, Person],
    today: date,
) -> int:
    """The Monitoring and Evaluation Group, whose terms end within months, and the
    Election Committee, one of whose members serves the last term allowed."""
    count = 0
    specs = (
        (BodyKind.MONITORING_AND_EVALUATION_GROUP, 3, 3, (1, 2, 1), -3 * 365 + 100),
        (BodyKind.ELECTION_COMMITTEE, 3, 2, (3, 1, 2), -200),
    )
    people = [
        delegates[member.pk]
        for member in reversed(holders)
        if member.pk in delegates
        and member.kind == Member.Kind.REGION
        and member.name != FORMER_MEMBER_DEMO
    ]
    offset = 0
    for kind, size, years, terms, start_shift in specs:
        body = bodies[kind]
        if body.seats.exists():
            offset += size
            continue
        starts_on = today + timedelta(days=start_shift)
        for number in range(size):
            person = people[offset + number]
            mandate_record(
                person=person,
                seat=seat_for(body=body, role=Seat.Role.MEMBER, portfolio=str(number + 1)),
                starts_on=starts_on,
                ends_on=starts_on.replace(year=starts_on.year + years) - timedelta(days=1),
                consecutive_term=terms[number],
                actor=None,
            )
            count += 2
        offset += size
    return count


def _held_decisions(present: int) -> tuple[tuple[str, int, int, int], ...]:
    """The held Board meeting's decisions, counted among those present (never more votes)."""
    tie = (present - 1) // 2
    return (
        (
            "Adopt the accounts of the last year and submit them to the General Assembly.",
            present - 2,
            1,
            1,
        ),
        ("Admit the Region of Imereti as observer.", present - 1, 0, 1),
        # A tie: the President of the Board decides it with the casting vote (art. 14).
        (
            "Set up a Task Force on the reconstruction of Ukraine's regions.",
            tie,
            tie,
            present - 2 * tie,
        ),
    )


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _meeting(
    body: Body | None, title: str, starts_at: datetime, agenda: tuple[str, ...], **fields: object
) -> tuple[Meeting | None, int]:
    if body is None:
        return None, 0
    meeting, new = Meeting.objects.get_or_create(
        body=body,
        title=title,
        defaults={"starts_at": starts_at, "ends_at": starts_at + timedelta(hours=6), **fields},
    )
    if not new:
        return meeting, 0
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=point)
        for position, point in enumerate(agenda, start=1)
    )
    return meeting, 1 + len(agenda)


def seed(*, today: date) -> int:
    """The demo meetings; returns how many records were new."""
    bodies = {body.kind: body for body in Body.objects.filter(kind__in=list(BodyKind))}
    created = 0

    def meeting(
        kind: str, title: str, in_days: int, hour: int, agenda: tuple[str, ...], **fields: object
    ) -> tuple[Meeting | None, bool]:
        """The demo meeting ``in_days`` from today at ``hour``, counted if new."""
        nonlocal created
        found, n = _meeting(
            bodies.get(kind), title, _at(today + timedelta(days=in_days), hour), agenda, **fields
        )
        created += n
        return found, n > 0

    assembly, _new = meeting(
        BodyKind.GENERAL_ASSEMBLY,
        "General Assembly",
        75,
        9,
        GA_AGENDA,
        place="Alba Iulia, Alba County",
        description="Statutory General Assembly of the Assembly of European Regions.",
    )
    # Invitation due in four days (two weeks before, Procedures art. 6); proposals to the
    # General Assembly close the evening before (art. 4.2).
    meeting(
        BodyKind.EXECUTIVE_BOARD,
        "Executive Board before the General Assembly",
        18,
        10,
        BOARD_AGENDA,
        place="Brussels, AER office",
        online_url="https://meet.aer.example/executive-board",
    )
    meeting(BodyKind.BUREAU, "Bureau meeting", 45, 10, BUREAU_AGENDA, place="Strasbourg")
    held, new = meeting(
        BodyKind.EXECUTIVE_BOARD,
        "Executive Board, last meeting",
        -42,
        10,
        BOARD_AGENDA[:3],
        online_url="https://meet.aer.example/executive-board",
        status=Meeting.Status.HELD,
        invitation_sent_at=_at(today - timedelta(days=60), 11),
        documents_sent_at=_at(today - timedelta(days=50), 11),
        minutes_notes="The Board reviewed the accounts and the applications for membership.",
    )
    if held is not None and new:
        created += _held_meeting_records(held)
    if assembly is not None:
        created += _proposal(assembly)
    return created


def _held_meeting_records(meeting: Meeting) -> int:
    """Who attended the held Board meeting and what it decided, by show of hands."""
    board = Mandate.objects.filter(
        current_mandates_q(meeting.day), seat__body=meeting.body
    ).select_related("person", "member")
    rows = [
        Attendance(
            meeting=meeting,
            person=mandate.person,
            member=mandate.member,
            seat=mandate.seat,
            present=index != 1,
            votes=0 if index == 1 else 1,
            vote_reason="Absent: no vote. (Procedures art. 14)"
            if index == 1
            else "Present and entitled: one vote. (Procedures art. 14)",
        )
        for index, mandate in enumerate(board)
    ]
    Attendance.objects.bulk_create(rows)
    decisions = _held_decisions(sum(row.present for row in rows))
    for text, yes, no, abstain in decisions:
        casting = True if yes == no else None
        Motion.objects.create(
            meeting=meeting,
            text=text,
            status=Motion.Status.CLOSED,
            votes_for=yes,
            votes_against=no,
            abstentions=abstain,
            casting_vote=casting,
            outcome=simple_majority(yes=yes, no=no, abstain=abstain, casting_vote=casting),
            closed_at=meeting.starts_at + timedelta(hours=2),
        )
    return len(rows) + len(decisions)


def _proposal(assembly: Meeting) -> int:
    """A proposal of the officer's region, awaiting the Executive Board's opinion."""
    member = Member.objects.filter(name="Västra Götaland Region").first()
    access = (
        PortalAccess.objects.filter(member=member, role=PortalAccess.Role.OFFICER)
        .select_related("user")
        .first()
    )
    if member is None or access is None:
        return 0
    _proposal, new = GeneralAssemblyProposal.objects.get_or_create(
        meeting=assembly,
        member=member,
        title="A network of regional climate adaptation officers",
        defaults={
            "submitted_by": access.user,
            "text": (
                "The General Assembly asks the Executive Board to set up a network of the "
                "climate adaptation officers of member regions, meeting twice a year."
            ),
        },
    )
    return int(new)
