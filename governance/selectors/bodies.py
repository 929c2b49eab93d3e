"""Read-only queries about bodies, seats and mandates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from aer_portal.prepared import Late, prepared_objects, prepared_rows
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.composition import (
    election_committee_composition_problems,
    executive_board_composition_problems,
    monitoring_group_composition_problems,
)
from aer_portal.rules.mandates import (
    bureau_composition_problems,
    lost_mandate_warning,
    no_political_mandate_warning,
    term_limit_warning,
)
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message
from governance.models import Body, Mandate, Seat
from members.models import Country, Membership, RegionalMandate, User


def _running_periods(
    on: date, member_ids: tuple[int, ...] | None
) -> QuerySet[Membership, tuple[Any, ...]]:
    periods = Membership.objects.current_on(on).order_by()
    if member_ids is not None:
        periods = periods.filter(member_id__in=member_ids)
    return periods.values_list("member_id", "board_decision", "category")


def observer_member_ids(*, on: date, member_ids: set[int] | None = None) -> set[int]:
    """Members that are observers on ``on`` (Procedures art. 2): no vote in any body; one query.

    A member's category is that of its latest period running on the day; the periods of the
    members asked are few, so the latest is picked here rather than by a subquery per row.
    """
    asked = None if member_ids is None else tuple(sorted(member_ids))
    latest: dict[int, tuple[date, str]] = {}
    for member_id, decided, category in prepared_rows(_running_periods, on, asked):
        if member_id not in latest or decided > latest[member_id][0]:
            latest[member_id] = (decided, category)
    return {pk for pk, (_, category) in latest.items() if category == MemberCategory.OBSERVER}


def current_mandates_q(on: date, prefix: str = "") -> Q:
    """Mandates running on the given day (an open end means still running)."""
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


def person_holds_seat_in(*, person_id: int, kind: BodyKind, on: date) -> bool:
    """Whether a person holds any seat in a body of this kind on the given day."""
    return Mandate.objects.filter(
        current_mandates_q(on), person_id=person_id, seat__body__kind=kind
    ).exists()


# --- Bodies and their pages --------------------------------------------------------------

#: Bodies whose page anyone may read; the others (working groups, task forces, programme
#: committees) are for logged-in people.
STATUTORY_BODIES = frozenset(
    {
        BodyKind.GENERAL_ASSEMBLY,
        BodyKind.EXECUTIVE_BOARD,
        BodyKind.BUREAU,
        BodyKind.MONITORING_AND_EVALUATION_GROUP,
        BodyKind.ELECTION_COMMITTEE,
    }
)
#: The composition's order of roles (a page, the open data and the embed list seats so).
ROLE_ORDER = {role.value: index for index, role in enumerate(Seat.Role)}


def seat_order(seat: Seat) -> tuple[int, str, str]:
    """The composition's order of seats (role, country, portfolio)."""
    return (ROLE_ORDER.get(seat.role, 99), str(seat.country or ""), seat.portfolio)


def is_public(body: Body) -> bool:
    """Whether anyone may read the body's page (the statutory bodies)."""
    return body.kind in STATUTORY_BODIES


def bodies_for(*, user: User | AnonymousUser, on: date) -> QuerySet[Body]:
    """The bodies a reader may see, each with ``holders``, the mandates running (one query)."""
    bodies = Body.objects.annotate(
        holders=Count("seats__mandates", filter=current_mandates_q(on, "seats__mandates__"))
    ).order_by("kind", "name")
    if not user.is_authenticated:
        bodies = bodies.filter(kind__in=STATUTORY_BODIES)
    return bodies


def body_for(*, slug: str, user: User | AnonymousUser) -> Body | None:
    """The body with this short name if the reader may see its page."""
    found = prepared_objects(_body_by_slug, bind={"slug": slug})
    if not found or (not is_public(found[0]) and not user.is_authenticated):
        return None
    return found[0]


def _body_by_slug() -> QuerySet[Body]:
    # The slug given when the query runs (aer_portal.prepared): one SQL for every body's page.
    return Body.objects.filter(slug=Late("slug", CharField())).order_by()[:1]


