"""The member directory and which member regions an account may see and edit."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import get_language

from aer_portal.prepared import prepared_count, prepared_rows
from members.models import (
    ContactRole,
    Country,
    Member,
    Membership,
    Person,
    User,
    person_name,
)
from members.selectors.memberships import (
    category_label,
    observer_last_day,
    suspended_member_ids,
    with_current_category,
)


@dataclass(frozen=True)
class DirectoryFilters:
    """What a reader may narrow the directory by; empty values mean "all"."""

    query: str = ""
    country: str = ""
    category: str = ""
    kind: str = ""


@dataclass(frozen=True, slots=True)
class DirectoryCountry:
    """A member's country as the directory shows it, named in the reader's language once."""

    code: str
    name_en: str
    name_fr: str
    name: str

    def __str__(self) -> str:
        return self.name_en


@dataclass(frozen=True, slots=True)
class DirectoryMember:
    """The columns of a member the directory, its open data and its embed show: plain values,
    as a thousand model instances with their country cost more than the rest of the page."""

    pk: int
    name: str
    native_name: str
    kind: str
    website: str
    country: DirectoryCountry

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class DirectoryContact:
    """A member's international relations contact, for logged-in readers."""

    first_name: str
    last_name: str
    email: str
    phone: str

    def __str__(self) -> str:
        return person_name(self.first_name, self.last_name)  # not anonymised: the only ones listed


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    """One member in the directory, with what a reader may see of it."""

    member: DirectoryMember
    category: str
    category_label: str
    since: date | None
    observer_until: date | None
    suspended: bool
    contacts: tuple[DirectoryContact, ...]


def directory_countries() -> list[tuple[str, str]]:
    """The countries that have members, for the directory's filter: code and name in the
    reader's language (one query)."""
    french = (get_language() or "en").startswith("fr")
    rows = prepared_rows(_countries_with_members)
    return [(code, name_fr if french else name_en) for code, name_en, name_fr in rows]


def _countries_with_members() -> QuerySet[Country, tuple[Any, ...]]:
    return (
        Country.objects.filter(members__isnull=False)
        .distinct()
        .order_by("name_en")
        .values_list("code", "name_en", "name_fr")
    )


def _directory_members(*, on: date, filters: DirectoryFilters) -> QuerySet[Member]:
    """The current members the filters match, with their category, by name."""
    members = with_current_category(Member.objects.select_related("country"), on=on)
    # Whether a period runs, asked as EXISTS: the same members as "the annotated category is
    # not null" (a category is never empty), without ordering each member's periods to count
    # a thousand members (issue 16).
    members = members.filter(
        Exists(Membership.objects.current_on(on).filter(member=OuterRef("pk")))
    )
    if filters.query:
        members = members.filter(
            Q(name__icontains=filters.query)
            | Q(native_name__icontains=filters.query)
            | Q(country__name_en__icontains=filters.query)
            | Q(country__name_fr__icontains=filters.query)
        )
    if filters.country:
        members = members.filter(country__code=filters.country.upper())
    if filters.category:
        members = members.filter(**{"current_category": filters.category})
    if filters.kind:
        members = members.filter(kind=filters.kind)
    return members.order_by("name", "pk")


def _matching(on: date, filters: DirectoryFilters) -> QuerySet[Member]:
    return _directory_members(on=on, filters=filters)


#: The columns the directory, its open data and its embed show.
_COLUMNS = (
    "pk",
    "name",
    "native_name",
    "kind",
    "website",
    "country__code",
    "country__name_en",
    "country__name_fr",
    "current_category",
    "category_since",
)


def _matching_columns(
    on: date, filters: DirectoryFilters, start: int, stop: int | None
) -> QuerySet[Member, tuple[Any, ...]]:
    # The annotations (current_category, category_since) are not fields the stubs know of.
    columns: Any = cast(Any, _matching(on, filters)).values_list(*_COLUMNS)
    return columns[start:stop] if start or stop is not None else columns


def directory_count(*, on: date, filters: DirectoryFilters) -> int:
    """How many current members the filters match, counted by the database (one query)."""
    return prepared_count(_matching, on, filters)


