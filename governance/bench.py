"""The benchmark's bodies: the statutory bodies, their seats and ten years of two-year mandates,
and the account of a sitting Executive Board member (see aer_portal.bench)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from aer_portal.bench import ROLE_EMAILS, BenchPage, Role, admin_changelist, give_two_factor
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.dates import add_years
from governance.demo import VICE_PRESIDENT_PORTFOLIOS
from governance.models import Body, Mandate, Seat
from members.models import Country, Member, Membership, Person, PortalAccess, User

TERM_YEARS = 2
TERMS = 5  # ten years
#: "May be re-elected three times" (DESIGN.md): at most four consecutive terms.
MAX_CONSECUTIVE_TERMS = 4
STATUTORY_BODIES = (
    BodyKind.GENERAL_ASSEMBLY,
    BodyKind.EXECUTIVE_BOARD,
    BodyKind.BUREAU,
    BodyKind.MONITORING_AND_EVALUATION_GROUP,
    BodyKind.ELECTION_COMMITTEE,
)
#: Who of a member's people (members.bench.TITLES) a member sends to each kind of seat: the
#: delegate to the General Assembly, its political leaders elsewhere; never the officer, whose
#: person already has an account.
DELEGATE_POSITION = 1
OFFICE_HOLDER_POSITIONS = range(2, 8)

PAGES = [
    BenchPage("admin: mandates", admin_changelist("governance", "mandate"), Role.STAFF),
]


def term_starts(today: date) -> list[date]:
    """The first days of the last five two-year terms, oldest first; the last one is running."""
    current = date(today.year - today.year % TERM_YEARS, 1, 1)
    return [add_years(current, -TERM_YEARS * back) for back in reversed(range(TERMS))]


def _seats(countries: list[Country]) -> list[Seat]:
    bodies = {
        kind: Body(kind=kind, name=kind.label, slug=kind.value.replace("_", "-"))
        for kind in STATUTORY_BODIES
    }
    Body.objects.bulk_create(bodies.values())
    board = bodies[BodyKind.EXECUTIVE_BOARD]
    seats = [
        Seat(body=bodies[BodyKind.GENERAL_ASSEMBLY], role=Seat.Role.MEMBER),
        Seat(body=board, role=Seat.Role.PRESIDENT),
        Seat(body=board, role=Seat.Role.TREASURER),
        *(
            Seat(body=board, role=Seat.Role.VICE_PRESIDENT, portfolio=portfolio)
            for portfolio in VICE_PRESIDENT_PORTFOLIOS
        ),
        Seat(body=bodies[BodyKind.BUREAU], role=Seat.Role.PRESIDENT),
        *(
            Seat(body=bodies[BodyKind.BUREAU], role=role, country=country)
            for country in countries
            for role in (Seat.Role.COUNTRY_REPRESENTATIVE, Seat.Role.SUBSTITUTE)
        ),
        *(
            Seat(body=bodies[kind], role=Seat.Role.MEMBER)
            for kind in (BodyKind.MONITORING_AND_EVALUATION_GROUP, BodyKind.ELECTION_COMMITTEE)
            for _ in range(5)
        ),
    ]
    return Seat.objects.bulk_create(seats)


def _members_on(day: date) -> set[int]:
    """Members whose membership ran on that day."""
    return {
        period.member_id
        for period in Membership.objects.only("member_id", "board_decision", "ended_on")
        if period.is_current_on(day)
    }


def seed(*, rng: random.Random, scale: float) -> None:
    """Bodies, seats, mandates over ten years and the Board member's account."""
    today = timezone.localdate()
    people: dict[int, list[Person]] = defaultdict(list)
    for person in Person.objects.filter(member__isnull=False).order_by("member_id", "pk"):
        people[person.member_id].append(person)  # type: ignore[index]
    members = list(Member.objects.order_by("pk"))
    by_country: dict[int, list[Member]] = defaultdict(list)
    for member in members:
        by_country[member.country_id].append(member)
    countries = list(Country.objects.filter(pk__in=by_country).order_by("pk"))
    seats = _seats(countries)
    ga_seat, elected_seats = seats[0], seats[1:]

    mandates: list[Mandate] = []
    ga_terms: dict[int, int] = {}
    holders: dict[int, Mandate] = {}  # seat → its mandate in the term before
    for start in term_starts(today):
        end = add_years(start, TERM_YEARS) - timedelta(days=1)
        members_now = _members_on(start)
        # The General Assembly: every member's delegate, for as long as it is a member.
        for member in members:
            if member.pk in members_now:
                ga_terms[member.pk] = ga_terms.get(member.pk, 0) + 1
                mandates.append(
                    Mandate(
                        person=people[member.pk][DELEGATE_POSITION],
                        member=member,
                        seat=ga_seat,
                        starts_on=start,
                        ends_on=end,
                        consecutive_term=ga_terms[member.pk],
                    )
                )
            else:
                ga_terms.pop(member.pk, None)
        # Elected seats: the holder is re-elected or a new person from a member takes over.
        for seat in elected_seats:
            before = holders.get(seat.pk)
            if (
                before is not None
                and before.consecutive_term < MAX_CONSECUTIVE_TERMS
                and rng.random() < 0.6
            ):
                holders[seat.pk] = Mandate(
                    person=before.person,
                    member=before.member,
                    seat=seat,
                    starts_on=start,
                    ends_on=end,
                    consecutive_term=before.consecutive_term + 1,
                )
            else:
                candidates = by_country[seat.country_id] if seat.country_id else members
                elected = rng.choice(candidates)
                holders[seat.pk] = Mandate(
                    person=people[elected.pk][rng.choice(OFFICE_HOLDER_POSITIONS)],
                    member=elected,
                    seat=seat,
                    starts_on=start,
                    ends_on=end,
                )
            mandates.append(holders[seat.pk])
    Mandate.objects.bulk_create(mandates)

    # The Board member who logs in: the sitting Vice-President for the first portfolio.
    vice_president = next(seat for seat in elected_seats if seat.role == Seat.Role.VICE_PRESIDENT)
    sitting = holders[vice_president.pk]
    board_user = User.objects.create_user(
        ROLE_EMAILS[Role.BOARD_MEMBER], full_name=str(sitting.person), person=sitting.person
    )
    assert sitting.member is not None
    PortalAccess.objects.create(
        user=board_user, member=sitting.member, role=PortalAccess.Role.DELEGATE
    )
    give_two_factor(board_user)