def _person_warnings(mandate: Mandate, on: date) -> list[Message]:
    """Procedures art. 15.2 for the person holding ``mandate`` (delegates only).

    Read from ``holds_regional`` and ``last_lost_on`` when :func:`current_mandates_of` has
    annotated them, from the person's prefetched regional mandates otherwise.
    """
    if mandate.seat.role == Seat.Role.SECONDED_OFFICER:
        return []  # a seconded officer is staff of a region, not a delegate
    person = mandate.person
    if hasattr(mandate, "holds_regional"):
        held, lost_on = mandate.holds_regional, getattr(mandate, "last_lost_on", None)
    else:
        regional = list(person.regional_mandates.all())
        held = any(m.holds_on(on) for m in regional)
        lost_on = max(
            (m.lost_on for m in regional if m.lost_on is not None and m.lost_on <= on),
            default=None,
        )
    return regional_mandate_warnings(name=str(person), held=held, lost_on=lost_on, on=on)


def regional_mandate_warnings(
    *, name: str, held: bool, lost_on: date | None, on: date
) -> list[Message]:
    """Procedures art. 15.2 for a delegate, from whether they hold a regional mandate on
    ``on`` and when they last lost one."""
    if held:
        return []
    if lost_on is not None:
        return [lost_mandate_warning(name=name, lost_on=lost_on, today=on)]
    return [no_political_mandate_warning(name=name)]


def mandate_term_warnings(mandate: Mandate) -> list[Message]:
    """Procedures art. 15 A–D: whether the mandate goes past the body's term limit."""
    warning = term_limit_warning(
        body=mandate.seat.body.kind,
        consecutive_term=mandate.consecutive_term,
        name=str(mandate.person),
    )
    return [warning] if warning is not None else []


def _composition_warnings(body: Body, mandates: list[Mandate], on: date) -> tuple[Message, ...]:
    if body.kind == BodyKind.MONITORING_AND_EVALUATION_GROUP:
        others: dict[str, list[str]] = {}
        for mandate in mandates:
            others[str(mandate.person)] = [
                other.seat.body.kind
                for other in mandate.person.mandates.all()
                if other.seat.body_id != body.pk
                and other.starts_on <= on
                and (other.ends_on is None or on <= other.ends_on)
            ]
        return monitoring_group_composition_problems(others)
    return composition_warnings(
        kind=body.kind,
        seats=[(m.seat.role, str(m.seat.country) if m.seat.country else "") for m in mandates],
        people=len({m.person_id for m in mandates}),
        on=on,
    )


def _represented_countries(on: date) -> QuerySet[Country, tuple[Any, ...]]:
    # A country is represented when one of its regions is a member on the day: one EXISTS
    # per country, not a DISTINCT over every membership of every member (200 ms at five
    # times AER's size), and the decision and the end of the same period.
    current = Membership.objects.current_on(on).filter(member__country=OuterRef("pk"))
    return Country.objects.filter(Exists(current)).values_list("name_en")


def composition_warnings(
    *, kind: str, seats: list[tuple[str, str]], people: int, on: date
) -> tuple[Message, ...]:
    """What the Executive Board's, the Election Committee's or the Bureau's composition
    breaks (Procedures arts. 15 A–C), from the role and country (English name) of each seat
    held and the number of people holding them."""
    roles = Counter(role for role, _ in seats)
    if kind == BodyKind.EXECUTIVE_BOARD:
        return executive_board_composition_problems(
            presidents=roles[Seat.Role.PRESIDENT],
            treasurers=roles[Seat.Role.TREASURER],
            vice_presidents=roles[Seat.Role.VICE_PRESIDENT],
        )
    if kind == BodyKind.ELECTION_COMMITTEE:
        return election_committee_composition_problems(members=people)
    if kind == BodyKind.BUREAU:
        counts = {name: 0 for (name,) in prepared_rows(_represented_countries, on)}
        for role, country in seats:
            if role == Seat.Role.COUNTRY_REPRESENTATIVE and country:
                counts[country] = counts.get(country, 0) + 1
        return bureau_composition_problems(counts)
    return ()


