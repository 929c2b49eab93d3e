"""A body's page: who holds which seat, vacancies, terms ending soon, balance and warnings.

The rows come out as plain values with their words ready (seat, person, term), so a page of
holders costs the template a few lookups a row: per-row properties, ``|date`` and nested
lookups were a third of the General Assembly's page.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import get_language, gettext

from aer_portal import dates
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.dates import add_months
from aer_portal.rules.mandates import (
    is_final_term,
    lost_mandate_warning,
    no_political_mandate_warning,
    term_limit_warning,
)
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message
from aer_portal.rules.voting_rights import observer_no_vote_reason
from governance.models import Body, Mandate, Seat
from governance.selectors.bodies import (
    ROLE_ORDER,
    body_warnings,
    current_mandates_of,
    current_mandates_q,
    observer_member_ids,
)
from members.models import Person, RegionalMandate

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


class _Words:
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

    def country(self, name_en: str | None, name_fr: str | None) -> str:
        """A country's name in the reader's language, as :attr:`Country.name`."""
        return (name_fr if self.french else name_en) or ""


def _person_name(first_name: str, last_name: str, anonymised_on: date | None, label: str) -> str:
    """:meth:`Person.__str__` from the columns alone."""
    if anonymised_on is not None:
        return label or gettext("Anonymised person")
    return f"{first_name} {last_name}".strip()


def _shares(counts: Mapping[str, int]) -> tuple[Share, ...]:
    total = sum(counts.values()) or 1
    return tuple(
        Share(label=label, count=count, percent=round(100 * count / total))
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def _gender_labels() -> dict[str, str]:
    """The genders' names, looked up once a page: get_gender_display() rebuilt the choices'
    dictionary for every holder."""
    return {value: str(label) for value, label in Person._meta.get_field("gender").flatchoices}


def _gender_label(gender: str, labels: Mapping[str, str]) -> str:
    return labels.get(gender, gender) if gender else gettext("Not recorded")


def _seat_key(seat: Seat) -> tuple[int, str, str]:
    """The composition's order of seats (role, country, portfolio)."""
    return (ROLE_ORDER.get(seat.role, 99), str(seat.country or ""), seat.portfolio)


# --- A body of a few dozen seats: every holder read once, worked out in Python ----------------


def _small_body_page(*, body: Body, on: date, limit: int | None) -> BodyPage:
    seats = {seat.pk: seat for seat in body.seats.select_related("country").order_by()}
    mandates = current_mandates_of(body=body, on=on, for_warnings=True, seats=seats)
    held = {m.seat_id for m in mandates}
    vacancies = tuple(sorted((s for s in seats.values() if s.pk not in held), key=_seat_key))
    horizon = add_months(on, ENDING_SOON_MONTHS)
    holders = {m.person_id: m for m in mandates}
    genders = _gender_labels()
    warnings = body_warnings(body=body, mandates=mandates, on=on)
    words = _Words()
    final_terms = frozenset(
        m.pk for m in mandates if is_final_term(body=body.kind, consecutive_term=m.consecutive_term)
    )
    observers = frozenset(
        m.pk for m in mandates if getattr(m, "member_category", None) == MemberCategory.OBSERVER
    )

    def seat_of(mandate: Mandate, *, country: bool = True) -> str:
        seat = mandate.seat
        name = words.country(seat.country.name_en, seat.country.name_fr) if seat.country else ""
        return words.seat(seat.role, seat.portfolio, name if country else "")

    by_country: Counter[str] = Counter()
    for m in holders.values():
        if m.member is not None:
            by_country[m.member_country] += 1  # type: ignore[attr-defined]
        elif m.seat.country is not None:
            by_country[str(m.seat.country)] += 1
        else:
            by_country[gettext("No member region")] += 1
    return BodyPage(
        body=body,
        mandates=tuple(
            Holder(
                pk=m.pk,
                seat=seat_of(m),
                person=str(m.person),
                member=m.member.name if m.member is not None else "",
                term=words.term(m.starts_on, m.ends_on),
                consecutive_term=m.consecutive_term,
                final_term=m.pk in final_terms,
                observer=m.pk in observers and m.member is not None,
            )
            for m in mandates[:limit]
        ),
        vacancies=vacancies,
        ending_soon=tuple(
            Ending(day=words.day(m.ends_on), person=str(m.person), seat=seat_of(m, country=False))
            for m in sorted(
                (m for m in mandates if m.ends_on is not None and m.ends_on <= horizon),
                key=lambda m: (m.ends_on, m.person.last_name),
            )
        ),
        final_terms=final_terms,
        by_country=_shares(by_country),
        by_gender=_shares(
            Counter(_gender_label(m.person.gender, genders) for m in holders.values())
        ),
        warnings=warnings[:limit],
        on=on,
        observers=observers,
        mandate_count=len(mandates),
        warning_count=len(warnings),
    )


# --- A body of a thousand delegates: the database orders, cuts and counts ----------------------

