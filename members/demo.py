"""Demo data: real AER member regions (public), rough statistics, invented people.

`seed()` makes the members' side of the demo (`manage.py seed_demo`, portal app): countries,
members and their category history through the real service, people, statistics and regional
mandates."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from aer_portal.rules.membership import MemberCategory
from members.countries import EUROPEAN_COUNTRIES
from members.models import (
    ContactRole,
    Country,
    Member,
    Membership,
    MemberStatistics,
    Person,
    RegionalMandate,
)
from members.services.records import membership_admit


@dataclass(frozen=True)
class DemoMember:
    name: str
    native_name: str
    country: str
    population: int
    relative_gdp: Decimal
    category: MemberCategory = MemberCategory.FULL
    hosts_aer_office: bool = False
    organisation: bool = False


F = MemberCategory.FULL
AG = MemberCategory.ASSOCIATE_GEOGRAPHICAL
ANG = MemberCategory.ASSOCIATE_NON_GEOGRAPHICAL
FA = MemberCategory.FOUNDING_ASSOCIATE
OBS = MemberCategory.OBSERVER

MEMBERS: tuple[DemoMember, ...] = (
    DemoMember("Dâmbovița County", "Județul Dâmbovița", "RO", 519_000, Decimal("0.55")),
    DemoMember("Buzău County", "Județul Buzău", "RO", 404_000, Decimal("0.45")),
    DemoMember("Vrancea County", "Județul Vrancea", "RO", 325_000, Decimal("0.42")),
    DemoMember(
        "Alba County", "Județul Alba", "RO", 325_000, Decimal("0.62"), hosts_aer_office=True
    ),
    DemoMember("Sălaj County", "Județul Sălaj", "RO", 212_000, Decimal("0.48")),
    DemoMember(
        "Västra Götaland Region", "Västra Götalandsregionen", "SE", 1_760_000, Decimal("1.25")
    ),
    DemoMember("Norrbotten Region", "Region Norrbotten", "SE", 250_000, Decimal("1.30")),
    DemoMember("Västerbotten Region", "Region Västerbotten", "SE", 275_000, Decimal("1.10")),
    DemoMember(
        "Jämtland Härjedalen Region", "Region Jämtland Härjedalen", "SE", 132_000, Decimal("0.98")
    ),
    DemoMember("Västernorrland Region", "Region Västernorrland", "SE", 245_000, Decimal("1.02")),
    DemoMember("Värmland Region", "Region Värmland", "SE", 283_000, Decimal("0.97")),
    DemoMember("Uppsala Region", "Region Uppsala", "SE", 400_000, Decimal("1.15")),
    DemoMember("Innlandet County", "Innlandet fylkeskommune", "NO", 372_000, Decimal("1.20")),
    DemoMember("Nordland County", "Nordland fylkeskommune", "NO", 241_000, Decimal("1.35")),
    DemoMember("Istanbul", "İstanbul", "TR", 15_650_000, Decimal("0.80")),
    DemoMember("Vojvodina", "Аутономна Покрајина Војводина", "RS", 1_740_000, Decimal("0.42")),
    DemoMember(
        "Brussels-Capital Region",
        "Région de Bruxelles-Capitale",
        "BE",
        1_240_000,
        Decimal("1.95"),
        hosts_aer_office=True,
    ),
    DemoMember("Wallonia", "Wallonie", "BE", 3_660_000, Decimal("0.85")),
    DemoMember("Catalonia", "Catalunya", "ES", 7_900_000, Decimal("1.05")),
    DemoMember(
        "Primorje-Gorski Kotar County",
        "Primorsko-goranska županija",
        "HR",
        266_000,
        Decimal("0.80"),
    ),
    DemoMember("Varaždin County", "Varaždinska županija", "HR", 160_000, Decimal("0.65")),
    DemoMember(
        "Csongrád-Csanád County", "Csongrád-Csanád vármegye", "HU", 395_000, Decimal("0.60")
    ),
    DemoMember("North Denmark Region", "Region Nordjylland", "DK", 590_000, Decimal("1.15")),
    DemoMember("Lower Austria", "Niederösterreich", "AT", 1_700_000, Decimal("1.05")),
    DemoMember("Sardinia", "Sardegna", "IT", 1_570_000, Decimal("0.70")),
    DemoMember("Abruzzo", "Abruzzo", "IT", 1_270_000, Decimal("0.80")),
    DemoMember("Friuli Venezia Giulia", "Friuli Venezia Giulia", "IT", 1_190_000, Decimal("1.05")),
    DemoMember("Île-de-France", "Île-de-France", "FR", 12_300_000, Decimal("1.75")),
    DemoMember("Azores", "Açores", "PT", 240_000, Decimal("0.70"), category=AG),
    DemoMember("Madeira", "Madeira", "PT", 250_000, Decimal("0.75"), category=AG),
    DemoMember("County Donegal", "Contae Dhún na nGall", "IE", 167_000, Decimal("0.65")),
    DemoMember("Imereti", "იმერეთი", "GE", 470_000, Decimal("0.25"), category=OBS),
    DemoMember("Adjara", "აჭარა", "GE", 355_000, Decimal("0.30")),
    DemoMember("Chernivtsi Oblast", "Чернівецька область", "UA", 890_000, Decimal("0.15")),
    DemoMember("Kharkiv Oblast", "Харківська область", "UA", 2_600_000, Decimal("0.22")),
    DemoMember("Kirovohrad Oblast", "Кіровоградська область", "UA", 900_000, Decimal("0.18")),
    DemoMember("Lviv Oblast", "Львівська область", "UA", 2_480_000, Decimal("0.20")),
    DemoMember("Poltava Oblast", "Полтавська область", "UA", 1_350_000, Decimal("0.24")),
    DemoMember("Zaporizhzhia Oblast", "Запорізька область", "UA", 1_640_000, Decimal("0.21")),
    DemoMember(
        "Association of European Border Regions",
        "Arbeitsgemeinschaft Europäischer Grenzregionen",
        "DE",
        0,
        Decimal("0"),
        category=ANG,
        organisation=True,
    ),
    DemoMember(
        "Alps-Adriatic Working Community",
        "Arbeitsgemeinschaft Alpen-Adria",
        "AT",
        0,
        Decimal("0"),
        category=FA,
        organisation=True,
    ),
)

#: The countries of the demo's members.
_CODES = {member.country for member in MEMBERS}
COUNTRIES = tuple(country for country in EUROPEAN_COUNTRIES if country[0] in _CODES)

FIRST_NAMES = (
    "Anna",
    "Mikael",
    "Ioana",
    "Lars",
    "Elif",
    "Marko",
    "Sofie",
    "Giulia",
    "Pierre",
    "Nino",
    "Olena",
    "Bence",
    "Aoife",
    "Tiago",
    "Ingrid",
    "Mihai",
    "Jelena",
    "Núria",
    "Henrik",
    "Dara",
)
LAST_NAMES = (
    "Lindqvist",
    "Popescu",
    "Berg",
    "Yılmaz",
    "Petrović",
    "Nielsen",
    "Rossi",
    "Lefèvre",
    "Beridze",
    "Kovalenko",
    "Szabó",
    "Ó Briain",
    "Silva",
    "Haugen",
    "Ionescu",
    "Horvat",
    "Puig",
    "Andersson",
    "Moreau",
    "Gelashvili",
)


def demo_name(number: int) -> tuple[str, str]:
    """The ``number``-th invented person: no two of the first 400 share first and last name.

    Person ``n`` takes first name ``n mod 20`` and last name ``(n // 20 + n) mod 20``: for a
    given first name the last names of the 20 rounds are all different.
    """
    count = len(FIRST_NAMES)
    return FIRST_NAMES[number % count], LAST_NAMES[(number // count + number) % count]


def demo_email(first: str, last: str) -> str:
    """An address every mail server and Django's validator accept: ASCII, no spaces.

    "Núria" and "Ó Briain" keep their accents in the name, not in the address.
    """

    def ascii_part(text: str) -> str:
        text = text.replace("ı", "i").replace("İ", "I")
        decomposed = unicodedata.normalize("NFKD", text)
        return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()

    return f"{ascii_part(first)}.{ascii_part(last)}@demo.aer.eu"


#: Members whose page shows a longer category history, the one that left AER, and the one
#: whose delegate lost the regional political mandate (Procedures art. 15.2).
HISTORY_DEMO = ("Vojvodina", "Adjara", "Varaždin County")
FORMER_MEMBER_DEMO = "Kirovohrad Oblast"
LOST_MANDATE_DEMO = "Catalonia"
#: Below this population the demo records total revenue (the cap of art. 3.2.1 may apply).
SMALL_REGION_POPULATION = 250_000
#: Each member's people: the officer, the delegate and the billing contact, with their roles.
PEOPLE_DEMO = (
    (
        "International relations officer",
        (ContactRole.Role.INTERNATIONAL_RELATIONS, ContactRole.Role.EURODYSSEY),
    ),
    ("Delegate", (ContactRole.Role.DELEGATE,)),
    ("Billing", (ContactRole.Role.BILLING,)),
)


def seed(*, today: date) -> int:
    """Countries, members with their category history, people, statistics and regional
    mandates (idempotent: a second run adds nothing); returns how many records it made."""
    created = 0
    countries: dict[str, Country] = {}
    for code, name_en, name_fr in COUNTRIES:
        countries[code], new = Country.objects.get_or_create(
            code=code, defaults={"name_en": name_en, "name_fr": name_fr}
        )
        created += new
    members: dict[str, Member] = {}
    for index, demo in enumerate(MEMBERS):
        member, new = Member.objects.get_or_create(
            name=demo.name,
            defaults={
                "native_name": demo.native_name,
                "country": countries[demo.country],
                "kind": Member.Kind.ORGANISATION if demo.organisation else Member.Kind.REGION,
                "hosts_aer_office": demo.hosts_aer_office,
            },
        )
        members[demo.name] = member
        created += new
        if not member.memberships.exists():
            created += _membership(member, demo.category, index, today)
        created += _people(member, index)
        if not demo.organisation:
            created += _statistics(member, demo, index, today)
    created += _regional_mandates(members, today)
    return created


def demo_members() -> dict[str, Member]:
    """The demo's members by name, in the order of MEMBERS (the bodies' seats follow it)."""
    found = {m.name: m for m in Member.objects.filter(name__in=[d.name for d in MEMBERS])}
    return {d.name: found[d.name] for d in MEMBERS if d.name in found}


def _membership(member: Member, category: MemberCategory, index: int, today: date) -> int:
    """A category history through the rules of Procedures art. 2 (membership_admit)."""
    steps: list[tuple[MemberCategory, date]]
    if category == MemberCategory.OBSERVER:
        # An observer whose year is about to end (Procedures art. 2.1), for the reminders.
        decision = (today.replace(day=1) - timedelta(days=300)).replace(day=15)
        steps = [(category, decision)]
    elif member.name in HISTORY_DEMO:
        # Observer first, then member: the history a region's page shows.
        first = date(2012 + index % 8, 1 + index % 12, 10)
        steps = [
            (MemberCategory.OBSERVER, first),
            (MemberCategory.ASSOCIATE_GEOGRAPHICAL, first + timedelta(days=250)),
            (category, first + timedelta(days=1200)),
        ]
    else:
        steps = [(category, date(1990 + index % 30, 1 + index % 12, 10))]
    for step_category, decision in steps:
        membership_admit(
            member=member,
            category=step_category,
            board_decision=decision,
            ga_ratification=None
            if step_category == MemberCategory.OBSERVER
            else decision + timedelta(days=120),
            actor=None,
        )
    if member.name == FORMER_MEMBER_DEMO:
        Membership.objects.filter(member=member, ended_on__isnull=True).update(
            ended_on=date(today.year - 2, 12, 31), end_reason="Withdrew from AER"
        )
    return len(steps)


def _people(member: Member, index: int) -> int:
    """The officer, the delegate and the billing contact of each member, with their roles."""
    count = 0
    for offset, (title, roles) in enumerate(PEOPLE_DEMO):
        first, last = demo_name(index * len(PEOPLE_DEMO) + offset)
        person, new = Person.objects.get_or_create(
            member=member,
            title=title,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": demo_email(first, last),
                "gender": ("female", "male")[(index + offset) % 2],
                "languages": "en",
                "phone": f"+32 2 400 {index:02d} {offset:02d}",
            },
        )
        count += new
        for number, role in enumerate(roles):
            _, new_role = ContactRole.objects.get_or_create(
                person=person,
                role=role,
                defaults={"unit": "Unit for external relations" if number == 0 else ""},
            )
            count += new_role
    return count


def _statistics(member: Member, demo: DemoMember, index: int, today: date) -> int:
    """Population, relative GDP and, for small regions, revenue for the last three years."""
    count = 0
    for back in (3, 2, 1):
        year = today.year - back
        revenue = (
            Decimal(demo.population * 9) if demo.population < SMALL_REGION_POPULATION else None
        )
        _, new = MemberStatistics.objects.get_or_create(
            member=member,
            year=year,
            defaults={
                "population": demo.population + (back - 2) * (index % 5) * 1000,
                "population_source": f"National statistics office, {year}",
                "relative_gdp": demo.relative_gdp,
                "relative_gdp_source": f"Eurostat regional accounts, {year}",
                "total_revenue": revenue,
                "total_revenue_source": f"Annual accounts {year}" if revenue else "",
            },
        )
        count += new
    return count


def _regional_mandates(members: dict[str, Member], today: date) -> int:
    """Delegates hold a regional political mandate (art. 15.2); one has just lost it."""
    count = 0
    for member in members.values():
        delegate = member.people.filter(title="Delegate").first()
        if delegate is None or member.kind == Member.Kind.ORGANISATION:
            continue
        lost = member.name == LOST_MANDATE_DEMO
        _, new = RegionalMandate.objects.get_or_create(
            person=delegate,
            kind="Member of the regional council",
            defaults={
                "starts_on": date(today.year - 3, 6, 1),
                "ends_on": date(today.year + 2, 5, 31),
                "lost_on": today - timedelta(days=45) if lost else None,
            },
        )
        count += new
    return count