def current_mandates_of(
    *, body: Body, on: date, for_warnings: bool = False, seats: Mapping[int, Seat] | None = None
) -> list[Mandate]:
    """The mandates running in a body on ``on``, with what their page needs.

    ``for_warnings`` also reads each holder's regional mandates (Procedures art. 15.2), which
    :func:`body_warnings` asks about: a thousand delegates' worth in the General Assembly at
    five times AER's size, which the open-data answer and the embedded list never show.
    ``seats``, the body's seats by id with their country when the caller has them, are given
    to the mandates instead of being read again with each one. Each mandate carries
    ``member_category`` and ``member_country`` (English name), as the page asks.
    """
    category = Membership.objects.current_on(on).filter(member=OuterRef("member_id"))
    in_body = Q(seat__body=body) if seats is None else Q(seat_id__in=list(seats))
    mandates = (
        Mandate.objects.filter(current_mandates_q(on), in_body)
        .select_related("person", "member", *(() if seats is not None else ("seat__country",)))
        .annotate(
            member_category=Subquery(category.order_by("-board_decision").values("category")[:1]),
            member_country=F("member__country__name_en"),
        )
        .order_by()
    )
    if for_warnings:
        # Whether the holder has a regional mandate and when the last was lost: two values
        # per holder, where prefetching every regional mandate cost a sixth of the Bureau page.
        regional = RegionalMandate.objects.filter(person=OuterRef("person_id"))
        lost = regional.filter(lost_on__lte=on).order_by("-lost_on").values("lost_on")[:1]
        mandates = mandates.annotate(
            holds_regional=Exists(
                RegionalMandate.objects.holding_on(on).filter(person=OuterRef("person_id"))
            ),
            last_lost_on=Subquery(lost),
        )
    if body.kind == BodyKind.MONITORING_AND_EVALUATION_GROUP:
        mandates = mandates.prefetch_related("person__mandates__seat__body")
    running = list(mandates)
    for mandate in running:
        if seats is not None:
            mandate.seat = seats[mandate.seat_id]
        mandate.seat.body = body  # the body asked about: not read again for every seat
    return sorted(
        running,
        key=lambda m: (
            ROLE_ORDER.get(m.seat.role, 99),
            str(m.seat.country or ""),
            m.seat.portfolio,
            m.person.last_name,
            m.person.first_name,
        ),
    )


def public_mandates(*, body: Body, on: date, seats: Sequence[Seat]) -> QuerySet[Mandate]:
    """The mandates running in a body on ``on``, in the composition's order, ordered in the
    database: the open data and the embed read them a page at a time (a thousand delegates in
    the General Assembly at five times AER's size). ``seats`` are the body's, read by the
    caller (it labels them): ranked here, the General Assembly's one seat leaves the holders'
    names as the whole order, which the database reads from its index of people by name
    instead of sorting every delegate."""
    ranks = seat_ranks(seats)
    running = Mandate.objects.filter(current_mandates_q(on), seat_id__in=list(ranks))
    return in_composition_order(running.select_related("person", "member"), ranks)


def seat_ranks(seats: Iterable[Seat]) -> dict[int, int]:
    """Each seat's place in the composition's order (role, country, portfolio), the same
    number for seats that differ in nothing else; ranked in Python, the seats being few."""
    ordered = list(seats)
    keys = sorted({seat_order(seat) for seat in ordered})
    return {seat.pk: keys.index(seat_order(seat)) for seat in ordered}


def in_composition_order(
    mandates: QuerySet[Mandate], ranks: Mapping[int, int]
) -> QuerySet[Mandate]:
    """The composition's order: the seats ranked in Python (:func:`seat_ranks`), then the
    holders by name; a body whose seats all rank alike (the General Assembly has one) is
    ordered by name alone."""
    order: list[Any] = ["person__last_name", "person__first_name", "pk"]
    if len(set(ranks.values())) > 1:
        rank = Case(
            *(When(seat_id=pk, then=Value(value)) for pk, value in ranks.items()),
            default=Value(len(ranks)),
            output_field=IntegerField(),
        )
        order.insert(0, rank)
    return mandates.order_by(*order)


def body_warnings(*, body: Body, mandates: list[Mandate], on: date) -> tuple[Message, ...]:
    """Every reason the body's current composition breaks the Procedures; never blocking."""
    warnings: list[Message] = list(_composition_warnings(body, mandates, on))
    for mandate in mandates:
        warnings += mandate_term_warnings(mandate)
        warnings += _person_warnings(mandate, on)
    return tuple(dict.fromkeys(warnings))  # a person with two seats is named once


def mandate_warnings(*, mandate: Mandate, on: date) -> tuple[Message, ...]:
    """What the secretariat should know after recording a mandate: its term limit, its
    holder's regional political mandate, and the body's composition (never blocking)."""
    mandate = (
        Mandate.objects.select_related("person", "seat__body", "seat__country")
        .prefetch_related("person__regional_mandates")
        .get(pk=mandate.pk)
    )
    body = mandate.seat.body
    mandates = current_mandates_of(body=body, on=on)
    warnings = mandate_term_warnings(mandate) + _person_warnings(mandate, on)
    warnings += list(_composition_warnings(body, mandates, on))
    return tuple(dict.fromkeys(warnings))