def member_directory(
    *,
    on: date,
    filters: DirectoryFilters,
    with_contacts: bool,
    limit: int | None = None,
    offset: int = 0,
) -> list[DirectoryEntry]:
    """Current members with country and category, filtered, by name; three queries at most.

    The directory is public; ``with_contacts`` (for logged-in readers only) adds each member's
    international relations contacts with their e-mail and phone. ``limit`` keeps the first
    rows only (from ``offset``), cut in the database, so that a page of 50 costs the same at
    any size.
    """
    return _entries(on=on, filters=filters, with_contacts=with_contacts, limit=limit, offset=offset)


def directory_page(
    *, on: date, filters: DirectoryFilters, with_contacts: bool, limit: int | None
) -> tuple[list[DirectoryEntry], int]:
    """The directory's first ``limit`` entries (``None``: all) and how many members the
    filters match, counted by the database. Their SQL is compiled once per day and filters
    (aer_portal.prepared): building the querysets took longer than the database's answers."""
    entries = _entries(on=on, filters=filters, with_contacts=with_contacts, limit=limit, offset=0)
    return entries, len(entries) if limit is None else directory_count(on=on, filters=filters)


def _entries(
    *,
    on: date,
    filters: DirectoryFilters,
    with_contacts: bool,
    limit: int | None,
    offset: int,
) -> list[DirectoryEntry]:
    # The columns as values: a thousand members' billing details, model instances and their
    # countries' are work for nothing.
    stop = None if limit is None else offset + limit
    rows = prepared_rows(_matching_columns, on, filters, offset, stop)
    contacts = (
        _international_relations_contacts(member_ids=[row[0] for row in rows])
        if with_contacts
        else {}
    )
    suspended = suspended_member_ids(on=on)
    french = (get_language() or "en").startswith("fr")
    # A few dozen countries and a handful of categories: each named once in the reader's
    # language, not once a row.
    countries: dict[str, DirectoryCountry] = {}
    label = functools.cache(category_label)
    entries = []
    for pk, name, native_name, kind, website, code, name_en, name_fr, category, since in rows:
        country = countries.get(code)
        if country is None:
            country = countries[code] = DirectoryCountry(
                code=code, name_en=name_en, name_fr=name_fr, name=name_fr if french else name_en
            )
        entries.append(
            DirectoryEntry(
                member=DirectoryMember(
                    pk=pk,
                    name=name,
                    native_name=native_name,
                    kind=kind,
                    website=website,
                    country=country,
                ),
                category=category,
                category_label=label(category),
                since=since,
                observer_until=observer_last_day(category=category, since=since),
                suspended=pk in suspended,
                contacts=contacts.get(pk, ()),
            )
        )
    return entries


def _international_relations(member_ids: tuple[int, ...]) -> QuerySet[Person, tuple[Any, ...]]:
    return (
        Person.objects.filter(
            member_id__in=member_ids,
            anonymised_on__isnull=True,
            contact_roles__role=ContactRole.Role.INTERNATIONAL_RELATIONS,
        )
        .order_by("last_name", "first_name")
        .values_list("member_id", "first_name", "last_name", "email", "phone")
    )


def _international_relations_contacts(
    *, member_ids: list[int]
) -> dict[int, tuple[DirectoryContact, ...]]:
    """Each listed member's international relations contacts by name (one query)."""
    found: dict[int, list[DirectoryContact]] = {}
    people = prepared_rows(_international_relations, tuple(member_ids))
    for member_id, first_name, last_name, email, phone in people:
        found.setdefault(member_id, []).append(
            DirectoryContact(first_name=first_name, last_name=last_name, email=email, phone=phone)
        )
    return {member_id: tuple(contacts) for member_id, contacts in found.items()}


# --- One member's record ("My region") --------------------------------------------------


def member_for_user(*, user: User, member_id: int) -> Member | None:
    """The member if the account may see its full record (staff, or acting for it)."""
    if not user.is_authenticated or not user.is_active:
        return None
    members = Member.objects.select_related("country")
    if not user.is_staff:
        members = members.filter(accesses__user=user)
    return members.filter(pk=member_id).first()
