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
VICE_PRESIDENT_PORTFOLIOS = (
    "Democracy and good governance",
    "Youth",
    "Health and social affairs",
    "Climate and energy",
    "Culture and education",
    "Economic development and innovation",
    "Enlargement and neighbourhood",
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
