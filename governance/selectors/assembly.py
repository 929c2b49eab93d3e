"""The page of a body that may hold a thousand delegates (the General Assembly): the database
orders, cuts and counts its holders and their warnings, so the page costs the same at any size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import (
    CharField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext

from aer_portal.prepared import prepared_objects, prepared_rows
from aer_portal.rules.dates import add_months
from aer_portal.rules.mandates import (
    is_final_term,
    lost_mandate_warning,
    no_political_mandate_warning,
    term_limit_warning,
)
from aer_portal.rules.messages import Message
from governance.models import Body, Mandate, Seat
from governance.selectors.bodies import (
    current_mandates_q,
    in_composition_order,
    observer_member_ids,
    seat_order,
    seat_ranks,
)
from governance.selectors.holders import (
    ENDING_SOON_MONTHS,
    BodyPage,
    Ending,
    Holder,
    PageWords,
    gender_label,
    gender_labels,
    shares_of,
)
from members.models import RegionalMandate, person_name, person_name_columns

#: The columns of a holder's row (plain values: no model is built for a row).
_ROW = (
    "pk",
    "person_id",
    *person_name_columns("person"),
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


def _rows(
    rows: Iterable[tuple[Any, ...]],
    words: PageWords,
    seat_of: Callable[[int], str],
    kind: str,
    observers: frozenset[int],
) -> list[Holder]:
    return [
        Holder(
            pk=pk,
            seat=seat_of(seat_id),
            person=person_name(first, last, anonymised_on, label),
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


def _running(seat_ids: tuple[int, ...], on: date) -> QuerySet[Mandate]:
    return Mandate.objects.filter(current_mandates_q(on), seat_id__in=seat_ids)


def _shown(
    seat_ids: tuple[int, ...], ranks: tuple[tuple[int, int], ...], on: date, limit: int | None
) -> QuerySet[Mandate, tuple[Any, ...]]:
    """The holders' rows in the composition's order, the first ``limit``."""
    shown = in_composition_order(_running(seat_ids, on), dict(ranks)).values_list(*_ROW)
    return shown if limit is None else shown[:limit]


def _over_limit_q(maximum: int | None) -> Q:
    return Q(consecutive_term__gt=maximum) if maximum is not None else Q(pk__in=[])


def _unheld_q(on: date, seconded: tuple[int, ...]) -> Q:
    """Holders without a regional mandate on ``on`` (art. 15.2); a seconded officer is staff
    of a region, not a delegate: no regional mandate asked."""
    holds = Exists(RegionalMandate.objects.holding_on(on).filter(person=OuterRef("person_id")))
    return ~Q(holds) & ~Q(seat_id__in=seconded) if seconded else ~Q(holds)


def _flagged(
    seat_ids: tuple[int, ...],
    ranks: tuple[tuple[int, int], ...],
    on: date,
    limit: int | None,
    maximum: int | None,
    seconded: tuple[int, ...],
) -> QuerySet[Mandate, tuple[Any, ...]]:
    """The holders with a warning, in the composition's order, the first ``limit``."""
    flagged = _running(seat_ids, on).filter(_over_limit_q(maximum) | _unheld_q(on, seconded))
    ordered = in_composition_order(flagged, dict(ranks)).values_list(
        "person_id", *person_name_columns("person"), "seat_id", "consecutive_term",
    )  # fmt: skip
    return ordered if limit is None else ordered[:limit]


def _regional_mandates(person_ids: tuple[int, ...]) -> QuerySet[RegionalMandate, tuple[Any, ...]]:
    return (
        RegionalMandate.objects.filter(person_id__in=person_ids)
        .order_by()
        .values_list("person_id", "starts_on", "ends_on", "lost_on")
    )


def _counts(
    seat_ids: tuple[int, ...], on: date, maximum: int | None, seconded: tuple[int, ...]
) -> QuerySet[Mandate, dict[str, Any]]:
    """Per gender: the people, the mandates, the people without a regional mandate and (with
    a term limit) the terms over it, each person or term once."""
    # Each person has one gender, so counts of distinct people per gender add up exactly.
    # An aggregate filtered by an empty condition would empty the others: no term count where
    # the body has no term limit.
    counted: dict[str, Any] = {
        "people": Count("person_id", distinct=True),
        "mandates": Count("pk"),
        "unheld": Count("person_id", distinct=True, filter=_unheld_q(on, seconded)),
    }
    if maximum is not None:
        counted["terms"] = Count(
            Concat("person_id", Value(":"), "consecutive_term", output_field=CharField()),
            distinct=True,
            filter=_over_limit_q(maximum),
        )
    return _running(seat_ids, on).values("person__gender").annotate(**counted).order_by()


def _ending(
    seat_ids: tuple[int, ...], on: date, horizon: date
) -> QuerySet[Mandate, tuple[Any, ...]]:
    return (
        _running(seat_ids, on)
        .filter(ends_on__isnull=False, ends_on__lte=horizon)
        .order_by("ends_on", "person__last_name", "pk")
        .values_list(
            "ends_on",
            *person_name_columns("person"),
            "seat_id",
        )
    )


def _by_country(seat_ids: tuple[int, ...], on: date) -> QuerySet[Mandate, dict[str, Any]]:
    """The holders by country, each person once, counted by the database."""
    country = Coalesce("member__country__name_en", "seat__country__name_en")
    return (
        _running(seat_ids, on)
        .values(label=country)
        .annotate(people=Count("person_id", distinct=True))
        .order_by()
    )


