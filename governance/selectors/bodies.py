"""Read-only queries about bodies, seats and mandates."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

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
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import gettext

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.dates import add_months
from aer_portal.rules.elections import (
    election_committee_composition_problems,
    executive_board_composition_problems,
    monitoring_group_composition_problems,
)
from aer_portal.rules.mandates import (
    bureau_composition_problems,
    is_final_term,
    lost_mandate_warning,
    no_political_mandate_warning,
    term_limit_warning,
)
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.messages import Message
from aer_portal.rules.voting_rights import observer_no_vote_reason
from governance.models import Body, Mandate, Seat
from members.models import Country, Membership, Person, RegionalMandate, User


def observer_member_ids(*, on: date, member_ids: set[int] | None = None) -> set[int]:
    """Members that are observers on ``on`` (Procedures art. 2): no vote in any body; one query."""
    latest = Membership.objects.current_on(on).filter(member=OuterRef("member_id"))
    periods = Membership.objects.current_on(on).filter(
        pk=Subquery(latest.order_by("-board_decision").values("pk")[:1])
    )
    if member_ids is not None:
        periods = periods.filter(member_id__in=member_ids)
    return set(periods.filter(category=MemberCategory.OBSERVER).values_list("member_id", flat=True))


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
#: A body page lists the terms that end within this many months (the portal's choice).
ENDING_SOON_MONTHS = 6
_ROLE_ORDER = {role.value: index for index, role in enumerate(Seat.Role)}


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
    body = Body.objects.filter(slug=slug).first()
    if body is None or (not is_public(body) and not user.is_authenticated):
        return None
    return body


@dataclass(frozen=True)
class Share:
    """One line of a balance statistic: how many of the body's members, and which share."""

    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class BodyPage:
    """What a body's page shows, read in a constant number of queries."""

    body: Body
    mandates: tuple[Mandate, ...]
    vacancies: tuple[Seat, ...]
    ending_soon: tuple[Mandate, ...]
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


