"""The benchmark's elections: ten years of them (one every two years, with their candidacies,
rounds, secret ballots and results) and the next one with its candidacies under review
(see aer_portal.bench)."""

from __future__ import annotations

import hashlib
import random
import uuid
from datetime import date, datetime, time, timedelta
from typing import cast

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from aer_portal.bench import ROLE_EMAILS, BenchPage, PageURL, Role, named_url
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.elections import election_timeline
from elections.demo import POSITIONS
from elections.models import (
    Ballot,
    BallotBox,
    Candidacy,
    Election,
    Position,
    Round,
    RoundCandidate,
    RoundVoter,
)
from governance.models import Body, Meeting
from members.models import Member, Person, PortalAccess, User

ELECTIONS_PAST = 5  # ten years, one General Assembly with elections every two years
#: Candidacies per election at full scale (AER: a handful per position, more for the Board).
CANDIDACIES_AT_FULL_SCALE = 60


def _busiest(*, upcoming: bool) -> int:
    today = timezone.localdate()
    elections = Election.objects.annotate(n=Count("candidacies"))
    if upcoming:
        elections = elections.filter(meeting__starts_at__date__gte=today)
    else:
        elections = elections.filter(meeting__starts_at__date__lt=today)
    election = elections.order_by("-n", "pk").first()
    if election is None:
        raise LookupError("no election in the data set (was the elections seed run?)")
    return election.pk


def _page(name: str, *, upcoming: bool) -> PageURL:
    def url(user: User | None) -> str:
        return reverse(name, args=[_busiest(upcoming=upcoming)])

    return url


PAGES = [
    BenchPage(
        "elections: candidacy list", _page("elections:candidacy_list", upcoming=True), Role.STAFF
    ),
    BenchPage(
        "elections: candidacy list",
        _page("elections:candidacy_list", upcoming=True),
        Role.MEMBER_OFFICER,
    ),
    BenchPage("elections: results", _page("elections:results", upcoming=False), Role.ANONYMOUS),
    BenchPage("elections: election", _page("elections:detail", upcoming=True), Role.BOARD_MEMBER),
    BenchPage("elections: desk", _page("elections:desk", upcoming=False), Role.STAFF),
]


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _assemblies(today: date) -> list[Meeting]:
    """Past General Assemblies two years apart and the next one: the bench's or new ones."""
    body, _ = Body.objects.get_or_create(
        kind=BodyKind.GENERAL_ASSEMBLY,
        defaults={"name": "General Assembly", "slug": "general-assembly"},
    )
    days = [today.replace(month=10, day=15) - timedelta(days=730 * back) for back in range(1, 6)]
    days.append(today + timedelta(days=60))
    existing = {m.starts_at.date(): m for m in Meeting.objects.filter(body=body)}
    meetings = []
    for day in sorted(days):
        meeting = existing.get(day)
        if meeting is None:
            meeting = Meeting.objects.create(
                body=body, title=f"General Assembly {day:%Y} (elections)", starts_at=_at(day)
            )
        meetings.append(meeting)
    return meetings


