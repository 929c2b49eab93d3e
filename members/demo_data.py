"""Demo data: real AER member regions (public), rough statistics, invented people."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from aer_portal.rules.membership import MemberCategory

COUNTRIES: tuple[tuple[str, str, str], ...] = (
    ("AT", "Austria", "Autriche"),
    ("BE", "Belgium", "Belgique"),
    ("DE", "Germany", "Allemagne"),
    ("DK", "Denmark", "Danemark"),
    ("ES", "Spain", "Espagne"),
    ("FR", "France", "France"),
    ("GE", "Georgia", "Géorgie"),
    ("HR", "Croatia", "Croatie"),
    ("HU", "Hungary", "Hongrie"),
    ("IE", "Ireland", "Irlande"),
    ("IT", "Italy", "Italie"),
    ("NO", "Norway", "Norvège"),
    ("PT", "Portugal", "Portugal"),
    ("RO", "Romania", "Roumanie"),
    ("RS", "Serbia", "Serbie"),
    ("SE", "Sweden", "Suède"),
    ("TR", "Türkiye", "Turquie"),
    ("UA", "Ukraine", "Ukraine"),
)


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
