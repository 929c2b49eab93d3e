"""Demo elections: one coming up at the next General Assembly with candidacies open, and one
held a year ago with its rounds, results and the mandates it created.

The officer of Västra Götaland Region (officer@demo.aer.eu) can nominate its regional
councillor; staff@demo.aer.eu runs the election desk; the past election's winners sit in the
Election Committee and the Monitoring and Evaluation Group. Idempotent: each election is found
by its title and made only when it is missing. Candidates are invented people.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone
from pypdf import PdfReader, PdfWriter

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from elections.models import Candidacy, Election, Position, Round
from elections.selectors.people import current_categories, people_with_regional_mandate
from elections.services.candidacies import candidacy_review, candidacy_submit
from elections.services.results import results_publish
from elections.services.rounds import round_open, round_record_counts, talliers_record
from governance.models import Body, Meeting
from members.demo import demo_email
from members.models import Member, Person, RegionalMandate, User
from members.selectors.memberships import suspended_member_ids

UPCOMING_TITLE = (
    "Elections of the Executive Board, the Monitoring and Evaluation Group and the Election "
    "Committee"
)
PAST_TITLE = "Elections of the Election Committee and the Monitoring and Evaluation Group"
OFFICER_REGION = "Västra Götaland Region"
#: The upcoming election is at least this many days ahead, so that candidacies are open.
MIN_DAYS_AHEAD = 35
#: The seats of the upcoming elections (and of every election the benchmark seeds).
POSITIONS = (
    (Position.Kind.PRESIDENT, 1),
    (Position.Kind.TREASURER, 1),
    (Position.Kind.VICE_PRESIDENT, 7),
    (Position.Kind.MONITORING_GROUP, 3),
    (Position.Kind.ELECTION_COMMITTEE, 3),
    (Position.Kind.BUREAU, 1),
)


@dataclass(frozen=True)
class DemoCandidate:
    first_name: str
    last_name: str
    gender: str


CANDIDATES = (
    DemoCandidate("Ioana", "Mureșan", "female"),
    DemoCandidate("Erik", "Sandström", "male"),
    DemoCandidate("Olena", "Kovalenko", "female"),
    DemoCandidate("Marco", "Deiana", "male"),
    DemoCandidate("Nino", "Beridze", "female"),
    DemoCandidate("Tomás", "Ó Dónaill", "male"),
    DemoCandidate("Ayşe", "Demirtaş", "female"),
    DemoCandidate("Luka", "Horvat", "male"),
)


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _files(people: list[Person]) -> list[tuple[SimpleUploadedFile, SimpleUploadedFile]]:
    """A one-page letter and CV for each person, laid out in a single WeasyPrint pass."""
    html = render_to_string("elections/portfolio/demo_files.html", {"people": people})
    pages = _one_pdf_a_page(html)
    return [
        (
            SimpleUploadedFile("letter.pdf", pages[2 * index], content_type="application/pdf"),
            SimpleUploadedFile("cv.pdf", pages[2 * index + 1], content_type="application/pdf"),
        )
        for index in range(len(people))
    ]


@functools.lru_cache(maxsize=4)
def _one_pdf_a_page(html: str) -> tuple[bytes, ...]:
    """The HTML laid out by WeasyPrint, each page as a PDF of its own. Kept for the next call
    with the same HTML: the tests seed the demo again and again in one process, and the
    layout was a quarter of the seeding's time."""
    from weasyprint import HTML

    pdfs = []
    for page in PdfReader(io.BytesIO(HTML(string=html).write_pdf())).pages:
        writer = PdfWriter()
        writer.add_page(page)
        output = io.BytesIO()
        writer.write(output)
        pdfs.append(output.getvalue())
    return tuple(pdfs)


def _eligible_members(on: date, *, exclude: set[str]) -> list[Member]:
    """Full members, not suspended, by name: where the demo candidates come from."""
    members = list(Member.objects.exclude(name__in=exclude).order_by("name"))
    categories = current_categories(member_ids=[m.pk for m in members], on=on)
    suspended = suspended_member_ids(on=on)
    return [
        m for m in members if categories.get(m.pk) == MemberCategory.FULL and m.pk not in suspended
    ]


def _councillor(member: Member, demo: DemoCandidate, *, since: date) -> tuple[Person, int]:
    """An invented regional councillor of the member, with a regional political mandate."""
    email = demo_email(demo.first_name, demo.last_name)
    person, new = Person.objects.get_or_create(
        email=email,
        defaults={
            "first_name": demo.first_name,
            "last_name": demo.last_name,
            "member": member,
            "title": "Regional councillor",
            "gender": demo.gender,
            "languages": "en",
        },
    )
    created = int(new)
    if not people_with_regional_mandate(person_ids=[person.pk], on=since):
        RegionalMandate.objects.create(
            person=person, kind="Member of the regional council", starts_on=since
        )
        created += 1
    return person, created


def _general_assembly(title: str, starts_at: datetime) -> tuple[Meeting, int]:
    body = Body.objects.filter(kind=BodyKind.GENERAL_ASSEMBLY).order_by("pk").first()
    assert body is not None, "the core demo data creates the General Assembly"
    meeting, new = Meeting.objects.get_or_create(
        body=body, title=title, defaults={"starts_at": starts_at, "place": "Strasbourg"}
    )
    return meeting, int(new)


def _positions(election: Election, specs: tuple[tuple[str, int], ...]) -> int:
    for order, (kind, seats) in enumerate(specs):
        Position.objects.create(election=election, kind=kind, seats=seats, order=order)
    return len(specs)