#: Bodies whose composition rules look at every seat holder; each has a few dozen seats at most.
_COMPOSITION_RULED = frozenset(
    {
        BodyKind.EXECUTIVE_BOARD,
        BodyKind.ELECTION_COMMITTEE,
        BodyKind.MONITORING_AND_EVALUATION_GROUP,
        BodyKind.BUREAU,
    }
)
#: The columns of a holder's row (plain values: no model is built for a row).
_ROW = (
    "pk",
    "person_id",
    "person__first_name",
    "person__last_name",
    "person__anonymised_on",
    "person__record_label",
    "member_id",
    "member__name",
    "seat_id",
    "starts_on",
    "ends_on",
    "consecutive_term",
)


def _term_maximum(kind: str) -> int | None:
    """The most consecutive terms allowed in a body of this kind (Procedures art. 15 A–D)."""
    return next(
        (term for term in range(1, 100) if is_final_term(body=kind, consecutive_term=term)),
        None,
    )


def _in_page_order(mandates: QuerySet[Mandate], ranks: Mapping[int, int]) -> QuerySet[Mandate]:
    """The composition's order: the seats ranked in Python (a General Assembly has one), then
    the holders by name; a CASE over ten roles and a joined country cost a millisecond to
    build at every request."""
    order: list[Any] = ["person__last_name", "person__first_name", "pk"]
    if len(set(ranks.values())) > 1:
        rank = Case(
            *(When(seat_id=pk, then=Value(value)) for pk, value in ranks.items()),
            default=Value(len(ranks)),
            output_field=IntegerField(),
        )
        order.insert(0, rank)
    return mandates.order_by(*order)


def _rows(
    rows: Iterable[tuple[Any, ...]],
    words: _Words,
    seat_of: Callable[[int], str],
    kind: str,
    observers: frozenset[int],
) -> list[Holder]:
    return [
        Holder(
            pk=pk,
            seat=seat_of(seat_id),
            person=_person_name(first, last, anonymised_on, label),
            member=member or "",
            term=words.term(starts_on, ends_on),
            consecutive_term=term,
            final_term=is_final_term(body=kind, consecutive_term=term),
            observer=pk in observers,
        )
        for (
            pk,
            _person,
            first,
            last,
            anonymised_on,
            label,
            _member,
            member,
            seat_id,
            starts_on,
            ends_on,
            term,
        ) in rows
    ]


def _large_body_page(*, body: Body, on: date, limit: int | None) -> BodyPage:
    """A body that may hold a thousand delegates (the General Assembly), in nine queries."""
    words = _Words()
    held = Exists(Mandate.objects.filter(current_mandates_q(on), seat=OuterRef("pk")))
    seats = sorted(
        body.seats.select_related("country").annotate(held=held).order_by(), key=_seat_key
    )
    keys = sorted({_seat_key(seat) for seat in seats})
    ranks = {seat.pk: keys.index(_seat_key(seat)) for seat in seats}
    labels = {
        seat.pk: words.seat(
            seat.role,
            seat.portfolio,
            words.country(seat.country.name_en, seat.country.name_fr) if seat.country else "",
        )
        for seat in seats
    }
    running = Mandate.objects.filter(current_mandates_q(on), seat_id__in=list(ranks))
    shown = _in_page_order(running, ranks).values_list(*_ROW)
    rows = list(shown if limit is None else shown[:limit])
    # The observers among the rows shown, in one query for those rows: a subquery in the
    # ordered query would be worked out for every delegate before the first rows are cut.
    observer_members = observer_member_ids(on=on, member_ids={r[6] for r in rows if r[6]})
    observers = frozenset(r[0] for r in rows if r[6] in observer_members)
    mandates = _rows(rows, words, labels.__getitem__, body.kind, observers)
    warnings, counts = _held_warnings(
        body=body, running=running, seats=seats, ranks=ranks, on=on, limit=limit
    )
    genders = _gender_labels()
    by_gender: Counter[str] = Counter()
    for gender, people in counts.pop("genders"):
        by_gender[_gender_label(gender, genders)] += people
    horizon = add_months(on, ENDING_SOON_MONTHS)
    ending = running.filter(ends_on__isnull=False, ends_on__lte=horizon).order_by(
        "ends_on", "person__last_name", "pk"
    )
    plain = {seat.pk: words.seat(seat.role, seat.portfolio) for seat in seats}
    return BodyPage(
        body=body,
        mandates=tuple(mandates),
        vacancies=tuple(seat for seat in seats if not seat.held),
        ending_soon=tuple(
            Ending(
                day=words.day(ends_on),
                person=_person_name(first, last, anonymised_on, label),
                seat=plain[seat_id],
            )
            for ends_on, first, last, anonymised_on, label, seat_id in ending.values_list(
                "ends_on",
                "person__first_name",
                "person__last_name",
                "person__anonymised_on",
                "person__record_label",
                "seat_id",
            )
        ),
        final_terms=frozenset(m.pk for m in mandates if m.final_term),
        by_country=_balance_by_country(running),
        by_gender=_shares(by_gender),
        warnings=tuple(warnings),
        on=on,
        observers=observers,
        mandate_count=counts["mandates"],
        warning_count=counts["warnings"],
    )