def _shares(labels: list[str]) -> tuple[Share, ...]:
    counts = Counter(labels)
    total = sum(counts.values()) or 1
    return tuple(
        Share(label=label, count=count, percent=round(100 * count / total))
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def _country_of(mandate: Mandate) -> str:
    if mandate.member is not None:
        return str(mandate.member.country)
    if mandate.seat.country is not None:
        return str(mandate.seat.country)
    return gettext("No member region")


def _gender_labels() -> dict[str, str]:
    """The genders' names, looked up once a page: get_gender_display() rebuilt the choices'
    dictionary for every holder."""
    return {value: str(label) for value, label in Person._meta.get_field("gender").flatchoices}


def _gender_of(person: Person, labels: Mapping[str, str]) -> str:
    if not person.gender:
        return gettext("Not recorded")
    return labels.get(person.gender, person.gender)


def _person_warnings(mandate: Mandate, on: date) -> list[Message]:
    """Procedures art. 15.2 for the person holding ``mandate`` (delegates only)."""
    if mandate.seat.role == Seat.Role.SECONDED_OFFICER:
        return []  # a seconded officer is staff of a region, not a delegate
    person = mandate.person
    regional = list(person.regional_mandates.all())
    if any(m.holds_on(on) for m in regional):
        return []
    lost = [m for m in regional if m.lost_on is not None and m.lost_on <= on]
    if lost:
        latest = max(lost, key=lambda m: m.lost_on or on)
        assert latest.lost_on is not None
        return [lost_mandate_warning(name=str(person), lost_on=latest.lost_on, today=on)]
    return [no_political_mandate_warning(name=str(person))]


def mandate_term_warnings(mandate: Mandate) -> list[Message]:
    """Procedures art. 15 A–D: whether the mandate goes past the body's term limit."""
    warning = term_limit_warning(
        body=mandate.seat.body.kind,
        consecutive_term=mandate.consecutive_term,
        name=str(mandate.person),
    )
    return [warning] if warning is not None else []


def _composition_warnings(body: Body, mandates: list[Mandate], on: date) -> tuple[Message, ...]:
    roles = Counter(m.seat.role for m in mandates)
    if body.kind == BodyKind.EXECUTIVE_BOARD:
        return executive_board_composition_problems(
            presidents=roles[Seat.Role.PRESIDENT],
            treasurers=roles[Seat.Role.TREASURER],
            vice_presidents=roles[Seat.Role.VICE_PRESIDENT],
        )
    if body.kind == BodyKind.ELECTION_COMMITTEE:
        return election_committee_composition_problems(members=len({m.person_id for m in mandates}))
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
    if body.kind == BodyKind.BUREAU:
        # A country is represented when one of its regions is a member on the day: one
        # EXISTS per country, not a DISTINCT over every membership of every member (200 ms at
        # five times AER's size), and the decision and the end of the same period.
        current = Membership.objects.current_on(on).filter(member__country=OuterRef("pk"))
        represented = Country.objects.filter(Exists(current))
        counts = {str(country): 0 for country in represented}
        for mandate in mandates:
            if mandate.seat.role == Seat.Role.COUNTRY_REPRESENTATIVE and mandate.seat.country:
                name = str(mandate.seat.country)
                counts[name] = counts.get(name, 0) + 1
        return bureau_composition_problems(counts)
    return ()


def current_mandates_of(*, body: Body, on: date, for_warnings: bool = False) -> list[Mandate]:
    """The mandates running in a body on ``on``, with what their page needs.

    ``for_warnings`` also reads each holder's regional mandates (Procedures art. 15.2), which
    :func:`body_warnings` asks about: a thousand delegates' worth in the General Assembly at
    five times AER's size, which the open-data answer and the embedded list never show.
    """
    category = Membership.objects.current_on(on).filter(member=OuterRef("member_id"))
    mandates = (
        Mandate.objects.filter(current_mandates_q(on), seat__body=body)
        .select_related("person", "member__country", "seat__body", "seat__country")
        .annotate(
            member_category=Subquery(category.order_by("-board_decision").values("category")[:1])
        )
    )
    if for_warnings:
        mandates = mandates.prefetch_related("person__regional_mandates")
    if body.kind == BodyKind.MONITORING_AND_EVALUATION_GROUP:
        mandates = mandates.prefetch_related("person__mandates__seat__body")
    return sorted(
        mandates,
        key=lambda m: (
            _ROLE_ORDER.get(m.seat.role, 99),
            str(m.seat.country or ""),
            m.seat.portfolio,
            m.person.last_name,
            m.person.first_name,
        ),
    )


def public_mandates(*, body: Body, on: date) -> QuerySet[Mandate]:
    """The mandates running in a body on ``on``, in the composition's order, ordered in the
    database: the open data and the embed read them a page at a time (a thousand delegates in
    the General Assembly at five times AER's size)."""
    running = Mandate.objects.filter(current_mandates_q(on), seat__body=body)
    return _page_order(running.select_related("person", "member", "seat__body", "seat__country"))


def body_warnings(*, body: Body, mandates: list[Mandate], on: date) -> tuple[Message, ...]:
    """Every reason the body's current composition breaks the Procedures; never blocking."""
    warnings: list[Message] = list(_composition_warnings(body, mandates, on))
    for mandate in mandates:
        warnings += mandate_term_warnings(mandate)
        warnings += _person_warnings(mandate, on)
    return tuple(dict.fromkeys(warnings))  # a person with two seats is named once


def _page_order(mandates: QuerySet[Mandate]) -> QuerySet[Mandate]:
    """The composition's order (as :func:`current_mandates_of` sorts), in the database."""
    role_order = Case(
        *(When(seat__role=role, then=Value(index)) for role, index in _ROLE_ORDER.items()),
        default=Value(99),
        output_field=IntegerField(),
    )
    return mandates.order_by(
        role_order,
        F("seat__country__name_en").asc(nulls_first=True),
        "seat__portfolio",
        "person__last_name",
        "person__first_name",
        "pk",
    )


def _term_maximum(kind: str) -> int | None:
    """The most consecutive terms allowed in a body of this kind (Procedures art. 15 A–D)."""
    return next(
        (term for term in range(1, 100) if is_final_term(body=kind, consecutive_term=term)),
        None,
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


def _held_warnings(
    *, body: Body, running: QuerySet[Mandate], on: date, limit: int | None
) -> tuple[list[Message], int]:
    """The warnings of the seat holders (art. 15 A–D term limits, art. 15.2 regional mandates),
    in the composition's order: the first ``limit`` and how many there are in all.

    The database picks the holders with a warning and counts them (a person named once,
    as :func:`body_warnings` does), so a page of 50 costs the same for a thousand delegates.
    """
    maximum = _term_maximum(body.kind)
    over_limit = Q(consecutive_term__gt=maximum) if maximum is not None else Q(pk__in=[])
    unheld = ~Q(seat__role=Seat.Role.SECONDED_OFFICER) & Q(holds_regional=False)
    flagged = running.annotate(
        holds_regional=Exists(
            RegionalMandate.objects.holding_on(on).filter(person=OuterRef("person_id"))
        ),
    ).filter(over_limit | unheld)
    ordered = _page_order(flagged.select_related("person", "seat"))
    # A person with two seats is named once: the first page may then list a few fewer.
    rows = list(ordered if limit is None else ordered[:limit])
    # When each holder shown lost a regional mandate, for those holders only (one query).
    last_lost: dict[int, date] = {}
    for person_id, lost_on in RegionalMandate.objects.filter(
        person_id__in={m.person_id for m in rows}, lost_on__lte=on
    ).values_list("person_id", "lost_on"):
        if lost_on is not None:
            last_lost[person_id] = max(lost_on, last_lost.get(person_id, lost_on))
    warnings: list[Message] = []
    for mandate in rows:
        name = str(mandate.person)
        if maximum is not None and mandate.consecutive_term > maximum:
            term = term_limit_warning(
                body=body.kind, consecutive_term=mandate.consecutive_term, name=name
            )
            warnings += [term] if term is not None else []
        if mandate.seat.role != Seat.Role.SECONDED_OFFICER and not mandate.holds_regional:  # type: ignore[attr-defined]
            lost_on = last_lost.get(mandate.person_id)
            warnings.append(
                lost_mandate_warning(name=name, lost_on=lost_on, today=on)
                if lost_on is not None
                else no_political_mandate_warning(name=name)
            )
    warnings = list(dict.fromkeys(warnings))
    if limit is None:
        return warnings, len(warnings)
    # An aggregate filtered by an empty condition would empty the others: no term count where
    # the body has no term limit.
    counted = {"people": Count("person_id", distinct=True, filter=unheld)}
    if maximum is not None:
        counted["terms"] = Count(
            Concat("person_id", Value(":"), "consecutive_term", output_field=CharField()),
            distinct=True,
            filter=over_limit,
        )
    counts = flagged.aggregate(**counted)
    return warnings[:limit], sum(counts.values())


def _balance(running: QuerySet[Mandate]) -> tuple[tuple[Share, ...], tuple[Share, ...]]:
    """The holders by country and by gender, each person once, counted by the database."""
    country = Coalesce("member__country__name_en", "seat__country__name_en")
    by_country = {
        (row["label"] or gettext("No member region")): row["people"]
        for row in running.values(label=country)
        .annotate(people=Count("person_id", distinct=True))
        .order_by()
    }
    genders = _gender_labels()
    by_gender: Counter[str] = Counter()
    for row in (
        running.values("person__gender")
        .annotate(people=Count("person_id", distinct=True))
        .order_by()
    ):
        gender = row["person__gender"]
        label = genders.get(gender, gender) if gender else gettext("Not recorded")
        by_gender[label] += row["people"]
    return _counted_shares(by_country), _counted_shares(by_gender)


def _counted_shares(counts: Mapping[str, int]) -> tuple[Share, ...]:
    total = sum(counts.values()) or 1
    return tuple(
        Share(label=label, count=count, percent=round(100 * count / total))
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    )


def _small_body_page(*, body: Body, on: date, limit: int | None) -> BodyPage:
    """A body of a few dozen seats, every holder read once and worked out in Python."""
    mandates = current_mandates_of(body=body, on=on, for_warnings=True)
    held = {m.seat_id for m in mandates}
    seats = body.seats.select_related("country")
    vacancies = tuple(
        sorted(
            (seat for seat in seats if seat.pk not in held),
            key=lambda s: (_ROLE_ORDER.get(s.role, 99), str(s.country or ""), s.portfolio),
        )
    )
    horizon = add_months(on, ENDING_SOON_MONTHS)
    holders = {m.person_id: m for m in mandates}
    genders = _gender_labels()
    warnings = body_warnings(body=body, mandates=mandates, on=on)
    return BodyPage(
        body=body,
        mandates=tuple(mandates[:limit]),
        vacancies=vacancies,
        ending_soon=tuple(
            sorted(
                (m for m in mandates if m.ends_on is not None and m.ends_on <= horizon),
                key=lambda m: (m.ends_on, m.person.last_name),
            )
        ),
        final_terms=frozenset(
            m.pk
            for m in mandates
            if is_final_term(body=body.kind, consecutive_term=m.consecutive_term)
        ),
        by_country=_shares([_country_of(m) for m in holders.values()]),
        by_gender=_shares([_gender_of(m.person, genders) for m in holders.values()]),
        warnings=warnings[:limit],
        on=on,
        observers=frozenset(
            m.pk for m in mandates if getattr(m, "member_category", None) == MemberCategory.OBSERVER
        ),
        mandate_count=len(mandates),
        warning_count=len(warnings),
    )


def body_page(*, body: Body, on: date, limit: int | None = None) -> BodyPage:
    """A body's current composition, vacancies, terms ending soon, balance and warnings.

    ``limit`` keeps the first rows of the composition and of the warnings (the General
    Assembly has a thousand delegates at five times AER's size): the database orders, cuts
    and counts them, and the balance covers every holder. Constant queries at any size.
    """
    if body.kind in _COMPOSITION_RULED:
        return _small_body_page(body=body, on=on, limit=limit)
    running = Mandate.objects.filter(current_mandates_q(on), seat__body=body)
    shown = _page_order(running.select_related("person", "member", "seat__country"))
    mandates = list(shown if limit is None else shown[:limit])
    # The observers among the rows shown, in one query for those rows: a subquery in the
    # ordered query would be worked out for every delegate before the first 50 are cut.
    observer_members = observer_member_ids(
        on=on, member_ids={m.member_id for m in mandates if m.member_id is not None}
    )
    mandate_count = len(mandates) if limit is None else running.count()
    held = running.filter(seat=OuterRef("pk"))
    vacancies = tuple(
        sorted(
            body.seats.select_related("country").exclude(Exists(held)),
            key=lambda s: (_ROLE_ORDER.get(s.role, 99), str(s.country or ""), s.portfolio),
        )
    )
    horizon = add_months(on, ENDING_SOON_MONTHS)
    held_warnings, held_count = _held_warnings(body=body, running=running, on=on, limit=limit)
    warnings = tuple(held_warnings)
    by_country, by_gender = _balance(running)
    return BodyPage(
        body=body,
        mandates=tuple(mandates),
        vacancies=vacancies,
        ending_soon=tuple(
            running.filter(ends_on__isnull=False, ends_on__lte=horizon)
            .select_related("person", "seat")
            .order_by("ends_on", "person__last_name", "pk")
        ),
        final_terms=frozenset(
            m.pk
            for m in mandates
            if is_final_term(body=body.kind, consecutive_term=m.consecutive_term)
        ),
        by_country=by_country,
        by_gender=by_gender,
        warnings=warnings if limit is None else warnings[:limit],
        on=on,
        observers=frozenset(m.pk for m in mandates if m.member_id in observer_members),
        mandate_count=mandate_count,
        warning_count=held_count,
    )


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