# --- The pages of bodies (their composition, vacancies, terms ending, balance) ------------
PAGES += [
    BenchPage("bodies", "/bodies/", Role.ANONYMOUS),
    BenchPage("body: General Assembly", "/bodies/general-assembly/", Role.ANONYMOUS),
    BenchPage("body: Executive Board", "/bodies/executive-board/", Role.ANONYMOUS),
    BenchPage("body: Bureau", "/bodies/bureau/", Role.MEMBER_OFFICER),
    BenchPage(
        "body: Monitoring and Evaluation Group",
        "/bodies/monitoring-and-evaluation-group/",
        Role.ANONYMOUS,
    ),
    BenchPage("admin: bodies", admin_changelist("governance", "body"), Role.STAFF),
]


# --- Meetings: ten years of them with agenda, attendance and decisions, and the year ahead --
from aer_portal.bench import PageURL, named_url  # noqa: E402


def _meeting_url(kind: BodyKind) -> PageURL:
    def url(user: User | None) -> str:
        from django.urls import reverse

        from governance.selectors.meetings import next_meeting_of

        meeting = next_meeting_of(kind=kind, after=timezone.now())
        assert meeting is not None, f"the bench has no {kind.label} meeting ahead"
        return reverse("governance:meeting_detail", args=[meeting.pk])

    return url


PAGES += [
    BenchPage("meetings", named_url("governance:meeting_list"), Role.MEMBER_OFFICER),
    BenchPage("meetings", named_url("governance:meeting_list"), Role.STAFF),
    BenchPage("meeting: Executive Board", _meeting_url(BodyKind.EXECUTIVE_BOARD), Role.STAFF),
    BenchPage(
        "meeting: Executive Board", _meeting_url(BodyKind.EXECUTIVE_BOARD), Role.BOARD_MEMBER
    ),
    BenchPage("meeting: Bureau", _meeting_url(BodyKind.BUREAU), Role.STAFF),
    BenchPage(
        "meeting: General Assembly", _meeting_url(BodyKind.GENERAL_ASSEMBLY), Role.MEMBER_OFFICER
    ),
    BenchPage("admin: meetings", admin_changelist("governance", "meeting"), Role.STAFF),
]

#: Meetings a year, by body (Executive Board 4–5 times a year).
MEETINGS_PER_YEAR = {
    BodyKind.EXECUTIVE_BOARD: 5,
    BodyKind.BUREAU: 2,
    BodyKind.GENERAL_ASSEMBLY: 1,
    BodyKind.MONITORING_AND_EVALUATION_GROUP: 2,
    BodyKind.ELECTION_COMMITTEE: 2,
}
AGENDA_POINTS = 8
MOTIONS_PER_MEETING = 3

