"""A body's page: who holds which seat, vacancies, terms ending soon, balance and warnings.

A body of a few dozen seats is read whole and worked out in Python (its composition rules look
at every holder); a body that may hold a thousand delegates, by governance.selectors.assembly.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext

from aer_portal.prepared import prepared_rows
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.dates import add_months
from aer_portal.rules.mandates import is_final_term, term_limit_warning
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message
from governance.models import Body, Mandate, Seat
from governance.selectors.assembly import large_body_page
from governance.selectors.bodies import (
    ROLE_ORDER,
    body_warnings,
    composition_warnings,
    current_mandates_of,
    current_mandates_q,
    regional_mandate_warnings,
    seat_order,
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
from members.models import Country, Membership, RegionalMandate, person_name, person_name_columns

__all__ = ["ENDING_SOON_MONTHS", "BodyPage", "body_page"]


def _small_body_page(*, body: Body, on: date, limit: int | None) -> BodyPage:
    """A body of a few dozen seats: every holder read once and worked out in Python."""
    seats = {seat.pk: seat for seat in body.seats.select_related("country").order_by()}
    mandates = current_mandates_of(body=body, on=on, for_warnings=True, seats=seats)
    held = {m.seat_id for m in mandates}
    vacancies = tuple(sorted((s for s in seats.values() if s.pk not in held), key=seat_order))
    horizon = add_months(on, ENDING_SOON_MONTHS)
    holders = {m.person_id: m for m in mandates}
    genders = gender_labels()
    warnings = body_warnings(body=body, mandates=mandates, on=on)
    words = PageWords()
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
        by_country=shares_of(by_country),
        by_gender=shares_of(
            Counter(gender_label(m.person.gender, genders) for m in holders.values())
        ),
        warnings=warnings[:limit],
        on=on,
        observers=observers,
        mandate_count=len(mandates),
        warning_count=len(warnings),
    )


def _seat_rows(body_id: int) -> QuerySet[Seat, tuple[Any, ...]]:
    return (
        Seat.objects.filter(body_id=body_id)
        .order_by()
        .values_list(
            "pk", "role", "portfolio", "country_id", "country__code", "country__name_en",
            "country__name_fr",
        )
    )  # fmt: skip


def _holder_rows(seat_ids: tuple[int, ...], on: date) -> QuerySet[Mandate, tuple[Any, ...]]:
    """The mandates running on ``on``, as columns, with the holder's member category and
    whether they hold a regional mandate and when they last lost one (art. 15.2)."""
    category = Membership.objects.current_on(on).filter(member=OuterRef("member_id"))
    regional = RegionalMandate.objects.filter(person=OuterRef("person_id"))
    lost = regional.filter(lost_on__lte=on).order_by("-lost_on").values("lost_on")[:1]
    holding = RegionalMandate.objects.holding_on(on).filter(person=OuterRef("person_id"))
    return (
        Mandate.objects.filter(current_mandates_q(on), seat_id__in=seat_ids)
        .annotate(
            member_category=Subquery(category.order_by("-board_decision").values("category")[:1]),
            holds_regional=Exists(holding),
            last_lost_on=Subquery(lost),
        )
        .order_by()
        .values_list(
            "pk", "person_id", *person_name_columns("person"), "person__gender", "member_id",
            "member__name", "member__country__name_en", "seat_id", "starts_on", "ends_on",
            "consecutive_term", "member_category", "holds_regional", "last_lost_on",
        )
    )  # fmt: skip


def _ruled_body_page(*, body: Body, on: date, limit: int | None) -> BodyPage:
    """The Executive Board, the Election Committee or the Bureau (about seventy seats): its
    seats and holders read as columns, in queries compiled once per day, and worked out in
    Python; a model instance for each of them and of their people, members and countries
    was most of the Bureau's page."""
    words = PageWords()
    seats = {row[0]: row for row in prepared_rows(_seat_rows, body.pk)}
    rows = prepared_rows(_holder_rows, tuple(sorted(seats)), on)
    rows.sort(
        key=lambda r: (
            ROLE_ORDER.get(seats[r[10]][1], 99),
            seats[r[10]][5] or "",
            seats[r[10]][2],
            r[3],
            r[2],
        )
    )
    names = {r[0]: person_name(r[2], r[3], r[4], r[5]) for r in rows}
    country = {pk: words.country(row[5], row[6]) if row[3] else "" for pk, row in seats.items()}
    seat_label = {pk: words.seat(row[1], row[2], country[pk]) for pk, row in seats.items()}
    plain_label = {pk: words.seat(row[1], row[2]) for pk, row in seats.items()}
    held = {r[10] for r in rows}
    vacant = sorted(
        (row for pk, row in seats.items() if pk not in held),
        key=lambda row: (ROLE_ORDER.get(row[1], 99), row[5] or "", row[2]),
    )
    vacancies = tuple(
        Seat(
            pk=pk,
            body=body,
            role=role,
            portfolio=portfolio,
            country=Country(pk=country_id, code=code, name_en=name_en, name_fr=name_fr)
            if country_id
            else None,
        )
        for pk, role, portfolio, country_id, code, name_en, name_fr in vacant
    )
    warnings: list[Message] = list(
        composition_warnings(
            kind=body.kind,
            seats=[(seats[r[10]][1], seats[r[10]][5] or "") for r in rows],
            people=len({r[1] for r in rows}),
            on=on,
        )
    )
    for r in rows:
        warning = term_limit_warning(body=body.kind, consecutive_term=r[13], name=names[r[0]])
        warnings += [warning] if warning is not None else []
        if seats[r[10]][1] != Seat.Role.SECONDED_OFFICER:
            warnings += regional_mandate_warnings(
                name=names[r[0]], held=bool(r[15]), lost_on=r[16], on=on
            )
    every_warning = tuple(dict.fromkeys(warnings))  # a person with two seats is named once
    final_terms = frozenset(
        r[0] for r in rows if is_final_term(body=body.kind, consecutive_term=r[13])
    )
    observers = frozenset(r[0] for r in rows if r[14] == MemberCategory.OBSERVER)
    horizon = add_months(on, ENDING_SOON_MONTHS)
    holders = {r[1]: r for r in rows}
    by_country: Counter[str] = Counter()
    for r in holders.values():
        if r[7] is not None:
            by_country[r[9]] += 1
        elif seats[r[10]][3] is not None:
            by_country[seats[r[10]][5]] += 1
        else:
            by_country[gettext("No member region")] += 1
    genders = gender_labels()
    return BodyPage(
        body=body,
        mandates=tuple(
            Holder(
                pk=r[0],
                seat=seat_label[r[10]],
                person=names[r[0]],
                member=r[8] if r[7] is not None else "",
                term=words.term(r[11], r[12]),
                consecutive_term=r[13],
                final_term=r[0] in final_terms,
                observer=r[0] in observers and r[7] is not None,
            )
            for r in rows[:limit]
        ),
        vacancies=vacancies,
        ending_soon=tuple(
            Ending(day=words.day(r[12]), person=names[r[0]], seat=plain_label[r[10]])
            for r in sorted(
                (r for r in rows if r[12] is not None and r[12] <= horizon),
                key=lambda r: (r[12], r[3]),
            )
        ),
        final_terms=final_terms,
        by_country=shares_of(by_country),
        by_gender=shares_of(Counter(gender_label(r[6], genders) for r in holders.values())),
        warnings=every_warning[:limit],
        on=on,
        observers=observers,
        mandate_count=len(rows),
        warning_count=len(every_warning),
    )


#: Bodies whose composition rules look at every seat holder; each has a few dozen seats at most.
_COMPOSITION_RULED = frozenset(
    {
        BodyKind.EXECUTIVE_BOARD,
        BodyKind.ELECTION_COMMITTEE,
        BodyKind.MONITORING_AND_EVALUATION_GROUP,
        BodyKind.BUREAU,
    }
)


def body_page(*, body: Body, on: date, limit: int | None = None) -> BodyPage:
    """A body's current composition, vacancies, terms ending soon, balance and warnings.

    ``limit`` keeps the first rows of the composition and of the warnings (the General
    Assembly has a thousand delegates at five times AER's size): the database orders, cuts
    and counts them, and the balance covers every holder. Constant queries at any size.
    """
    if body.kind == BodyKind.MONITORING_AND_EVALUATION_GROUP:
        return _small_body_page(body=body, on=on, limit=limit)
    if body.kind in _COMPOSITION_RULED:
        return _ruled_body_page(body=body, on=on, limit=limit)
    return large_body_page(body=body, on=on, limit=limit)