def seed(*, rng: random.Random, scale: float) -> None:
    """Elections at six General Assemblies; every candidate is a person of a full member."""
    today = timezone.localdate()
    people = list(Person.objects.filter(member__isnull=False).order_by("pk"))
    members = list(Member.objects.order_by("pk"))
    if not people or not members:
        return
    per_election = max(6, round(CANDIDACIES_AT_FULL_SCALE * scale))
    # The officer's region always nominates someone, so that its candidacy list shows its own
    # candidacy (and the queries that go with it) at every scale, not at some scales only.
    officer_members = set(
        PortalAccess.objects.filter(user__email=ROLE_EMAILS[Role.MEMBER_OFFICER]).values_list(
            "member_id", flat=True
        )
    )
    officer_people = [person for person in people if person.member_id in officer_members][:1]
    for meeting in _assemblies(today):
        day = timezone.localtime(meeting.starts_at).date()
        past = day < today
        election = Election.objects.create(
            meeting=meeting,
            title=f"Elections {day:%Y}",
            is_published=True,
            tallier_one="Bench Tallier One",
            tallier_two="Bench Tallier Two",
            portfolio_sent_on=election_timeline(day).portfolio_distributed if past else None,
            results_published_on=day if past else None,
        )
        positions = Position.objects.bulk_create(
            Position(election=election, kind=kind, seats=seats, order=order)
            for order, (kind, seats) in enumerate(POSITIONS)
        )
        chosen = rng.sample(people, min(per_election, len(people)))
        if officer_people and not any(p.member_id in officer_members for p in chosen):
            chosen[-1] = officer_people[0]
        candidacies = [
            Candidacy(
                election=election,
                position=positions[index % len(positions)],
                person=person,
                member_id=cast(int, person.member_id),  # people of members only
                submitted_on=election_timeline(day).candidacies_due
                - timedelta(days=rng.randint(0, 20)),
                letter="elections/letters/bench.pdf",
                cv="elections/cvs/bench.pdf",
                bureau_role=Candidacy.BureauRole.REPRESENTATIVE
                if positions[index % len(positions)].is_ratification
                else "",
                status=Candidacy.Status.ACCEPTED
                if past or rng.random() < 0.5
                else Candidacy.Status.SUBMITTED,
            )
            for index, person in enumerate(chosen)
        ]
        Candidacy.objects.bulk_create(candidacies)
        if past:
            _rounds(election, positions, candidacies, members, rng, day)


def _rounds(
    election: Election,
    positions: list[Position],
    candidacies: list[Candidacy],
    members: list[Member],
    rng: random.Random,
    day: date,
) -> None:
    """One decisive online round per seat, with its ballots and who voted."""
    delegates: dict[int, int] = {}
    for member_id, person_id in (
        Person.objects.filter(member__in=members).order_by("-pk").values_list("member_id", "pk")
    ):
        delegates[member_id] = person_id
    voters = [m for m in members[: max(3, len(members) // 2)] if m.pk in delegates]
    for position in positions:
        if position.is_ratification:
            continue
        standing = [c for c in candidacies if c.position_id == position.pk]
        for seat in range(1, min(position.seats, len(standing)) + 1):
            box = BallotBox.objects.create()
            round_ = Round.objects.create(
                position=position,
                seat_number=seat,
                number=1,
                method=Round.Method.ONLINE,
                status=Round.Status.CLOSED,
                opened_at=_at(day, 10),
                closed_at=_at(day, 11),
                electorate=len(members),
                ballot_box=box,
            )
            entries = standing[seat - 1 :]
            votes = [0] * len(entries)
            ballots = []
            for _member in voters:
                choice = 0 if rng.random() < 0.6 else rng.randrange(len(entries))
                votes[choice] += 1
                ballots.append(
                    Ballot(
                        box=box,
                        choice=choice + 1,
                        receipt_hash=hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
                    )
                )
            Ballot.objects.bulk_create(ballots)
            RoundVoter.objects.bulk_create(
                RoundVoter(round=round_, member=m, person_id=delegates[m.pk]) for m in voters
            )
            RoundCandidate.objects.bulk_create(
                RoundCandidate(round=round_, candidacy=c, number=n + 1, votes=votes[n])
                for n, c in enumerate(entries)
            )
            round_.elected = entries[0]
            round_.save(update_fields=["elected"])


# Open data (README, "Open data").
PAGES += [
    BenchPage("api: elections", named_url("elections_api:elections"), Role.ANONYMOUS),
    BenchPage("api: election", _page("elections_api:election", upcoming=False), Role.ANONYMOUS),
    BenchPage("api: public meetings", named_url("elections_api:meetings"), Role.ANONYMOUS),
    BenchPage("feed: calls for candidacies", "/feeds/candidacies.atom", Role.ANONYMOUS),
    BenchPage("feed: results", "/feeds/results.atom", Role.ANONYMOUS),
    BenchPage("calendar: public", "/feeds/calendar.ics", Role.ANONYMOUS),
]
