"""The benchmark's members: 200 members in 35 countries with ten years of membership history,
15 people each, and an officer's account for every member (see aer_portal.bench)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta

import tablib
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import resolve, reverse
from django.utils import timezone

from aer_portal.bench import ROLE_EMAILS, BenchPage, Role, admin_changelist, named_url
from aer_portal.rules.dates import add_years
from aer_portal.rules.membership import MemberCategory
from members.countries import EUROPEAN_COUNTRIES
from members.demo import FIRST_NAMES, LAST_NAMES
from members.models import (
    ContactRole,
    Country,
    Member,
    Membership,
    Person,
    PortalAccess,
    User,
)
from members.resources import PersonResource

MEMBERS_AT_FULL_SCALE = 200
PEOPLE_PER_MEMBER = 15
HISTORY_YEARS = 10


def _own_record(user: User | None) -> str:
    """The officer's "My region" page (/my-region/ itself redirects there)."""
    assert user is not None
    access = user.accesses.order_by("member__name").first()
    assert access is not None, "the officer acts for no member"
    return reverse("members:record", args=[access.member_id])


def _own_contact(user: User | None) -> str:
    assert user is not None
    access = user.accesses.order_by("member__name").first()
    assert access is not None, "the officer acts for no member"
    person = access.member.people.order_by("pk").first()
    assert person is not None
    return reverse("members:contact_edit", args=[access.member_id, person.pk])


def _own_withdrawal(user: User | None) -> str:
    """The officer's notice-of-withdrawal page (shows the effective day; nothing is sent)."""
    assert user is not None
    access = user.accesses.order_by("member__name").first()
    assert access is not None, "the officer acts for no member"
    return reverse("members:withdrawal", args=[access.member_id])


def _own_contact_access(user: User | None) -> str:
    """The page where the officer asks for a portal account for the region's first contact."""
    match = resolve(_own_contact(user))
    return reverse("members:contact_access", kwargs=match.kwargs)


PAGES = [
    BenchPage("admin: members", admin_changelist("members", "member"), Role.STAFF),
    BenchPage("admin: people", admin_changelist("members", "person"), Role.STAFF),
    BenchPage("admin: memberships", admin_changelist("members", "membership"), Role.STAFF),
    BenchPage("admin: statistics", admin_changelist("members", "memberstatistics"), Role.STAFF),
    BenchPage("member directory", named_url("members:directory"), Role.ANONYMOUS),
    BenchPage("member directory", named_url("members:directory"), Role.MEMBER_OFFICER),
    BenchPage("my region", _own_record, Role.MEMBER_OFFICER),
    BenchPage("my region: correct a contact", _own_contact, Role.MEMBER_OFFICER),
    BenchPage("my region: notice of withdrawal", _own_withdrawal, Role.MEMBER_OFFICER),
    BenchPage("join: application form", named_url("applications:apply"), Role.ANONYMOUS),
    BenchPage("join: applications (staff)", named_url("applications:list"), Role.STAFF),
    BenchPage("my region: ask for portal access", _own_contact_access, Role.MEMBER_OFFICER),
    BenchPage("requests for portal access", named_url("members:access_requests"), Role.STAFF),
]

NAME_PREFIXES = ("North", "South", "East", "West", "Upper", "Lower", "Central", "Greater")
NAME_ROOTS = (
    "Aldavia", "Brenna", "Calvoria", "Dravenia", "Estmark", "Fjordland", "Galena", "Hallstad",
    "Istria Nova", "Jurmala", "Karsten", "Lindavia", "Morvan", "Norrvik", "Ostrava Vale",
    "Pelagonia", "Querna", "Rivalta", "Sarvia", "Tirnava", "Ulmira", "Valdera", "Westerholm",
    "Zagoria", "Ybbsland",
)  # fmt: skip
ENTITY_KINDS = ("Region", "County", "Province", "Oblast", "Department")
#: What the 15 people of a member do; the first is the officer who logs in.
TITLES = (
    "International relations officer",
    "Delegate",
    "Substitute delegate",
    "President of the region",
    "Vice-president of the region",
    "Regional councillor",
    "Regional councillor",
    "Secretary general",
    "Head of European affairs",
    "Billing contact",
    "Communication officer",
    "Youth delegate",
    "Policy adviser",
    "Assistant",
    "Brussels representative",
)