def _held_warnings(
    *,
    body: Body,
    running: QuerySet[Mandate],
    seats: Sequence[Seat],
    ranks: Mapping[int, int],
    on: date,
    limit: int | None,
) -> tuple[list[Message], dict[str, Any]]:
    """The warnings of the seat holders (art. 15 A–D term limits, art. 15.2 regional mandates),
    in the composition's order: the first ``limit``, and the counts of the page (holders,
    warnings, people by gender) in one grouped query.

    The database picks the holders with a warning and counts them (a person named once, as
    :func:`body_warnings` does), so a page costs the same for a thousand delegates.
    """
    maximum = _term_maximum(body.kind)
    over_limit = Q(consecutive_term__gt=maximum) if maximum is not None else Q(pk__in=[])
    holds = Exists(RegionalMandate.objects.holding_on(on).filter(person=OuterRef("person_id")))
    # A seconded officer is staff of a region, not a delegate: no regional mandate asked.
    seconded = [seat.pk for seat in seats if seat.role == Seat.Role.SECONDED_OFFICER]
    unheld = ~Q(holds) & ~Q(seat_id__in=seconded) if seconded else ~Q(holds)
    flagged = running.filter(over_limit | unheld)
    ordered = _in_page_order(flagged, ranks).values_list(
        "person_id", "person__first_name", "person__last_name", "person__anonymised_on",
        "person__record_label", "seat_id", "consecutive_term", holds,
    )  # fmt: skip
    # A person with two seats is named once: the first page may then list a few fewer.
    rows = list(ordered if limit is None else ordered[:limit])
    # When each holder shown lost a regional mandate, for those holders only (one query).
    last_lost: dict[int, date] = {}
    for person_id, lost_on in (
        RegionalMandate.objects.filter(person_id__in={r[0] for r in rows}, lost_on__lte=on)
        .order_by()
        .values_list("person_id", "lost_on")
    ):
        if lost_on is not None:
            last_lost[person_id] = max(lost_on, last_lost.get(person_id, lost_on))
    warnings: list[Message] = []
    for person_id, first, last, anonymised_on, label, seat_id, term, holds_regional in rows:
        name = _person_name(first, last, anonymised_on, label)
        if maximum is not None and term > maximum:
            warning = term_limit_warning(body=body.kind, consecutive_term=term, name=name)
            warnings += [warning] if warning is not None else []
        if seat_id not in seconded and not holds_regional:
            lost_on = last_lost.get(person_id)
            warnings.append(
                lost_mandate_warning(name=name, lost_on=lost_on, today=on)
                if lost_on is not None
                else no_political_mandate_warning(name=name)
            )
    warnings = list(dict.fromkeys(warnings))
    # Each person has one gender, so counts of distinct people per gender add up exactly.
    # An aggregate filtered by an empty condition would empty the others: no term count where
    # the body has no term limit.
    counted: dict[str, Any] = {
        "people": Count("person_id", distinct=True),
        "mandates": Count("pk"),
        "unheld": Count("person_id", distinct=True, filter=unheld),
    }
    if maximum is not None:
        counted["terms"] = Count(
            Concat("person_id", Value(":"), "consecutive_term", output_field=CharField()),
            distinct=True,
            filter=over_limit,
        )
    groups = list(running.values("person__gender").annotate(**counted).order_by())
    counts: dict[str, Any] = {
        "genders": [(group["person__gender"], group["people"]) for group in groups],
        "mandates": sum(group["mandates"] for group in groups),
        "warnings": sum(group["unheld"] + group.get("terms", 0) for group in groups),
    }
    if limit is None:
        counts["warnings"] = len(warnings)
        return warnings, counts
    return warnings[:limit], counts


def _balance_by_country(running: QuerySet[Mandate]) -> tuple[Share, ...]:
    """The holders by country, each person once, counted by the database."""
    country = Coalesce("member__country__name_en", "seat__country__name_en")
    return _shares(
        {
            (row["label"] or gettext("No member region")): row["people"]
            for row in running.values(label=country)
            .annotate(people=Count("person_id", distinct=True))
            .order_by()
        }
    )


def body_page(*, body: Body, on: date, limit: int | None = None) -> BodyPage:
    """A body's current composition, vacancies, terms ending soon, balance and warnings.

    ``limit`` keeps the first rows of the composition and of the warnings (the General
    Assembly has a thousand delegates at five times AER's size): the database orders, cuts
    and counts them, and the balance covers every holder. Constant queries at any size.
    """
    if body.kind in _COMPOSITION_RULED:
        return _small_body_page(body=body, on=on, limit=limit)
    return _large_body_page(body=body, on=on, limit=limit)