def _seats(body_id: int, on: date) -> QuerySet[Seat]:
    """The body's seats, each with whether someone holds it on ``on``."""
    held = Exists(Mandate.objects.filter(current_mandates_q(on), seat=OuterRef("pk")))
    return Seat.objects.filter(body_id=body_id).annotate(held=held).order_by()


def large_body_page(*, body: Body, on: date, limit: int | None) -> BodyPage:
    """A body that may hold a thousand delegates (the General Assembly), in nine queries.

    The queries on its holders are compiled once per day (aer_portal.prepared):
    building and compiling them took the ORM longer than the database took to answer.
    """
    words = PageWords()
    seats = sorted(
        prepared_objects(_seats, body.pk, on, related=("country",), annotations=("held",)),
        key=seat_order,
    )
    ranks = tuple(seat_ranks(seats).items())
    seat_ids = tuple(pk for pk, _ in ranks)
    labels = words.seat_labels(seats)
    rows = prepared_rows(_shown, seat_ids, ranks, on, limit)
    # The observers among the rows shown, in one query for those rows: a subquery in the
    # ordered query would be worked out for every delegate before the first rows are cut.
    observer_members = observer_member_ids(on=on, member_ids={r[6] for r in rows if r[6]})
    observers = frozenset(r[0] for r in rows if r[6] in observer_members)
    mandates = _rows(rows, words, labels.__getitem__, body.kind, observers)
    warnings, counts = _held_warnings(
        body=body, seat_ids=seat_ids, seats=seats, ranks=ranks, on=on, limit=limit
    )
    genders = gender_labels()
    by_gender: Counter[str] = Counter()
    for gender, people in counts.pop("genders"):
        by_gender[gender_label(gender, genders)] += people
    horizon = add_months(on, ENDING_SOON_MONTHS)
    plain = {seat.pk: words.seat(seat.role, seat.portfolio) for seat in seats}
    return BodyPage(
        body=body,
        mandates=tuple(mandates),
        vacancies=tuple(seat for seat in seats if not seat.held),  # type: ignore[attr-defined]
        ending_soon=tuple(
            Ending(
                day=words.day(ends_on),
                person=person_name(first, last, anonymised_on, label),
                seat=plain[seat_id],
            )
            for ends_on, first, last, anonymised_on, label, seat_id in prepared_rows(
                _ending, seat_ids, on, horizon
            )
        ),
        final_terms=frozenset(m.pk for m in mandates if m.final_term),
        by_country=shares_of(
            {
                (label or gettext("No member region")): people
                for label, people in prepared_rows(_by_country, seat_ids, on)
            }
        ),
        by_gender=shares_of(by_gender),
        warnings=tuple(warnings),
        on=on,
        observers=observers,
        mandate_count=counts["mandates"],
        warning_count=counts["warnings"],
    )


def _held_warnings(
    *,
    body: Body,
    seat_ids: tuple[int, ...],
    seats: Sequence[Seat],
    ranks: tuple[tuple[int, int], ...],
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
    seconded = tuple(seat.pk for seat in seats if seat.role == Seat.Role.SECONDED_OFFICER)
    # A person with two seats is named once: the first page may then list a few fewer.
    rows = prepared_rows(_flagged, seat_ids, ranks, on, limit, maximum, seconded)
    # Whether each holder shown holds a regional mandate and when they last lost one, from
    # their regional mandates (one query for those holders only): the EXISTS selected again
    # with every flagged row was worked out twice for each delegate before the cut.
    holding: set[int] = set()
    last_lost: dict[int, date] = {}
    person_ids = tuple(sorted({r[0] for r in rows}))
    for person_id, starts_on, ends_on, lost_on in prepared_rows(_regional_mandates, person_ids):
        regional = RegionalMandate(starts_on=starts_on, ends_on=ends_on, lost_on=lost_on)
        if regional.holds_on(on):
            holding.add(person_id)
        if lost_on is not None and lost_on <= on:
            last_lost[person_id] = max(lost_on, last_lost.get(person_id, lost_on))
    warnings: list[Message] = []
    for person_id, first, last, anonymised_on, label, seat_id, term in rows:
        name = person_name(first, last, anonymised_on, label)
        if maximum is not None and term > maximum:
            warning = term_limit_warning(body=body.kind, consecutive_term=term, name=name)
            warnings += [warning] if warning is not None else []
        if seat_id not in seconded and person_id not in holding:
            lost_on = last_lost.get(person_id)
            warnings.append(
                lost_mandate_warning(name=name, lost_on=lost_on, today=on)
                if lost_on is not None
                else no_political_mandate_warning(name=name)
            )
    warnings = list(dict.fromkeys(warnings))
    groups = prepared_rows(_counts, seat_ids, on, maximum, seconded)
    counts: dict[str, Any] = {
        "genders": [(group[0], group[1]) for group in groups],
        "mandates": sum(group[2] for group in groups),
        "warnings": sum(group[3] + (group[4] if maximum is not None else 0) for group in groups),
    }
    if limit is None:
        counts["warnings"] = len(warnings)
        return warnings, counts
    return warnings[:limit], counts