def _upcoming(today: date, staff: User) -> int:
    if Election.objects.filter(title=UPCOMING_TITLE).exists():
        return 0
    created = 0
    assembly = (
        Meeting.objects.filter(
            body__kind=BodyKind.GENERAL_ASSEMBLY,
            starts_at__date__gte=today + timedelta(days=MIN_DAYS_AHEAD),
        )
        .order_by("starts_at")
        .first()
    )
    if assembly is None:
        assembly, created = _general_assembly(
            "General Assembly", _at(today + timedelta(days=75), 9)
        )
    election = Election.objects.create(meeting=assembly, title=UPCOMING_TITLE, is_published=True)
    created += 1 + _positions(election, POSITIONS)
    # The officer's region has a councillor it can nominate (Procedures art. 15.2).
    region = Member.objects.filter(name=OFFICER_REGION).first()
    if region is not None:
        _person, n = _councillor(
            region, DemoCandidate("Karin", "Wallström", "female"), since=date(2018, 10, 1)
        )
        created += n
    # Three other regions have nominated already; the Election Committee accepted one.
    members = _eligible_members(today, exclude={OFFICER_REGION})[:3]
    people = []
    for member, demo in zip(members, CANDIDATES[:3], strict=False):
        person, n = _councillor(member, demo, since=date(2018, 10, 1))
        created += n
        people.append(person)
    kinds = (Position.Kind.PRESIDENT, Position.Kind.VICE_PRESIDENT, Position.Kind.MONITORING_GROUP)
    nominated = _nominate(election, people, kinds[: len(people)], staff=staff, today=today)
    for index, candidacy in enumerate(nominated):
        created += 1
        if index == 0:
            candidacy_review(candidacy=candidacy, actor=staff, accept=True, reason="", today=today)
    return created


def _nominate(
    election: Election,
    people: list[Person],
    kinds: Sequence[str],
    *,
    staff: User,
    today: date,
) -> Iterator[Candidacy]:
    """Submits each person's candidacy, with a letter and CV, for the position of each kind."""
    for person, kind, (letter, cv) in zip(people, kinds, _files(people), strict=True):
        yield candidacy_submit(
            election=election,
            position=election.positions.get(kind=kind),
            person=person,
            member=person.member,  # type: ignore[arg-type]
            letter=letter,
            cv=cv,
            actor=staff,
            today=today,
        )


def _past(today: date, staff: User) -> int:
    if Election.objects.filter(title=PAST_TITLE).exists():
        return 0
    day = today - timedelta(days=380)
    assembly, created = _general_assembly(f"General Assembly {day.year}", _at(day, 9))
    election = Election.objects.create(meeting=assembly, title=PAST_TITLE, is_published=True)
    created += 1 + _positions(
        election, ((Position.Kind.ELECTION_COMMITTEE, 3), (Position.Kind.MONITORING_GROUP, 1))
    )
    nominated_on = day - timedelta(days=40)
    members = _eligible_members(nominated_on, exclude={OFFICER_REGION})[3:9]
    people = []
    for member, demo in zip(members, CANDIDATES[3:] + CANDIDATES[:1], strict=False):
        person, n = _councillor(member, demo, since=date(2016, 5, 1))
        created += n
        people.append(person)
    if len(people) < 6:
        return created
    kinds = [Position.Kind.ELECTION_COMMITTEE] * 3 + [Position.Kind.MONITORING_GROUP] * 3
    candidacies = []
    for candidacy in _nominate(election, people, kinds, staff=staff, today=nominated_on):
        candidacy_review(
            candidacy=candidacy, actor=staff, accept=True, reason="", today=nominated_on
        )
        candidacies.append(candidacy)
    created += len(candidacies)
    Election.objects.filter(pk=election.pk).update(portfolio_sent_on=day - timedelta(days=16))
    now = _at(day, 11)
    talliers_record(
        election=election,
        tallier_one="Maria Ionescu",
        tallier_two="Jonas Eklund",
        actor=staff,
        now=now,
    )
    # The Election Committee: three seats, elected one after the other on paper.
    committee = election.positions.get(kind=Position.Kind.ELECTION_COMMITTEE)
    for _seat in range(3):
        round_ = round_open(position=committee, method=Round.Method.PAPER, actor=staff, now=now)
        candidates = list(round_.candidates.all())
        votes = {c.pk: (52 if index == 0 else 9 - 3 * index) for index, c in enumerate(candidates)}
        round_record_counts(round=round_, votes=votes, blank=2, invalid=1, actor=staff, now=now)
        created += 1 + len(candidates)
    # The Monitoring and Evaluation Group: nobody has a majority, the two first meet again.
    group = election.positions.get(kind=Position.Kind.MONITORING_GROUP)
    first = round_open(position=group, method=Round.Method.PAPER, actor=staff, now=now)
    counts = dict(zip([c.pk for c in first.candidates.all()], (24, 19, 14), strict=True))
    round_record_counts(round=first, votes=counts, blank=3, invalid=0, actor=staff, now=now)
    second = round_open(position=group, method=Round.Method.PAPER, actor=staff, now=now)
    counts = dict(zip([c.pk for c in second.candidates.all()], (31, 25), strict=True))
    round_record_counts(round=second, votes=counts, blank=1, invalid=1, actor=staff, now=now)
    created += 7
    # Seats still empty go to a by-election (art. 15.3), confirmed as on the desk.
    created += len(
        results_publish(
            election=election,
            actor=staff,
            today=day,
            unfilled={position.pk: "by_election" for position in election.positions.all()},
            confirmed=True,
        )
    )
    return created


def seed(*, today: date) -> int:
    """The demo elections; returns how many records were new."""
    staff = User.objects.filter(email="staff@demo.aer.eu").first()
    if staff is None:
        return 0
    return _upcoming(today, staff) + _past(today, staff)
