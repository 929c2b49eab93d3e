"""Demo meetings: a General Assembly, the Executive Board meeting before it (its invitation due
in a few days), a Bureau meeting, and a Board meeting held six weeks ago with its decisions.

Idempotent: each meeting is found by its body and title, and its agenda, attendance and
decisions are made only when the meeting is new.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.votes import simple_majority
from governance.models import (
    AgendaItem,
    Attendance,
    Body,
    GeneralAssemblyProposal,
    Mandate,
    Meeting,
    Motion,
)
from governance.selectors.bodies import current_mandates_q
from members.models import Member, PortalAccess

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
    assembly, n = _meeting(
        bodies.get(BodyKind.GENERAL_ASSEMBLY),
        "General Assembly",
        _at(today + timedelta(days=75), 9),
        GA_AGENDA,
        place="Alba Iulia, Alba County",
        description="Statutory General Assembly of the Assembly of European Regions.",
    )
    created += n
    # Invitation due in four days (two weeks before, Procedures art. 6); proposals to the
    # General Assembly close the evening before (art. 4.2).
    _board, n = _meeting(
        bodies.get(BodyKind.EXECUTIVE_BOARD),
        "Executive Board before the General Assembly",
        _at(today + timedelta(days=18), 10),
        BOARD_AGENDA,
        place="Brussels, AER office",
        online_url="https://meet.aer.example/executive-board",
    )
    created += n
    _bureau, n = _meeting(
        bodies.get(BodyKind.BUREAU),
        "Bureau meeting",
        _at(today + timedelta(days=45), 10),
        BUREAU_AGENDA,
        place="Strasbourg",
    )
    created += n
    held, n = _meeting(
        bodies.get(BodyKind.EXECUTIVE_BOARD),
        "Executive Board, last meeting",
        _at(today - timedelta(days=42), 10),
        BOARD_AGENDA[:3],
        online_url="https://meet.aer.example/executive-board",
        status=Meeting.Status.HELD,
        invitation_sent_at=_at(today - timedelta(days=60), 11),
        documents_sent_at=_at(today - timedelta(days=50), 11),
        minutes_notes="The Board reviewed the accounts and the applications for membership.",
    )
    created += n
    if held is not None and n:
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