#: The contacts each member names among those people (position in TITLES → role).
CONTACT_ROLES = {
    0: ContactRole.Role.INTERNATIONAL_RELATIONS,
    1: ContactRole.Role.DELEGATE,
    2: ContactRole.Role.DELEGATE,
    9: ContactRole.Role.BILLING,
    10: ContactRole.Role.COMMUNICATIONS,
    11: ContactRole.Role.YOUTH,
}


def member_name(index: int) -> str:
    """An invented, unique name: 200 members use 200 of the 200 prefix-root pairs."""
    prefix = NAME_PREFIXES[index // len(NAME_ROOTS) % len(NAME_PREFIXES)]
    name = f"{prefix} {NAME_ROOTS[index % len(NAME_ROOTS)]}"
    rounds = index // (len(NAME_ROOTS) * len(NAME_PREFIXES))
    return f"{name} {rounds + 1}" if rounds else name


def _next_category(category: MemberCategory, rng: random.Random) -> MemberCategory:
    if category == MemberCategory.OBSERVER:
        return rng.choice((MemberCategory.FULL, MemberCategory.ASSOCIATE_GEOGRAPHICAL))
    if category == MemberCategory.FULL:
        return MemberCategory.ASSOCIATE_GEOGRAPHICAL
    return MemberCategory.FULL


def membership_history(member: Member, rng: random.Random, today: date) -> list[Membership]:
    """Periods from a decision in the last ten years until today, a new one at each change of
    category; one member in twenty has left since."""
    window_start = add_years(today, -HISTORY_YEARS)
    decision = window_start + timedelta(days=rng.randrange((today - window_start).days - 400))
    if member.kind == Member.Kind.ORGANISATION:
        category = MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL
    else:
        category = rng.choices(
            (MemberCategory.OBSERVER, MemberCategory.ASSOCIATE_GEOGRAPHICAL, MemberCategory.FULL),
            weights=(2, 2, 6),
        )[0]
    periods: list[Membership] = []
    while True:
        periods.append(
            Membership(
                member=member,
                category=category,
                board_decision=decision,
                ga_ratification=(
                    None if category == MemberCategory.OBSERVER else decision + timedelta(days=120)
                ),
            )
        )
        if category == MemberCategory.OBSERVER:
            # Observer status lasts one year (Procedures art. 2.1); membership follows within it.
            next_decision = decision + timedelta(days=rng.randrange(240, 330))
        elif category == MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL:
            break
        else:
            next_decision = decision + timedelta(days=rng.randrange(365, 3 * 365))
        if next_decision > today - timedelta(days=30):
            break
        periods[-1].ended_on = next_decision - timedelta(days=1)
        decision, category = next_decision, _next_category(category, rng)
    last = periods[-1]
    if rng.random() < 0.05 and last.board_decision < today - timedelta(days=400):
        last.ended_on = last.board_decision + timedelta(
            days=rng.randrange(300, (today - last.board_decision).days)
        )
        last.end_reason = "Withdrew from AER"
    return periods


def seed(*, rng: random.Random, scale: float) -> None:
    """Countries, members, their history, people, their contact roles and one officer's account
    per member."""
    today = timezone.localdate()
    member_count = max(2, round(MEMBERS_AT_FULL_SCALE * scale))
    countries = Country.objects.bulk_create(
        Country(code=code, name_en=name_en, name_fr=name_fr)
        for code, name_en, name_fr in EUROPEAN_COUNTRIES[:member_count]
    )
    members = Member.objects.bulk_create(
        Member(
            name=f"{member_name(index)} {rng.choice(ENTITY_KINDS)}"
            if index % 20
            else f"{member_name(index)} Cooperation Network",
            native_name=member_name(index),
            country=countries[index % len(countries)],
            kind=Member.Kind.REGION if index % 20 else Member.Kind.ORGANISATION,
            hosts_aer_office=index in (1, 2, 3),
            website=f"https://region{index:03d}.example.eu",
        )
        for index in range(member_count)
    )
    Membership.objects.bulk_create(
        period for member in members for period in membership_history(member, rng, today)
    )
    people = Person.objects.bulk_create(
        Person(
            first_name=rng.choice(FIRST_NAMES),
            last_name=rng.choice(LAST_NAMES),
            email=f"person{member_index:03d}-{position:02d}@bench.aer.eu",
            title=title,
            languages=rng.choice(("en", "en,fr", "fr", "en,de", "en,es")),
            gender=rng.choice(("female", "male")),
            member=member,
        )
        for member_index, member in enumerate(members)
        for position, title in enumerate(TITLES[:PEOPLE_PER_MEMBER])
    )
    ContactRole.objects.bulk_create(
        ContactRole(person=person, role=CONTACT_ROLES[index % PEOPLE_PER_MEMBER])
        for index, person in enumerate(people)
        if index % PEOPLE_PER_MEMBER in CONTACT_ROLES
    )
    # Officers never log in with a password in the bench: the command logs them in directly.
    password = make_password(None)
    officers = User.objects.bulk_create(
        User(
            email=(
                ROLE_EMAILS[Role.MEMBER_OFFICER]
                if member_index == 0
                else f"officer{member_index:03d}@bench.aer.eu"
            ),
            full_name=str(person),
            person=person,
            password=password,
        )
        for member_index, person in enumerate(people[::PEOPLE_PER_MEMBER])
    )
    PortalAccess.objects.bulk_create(
        PortalAccess(user=user, member=member, role=PortalAccess.Role.OFFICER)
        for user, member in zip(officers, members, strict=True)
    )
    timing = time_people_import(rows=max(20, round(IMPORT_ROWS_AT_FULL_SCALE * scale)), rng=rng)
    print(timing)


# --- The people import ---------------------------------------------------------------------

IMPORT_ROWS_AT_FULL_SCALE = 1000


@dataclass(frozen=True)
class ImportTiming:
    """How long the secretariat waits for the preview and for the import of a file."""

    rows: int
    preview_seconds: float
    import_seconds: float

    def __str__(self) -> str:
        return (
            f"People import ({self.rows} rows, CSV through members.resources.PersonResource): "
            f"preview {self.preview_seconds:.2f} s, import {self.import_seconds:.2f} s"
        )


class _RollBack(Exception):
    """Leaves the data set as it was after timing the import."""


def people_import_file(*, rows: int, rng: random.Random) -> tablib.Dataset:
    """A CSV of new people for existing members, as the secretariat would upload it."""
    members = list(Member.objects.order_by("pk").values_list("name", flat=True)[:200])
    dataset = tablib.Dataset(
        headers=["first_name", "last_name", "email", "phone", "member", "contact roles", "gender"]
    )
    for index in range(rows):
        dataset.append(
            [
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                f"imported{index:04d}@bench.aer.eu",
                f"+32 2 {index:07d}",
                members[index % len(members)],
                rng.choice(("delegate", "billing", "eurodyssey, communications", "")),
                rng.choice(("female", "male", "")),
            ]
        )
    return tablib.Dataset().load(dataset.export("csv"), format="csv")


def time_people_import(
    *, rows: int = IMPORT_ROWS_AT_FULL_SCALE, rng: random.Random
) -> ImportTiming:
    """Times the preview (dry run) and the all-or-nothing import of ``rows`` new people, then
    rolls the import back so that the data set stays the same."""
    dataset = people_import_file(rows=rows, rng=rng)
    started = time.perf_counter()
    preview = PersonResource().import_data(
        dataset, dry_run=True, rollback_on_validation_errors=True
    )
    preview_seconds = time.perf_counter() - started
    if preview.has_errors() or preview.has_validation_errors():
        raise RuntimeError("the bench's people file does not import cleanly")
    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = PersonResource().import_data(
                dataset, dry_run=False, rollback_on_validation_errors=True
            )
            import_seconds = time.perf_counter() - started
            if result.totals["new"] != rows:
                raise RuntimeError(f"imported {result.totals['new']} people of {rows}")
            raise _RollBack
    except _RollBack:
        pass
    return ImportTiming(rows=rows, preview_seconds=preview_seconds, import_seconds=import_seconds)


# Open data (README, "Open data"): every member in one page of the API.
PAGES += [
    BenchPage(
        "api: members",
        lambda user: reverse("members_api:members") + "?page_size=200",
        Role.ANONYMOUS,
    ),
    BenchPage("embed: members", "/embed/members/", Role.ANONYMOUS),
]