_seed_bodies = seed


def seed(*, rng: random.Random, scale: float) -> None:  # type: ignore[no-redef]
    """The bodies (above), then the meetings."""
    _seed_bodies(rng=rng, scale=scale)
    seed_meetings(rng=rng)


def seed_meetings(*, rng: random.Random) -> None:
    """Ten years of meetings of each statutory body and a year ahead; held ones have their
    agenda, attendance of the sitting members (one in ten absent) and decisions."""
    from datetime import datetime, time

    from aer_portal.rules.votes import simple_majority
    from governance.models import AgendaItem, Attendance, Meeting, Motion

    today = timezone.localdate()
    bodies = {body.kind: body for body in Body.objects.filter(kind__in=list(MEETINGS_PER_YEAR))}
    mandates: dict[int, list[Mandate]] = defaultdict(list)
    for mandate in Mandate.objects.filter(seat__body__in=bodies.values()).select_related("seat"):
        mandates[mandate.seat.body_id].append(mandate)
    meetings = []
    for kind, per_year in MEETINGS_PER_YEAR.items():
        for year in range(today.year - 10, today.year + 2):
            for index in range(per_year):
                day = date(year, 1 + (12 * index) // per_year + rng.randrange(2), 10 + index)
                starts_at = timezone.make_aware(datetime.combine(day, time(10)))
                past = day < today
                meetings.append(
                    Meeting(
                        body=bodies[kind],
                        title=f"{kind.label} {year}/{index + 1}",
                        starts_at=starts_at,
                        ends_at=starts_at + timedelta(hours=6),
                        place=rng.choice(("Brussels", "Strasbourg", "Alba Iulia", "")),
                        online_url="https://meet.aer.example/room",
                        status=Meeting.Status.HELD if past else Meeting.Status.PLANNED,
                        invitation_sent_at=starts_at - timedelta(days=30) if past else None,
                        documents_sent_at=starts_at - timedelta(days=15) if past else None,
                    )
                )
    Meeting.objects.bulk_create(meetings)
    # Minutes are approved at the body's next meeting once that one is held.
    previous: dict[int, Meeting] = {}
    for meeting in sorted(meetings, key=lambda m: m.starts_at):
        before = previous.get(meeting.body_id)
        if meeting.status == Meeting.Status.HELD and before is not None:
            before.minutes_approved_at = meeting
            before.status = Meeting.Status.MINUTES_APPROVED
        previous[meeting.body_id] = meeting
    Meeting.objects.bulk_update(meetings, ["minutes_approved_at", "status"])
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=position, title=f"Point {position}")
        for meeting in meetings
        for position in range(1, AGENDA_POINTS + 1)
    )
    attendances, motions = [], []
    for meeting in meetings:
        if meeting.status == Meeting.Status.PLANNED:
            continue  # not held yet
        day = meeting.day
        seated = {m.person_id: m for m in mandates[meeting.body_id] if m.runs_on(day)}
        present = 0
        for mandate in seated.values():
            here = rng.random() > 0.1
            present += here
            attendances.append(
                Attendance(
                    meeting=meeting,
                    person_id=mandate.person_id,
                    member_id=mandate.member_id,
                    seat=mandate.seat,
                    present=here,
                    votes=int(here),
                )
            )
        for number in range(MOTIONS_PER_MEETING):
            yes = rng.randrange(present + 1)
            no = rng.randrange(present - yes + 1)
            abstain = present - yes - no
            motions.append(
                Motion(
                    meeting=meeting,
                    text=f"Motion {number + 1} of {meeting.title}",
                    status=Motion.Status.CLOSED,
                    votes_for=yes,
                    votes_against=no,
                    abstentions=abstain,
                    outcome=simple_majority(yes=yes, no=no, abstain=abstain),
                    closed_at=meeting.starts_at + timedelta(hours=2),
                )
            )
    Attendance.objects.bulk_create(attendances)
    Motion.objects.bulk_create(motions)


# Open data (README, "Open data"): the bodies in the Popolo shapes.
PAGES += [
    BenchPage("api: bodies", "/api/v1/bodies/", Role.ANONYMOUS),
    BenchPage("api: body General Assembly", "/api/v1/bodies/general-assembly/", Role.ANONYMOUS),
    BenchPage("api: body Executive Board", "/api/v1/bodies/executive-board/", Role.ANONYMOUS),
    BenchPage("embed: General Assembly", "/embed/bodies/general-assembly/", Role.ANONYMOUS),
]
