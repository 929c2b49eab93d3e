"""The rows of a body's page: who holds which seat, terms ending soon, balance shares, and the
page's words (seat, person, term) each made once.

The rows come out as plain values with their words ready, so a page of holders costs the
template a few lookups a row: per-row properties, ``|date`` and nested lookups were a third
of the General Assembly's page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import get_language, gettext

from aer_portal import dates
from aer_portal.rules.messages import Message
from aer_portal.rules.voting_rights import observer_no_vote_reason
from governance.models import Body, Seat
from members.models import Person

#: A body page lists the terms that end within this many months (the portal's choice).
ENDING_SOON_MONTHS = 6


@dataclass(frozen=True)
class Share:
    """One line of a balance statistic: how many of the body's members, and which share."""

    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Holder:
    """One row of the composition, in the reader's language: who holds which seat, for whom."""

    pk: int
    seat: str
    person: str
    member: str
    term: str
    consecutive_term: int
    final_term: bool = False
    observer: bool = False


@dataclass(frozen=True)
class Ending:
    """A term ending soon: the day, the person and the seat (without its country)."""

    day: str
    person: str
    seat: str


@dataclass(frozen=True)
class BodyPage:
    """What a body's page shows, read in a constant number of queries."""

    body: Body
    mandates: tuple[Holder, ...]
    vacancies: tuple[Seat, ...]
    ending_soon: tuple[Ending, ...]
    final_terms: frozenset[int]
    by_country: tuple[Share, ...]
    by_gender: tuple[Share, ...]
    warnings: tuple[Message, ...]
    on: date
    #: Mandates held for an observer region, which has no vote (Procedures art. 2).
    observers: frozenset[int] = frozenset()
    observer_reason: Message = field(default_factory=observer_no_vote_reason)
    #: Every seat holder and every warning, when ``mandates`` and ``warnings`` are the first rows.
    mandate_count: int = 0
    warning_count: int = 0


class PageWords:
    """The page's words, each worked out once: a thousand delegates share one seat and a few
    days, and ``date_format`` or a translated role costs as much as the rest of a row."""

    def __init__(self) -> None:
        self.french = (get_language() or "en").startswith("fr")
        self._days: dict[date, str] = {}
        self._seats: dict[tuple[str, str, str], str] = {}

    def day(self, value: date | None) -> str:
        if value is None:
            return "…"
        if value not in self._days:
            self._days[value] = dates.day(value)
        return self._days[value]

    def term(self, starts_on: date, ends_on: date | None) -> str:
        return f"{self.day(starts_on)} – {self.day(ends_on)}"

    def seat(self, role: str, portfolio: str, country: str = "") -> str:
        """As the seat reads on the page: "Vice-President (Culture) — Romania"."""
        key = (role, portfolio, country)
        if key not in self._seats:
            try:
                label = str(Seat.Role(role).label)
            except ValueError:
                label = role
            if portfolio:
                label = f"{label} ({gettext(portfolio)})"
            self._seats[key] = f"{label} — {country}" if country else label
        return self._seats[key]

    def seat_labels(self, seats: Iterable[Seat]) -> dict[int, str]:
        """Each seat's label with its country in the reader's language (``country`` read with
        the seats), by the seat's id."""
        return {
            seat.pk: self.seat(
                seat.role,
                seat.portfolio,
                self.country(seat.country.name_en, seat.country.name_fr) if seat.country else "",
            )
            for seat in seats
        }

    def country(self, name_en: str | None, name_fr: str | None) -> str:
        """A country's name in the reader's language, as :attr:`Country.name`."""
        return (name_fr if self.french else name_en) or ""


def shares_of(counts: Mapping[str, int]) -> tuple[Share, ...]:
    total = sum(counts.values()) or 1
    return tuple(
        Share(label=label, count=count, percent=round(100 * count / total))
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def gender_labels() -> dict[str, str]:
    """The genders' names, looked up once a page: get_gender_display() rebuilt the choices'
    dictionary for every holder."""
    return {value: str(label) for value, label in Person._meta.get_field("gender").flatchoices}


def gender_label(gender: str, labels: Mapping[str, str]) -> str:
    return labels.get(gender, gender) if gender else gettext("Not recorded")
