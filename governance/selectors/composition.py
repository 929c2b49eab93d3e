"""A body's page: who holds which seat, vacancies, terms ending soon, balance and warnings.

A body of a few dozen seats is read whole and worked out in Python (its composition rules look
at every holder); a body that may hold a thousand delegates, by governance.selectors.assembly.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.utils.translation import gettext

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.dates import add_months
from aer_portal.rules.mandates import is_final_term
from aer_portal.rules.membership import MemberCategory
from governance.models import Body, Mandate
from governance.selectors.assembly import large_body_page
from governance.selectors.bodies import body_warnings, current_mandates_of
from governance.selectors.holders import (
    ENDING_SOON_MONTHS,
    BodyPage,
    Ending,
    Holder,
    PageWords,
    gender_label,
    gender_labels,
    seat_order,
    shares_of,
)

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
    if body.kind in _COMPOSITION_RULED:
        return _small_body_page(body=body, on=on, limit=limit)
    return large_body_page(body=body, on=on, limit=limit)
