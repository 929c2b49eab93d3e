"""Candidacies and the eligibility of candidates, in a constant number of queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, Q, QuerySet, When
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from aer_portal.prepared import prepared_count, prepared_rows
from aer_portal.rules.bodies import GOVERNING_STRUCTURES
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.candidacies import consecutive_terms_before, nominating_member_reason
from aer_portal.rules.eligibility import Candidate, candidate_ineligibility
from aer_portal.rules.messages import Message
from elections.models import (
    POSITION_BODIES,
    Candidacy,
    Election,
    Position,
    Round,
)
from elections.selectors.people import (
    current_categories,
    people_with_regional_mandate,
    render_reasons,
)
from elections.selectors.rounds import PositionLabels
from governance.models import Mandate
from members.access import PortalRoles, may_run_elections
from members.models import Person, PortalAccess, person_name, person_name_columns
from members.selectors.memberships import suspended_member_ids

# --- Eligibility -----------------------------------------------------------------------

#: The candidacies' own order (Candidacy.Meta.ordering), after a region's own ones.
CANDIDACY_ORDER = ("position__order", "position_id", "person__last_name", "person__first_name")


@dataclass(frozen=True)
class Nominee:
    """Who stands for what, as the eligibility rules need it."""

    person_id: int
    #: The person's name (``str(person)``), which the rules' reasons may quote.
    name: str
    member_id: int
    position_kind: str

    @classmethod
    def of(cls, person: Person, *, member_id: int, position_kind: str) -> Nominee:
        """The nominee of a person read as a model (the services' single candidacies)."""
        return cls(person.pk, str(person), member_id, position_kind)


def _governing_mandates(person_ids: tuple[int, ...]) -> QuerySet[Mandate, tuple[Any, ...]]:
    """The people's mandates in the governing structures, oldest first, as the five columns
    the term-limit rules need (not a mandate, a seat and a body per row)."""
    return (
        Mandate.objects.filter(person_id__in=person_ids, seat__body__kind__in=GOVERNING_STRUCTURES)
        .order_by("starts_on", "pk")
        .values_list("person_id", "seat__body__kind", "starts_on", "ends_on", "consecutive_term")
    )


def eligibility_reasons(
    nominees: list[Nominee], *, election: Election, on: date, submitted_on: date | None = None
) -> list[tuple[Message, ...]]:
    """Why each nominee may not stand, in the order given; empty tuples for those who may.

    Four queries whatever the number: regional mandates (art. 15.2), suspensions (art. 3.5),
    mandates in the governing bodies (term limits, art. 15 A–D; other structures, art. 15 C),
    and the nominating members' categories (only full members nominate).
    """
    if not nominees:
        return []
    person_ids = {nominee.person_id for nominee in nominees}
    with_mandate = people_with_regional_mandate(person_ids=person_ids, on=on)
    suspended = suspended_member_ids(on=on)
    categories = current_categories(member_ids={n.member_id for n in nominees}, on=on)
    # The latest mandate per person and body: its consecutive term and last day.
    latest: dict[tuple[int, str], tuple[int, date | None]] = {}
    sitting: dict[int, set[BodyKind]] = defaultdict(set)
    mandates = prepared_rows(_governing_mandates, tuple(sorted(person_ids)))
    for person_id, kind, starts_on, ends_on, term in mandates:
        latest[(person_id, kind)] = (term, ends_on)
        if starts_on <= on and (ends_on is None or ends_on >= on):
            sitting[person_id].add(BodyKind(kind))
    election_day = election.election_day
    found = []
    for nominee in nominees:
        body_kind = POSITION_BODIES[Position.Kind(nominee.position_kind)]
        last = latest.get((nominee.person_id, body_kind))
        served = consecutive_terms_before(
            body_kind,
            last_term=last[0] if last else None,
            last_ended_on=last[1] if last else None,
            new_term_starts=election_day,
        )
        candidate = Candidate(
            name=nominee.name,
            holds_regional_political_mandate=nominee.person_id in with_mandate,
            region_suspended=nominee.member_id in suspended,
            consecutive_terms_served=served,
            other_bodies=tuple(sorted(sitting[nominee.person_id] - {body_kind})),
            submitted_on=submitted_on,
        )
        reasons = candidate_ineligibility(body_kind, candidate, election_day=election_day)
        nominator = nominating_member_reason(category=categories.get(nominee.member_id))
        found.append(reasons + ((nominator,) if nominator else ()))
    return found


# --- Candidacies -----------------------------------------------------------------------


@dataclass
class CandidacyRow:
    """A candidacy as one person may see it, with what they may do with it.

    Plain values read as columns (issue 16): a candidacy, its position, person, member and
    country as models were a quarter of the list's time.
    """

    pk: int
    member_id: int
    position_id: int
    status: str
    bureau_role: str
    review_reason: str
    #: The nominating member's name and country (in the reader's language).
    member_name: str
    country: str
    reasons: list[str] = field(default_factory=list)
    own: bool = False
    may_review: bool = False
    may_withdraw: bool = False
    may_download: bool = False
    #: The position, status and Bureau role in the reader's language, read once per page:
    #: ``get_FOO_display()`` rebuilds its choices on every row.
    position_label: str = ""
    status_label: str = ""
    bureau_role_label: str = ""
    #: The candidate's name and "submitted <day>", written once for the row's several uses.
    person_name: str = ""
    submitted: str = ""
    #: The review form's legend and the withdraw button, written once per row that has them.
    decision_legend: str = ""
    withdraw_label: str = ""


@dataclass(frozen=True)
class CandidacyPage:
    """The first candidacies a person may see (or all of them) and how many there are."""

    rows: list[CandidacyRow]
    total: int

    @property
    def complete(self) -> bool:
        return len(self.rows) == self.total


def candidacy_rows(*, election: Election, roles: PortalRoles, today: date) -> list[CandidacyRow]:
    """The candidacies a person may see, with eligibility reasons for those they handle.

    Staff and the Election Committee see every candidacy and its reasons; a member's users see
    their own member's candidacies in full and the others' once accepted; everyone else sees the
    accepted ones. A constant number of queries (seven at most), whatever the number of rows.
    """
    return candidacy_page(election=election, roles=roles, today=today).rows


#: The columns of a candidacy the list reads, in this order (see :func:`candidacy_page`).
_ROW_COLUMNS = (
    "pk",
    "member_id",
    "position_id",
    "status",
    "bureau_role",
    "review_reason",
    "submitted_on",
    "position__kind",
    "position__by_election",
    "person_id",
    *person_name_columns("person"),
    "member__name",
)


def _candidacies(election_id: int, own: tuple[int, ...] | None) -> QuerySet[Candidacy]:
    """An election's candidacies in their order (every one), or, for the users of the members
    ``own``, their members' candidacies first and then the others' accepted ones."""
    candidacies = Candidacy.objects.filter(election_id=election_id)
    if own is None:
        return candidacies
    # A region's own candidacies come first, so its first page always shows them (with
    # their eligibility), however many accepted candidacies of others there are.
    return (
        candidacies.filter(Q(status=Candidacy.Status.ACCEPTED) | Q(member_id__in=own))
        .alias(others=Case(When(member_id__in=own, then=0), default=1))
        .order_by("others", *CANDIDACY_ORDER)
    )


def _candidacy_columns(
    election_id: int, own: tuple[int, ...] | None, country: str, limit: int | None
) -> QuerySet[Candidacy, tuple[Any, ...]]:
    rows = _candidacies(election_id, own).values_list(*_ROW_COLUMNS, country)
    return rows if limit is None else rows[:limit]


def candidacy_page(
    *,
    election: Election,
    roles: PortalRoles,
    today: date,
    limit: int | None = None,
) -> CandidacyPage:
    """:func:`candidacy_rows`, the first ``limit`` of them only when ``limit`` is given.

    The eligibility of a candidate is worked out for the rows returned, so a first page
    costs the same at three hundred candidacies as at thirty; counting them is one more query.
    The queries are compiled once per election, reader's members and language
    (aer_portal.prepared): building them took longer than the database's answer.
    """
    committee = may_run_elections(roles)
    own_members = {access.member_id for access in roles.accesses}
    officer_of = {a.member_id for a in roles.accesses if a.role == PortalAccess.Role.OFFICER}
    # Staff and the committee see every candidacy; others theirs and the accepted ones.
    own = None if committee else tuple(sorted(own_members))
    total = None if limit is None else prepared_count(_candidacies, election.pk, own)
    french = (get_language() or "en").startswith("fr")  # as Country.name
    country = "member__country__name_fr" if french else "member__country__name_en"
    positions = PositionLabels()
    statuses = {value: str(label) for value, label in Candidacy.Status.choices}
    bureau_roles = {value: str(label) for value, label in Candidacy.BureauRole.choices}
    submitted = gettext("submitted %(day)s")
    days: dict[date, str] = {}  # a few submission days for many candidacies
    rows: list[CandidacyRow] = []
    nominees: list[Nominee] = []
    handled: list[CandidacyRow] = []
    for values in prepared_rows(_candidacy_columns, election.pk, own, country, limit):
        pk, member_id, position_id, status, bureau_role, reason, submitted_on = values[:7]
        kind, by_election, person_id, first, last, anonymised_on, label = values[7:14]
        member_name, country_name = values[14:]
        if submitted_on not in days:
            days[submitted_on] = date_format(submitted_on)
        row = CandidacyRow(
            pk=pk,
            member_id=member_id,
            position_id=position_id,
            status=status,
            bureau_role=bureau_role,
            review_reason=reason,
            member_name=member_name,
            country=country_name,
            own=member_id in own_members,
            position_label=positions.of(kind, by_election=by_election),
            status_label=statuses.get(status, status),
            bureau_role_label=bureau_roles.get(bureau_role, bureau_role),
            person_name=person_name(first, last, anonymised_on, label),
            submitted=submitted % {"day": days[submitted_on]},
        )
        rows.append(row)
        if committee or row.own:
            handled.append(row)
            nominees.append(Nominee(person_id, row.person_name, member_id, kind))
    reasons = eligibility_reasons(nominees, election=election, on=today)
    # The same reasons recur from row to row (the same rule, the same day): each is written
    # in the reader's language once a page.
    rendered: dict[Message, str] = {}
    for row, messages in zip(handled, reasons, strict=True):
        for message in messages:
            if message not in rendered:
                rendered[message] = render_reasons([message])[0]
        row.reasons = [rendered[message] for message in messages]
    started = started_position_ids(election=election)
    decision = gettext("Decision on %(person)s")
    withdraw = gettext("Withdraw %(person)s")
    still_open = today <= election.election_day
    standing = (Candidacy.Status.SUBMITTED, Candidacy.Status.ACCEPTED)  # Candidacy.is_standing
    for row in rows:
        row.may_review = committee and row.status == Candidacy.Status.SUBMITTED
        row.may_withdraw = (
            (row.member_id in officer_of or roles.is_staff)
            and row.status in standing
            and still_open
            and row.position_id not in started
        )
        if row.may_review:
            row.decision_legend = decision % {"person": row.person_name}
        if row.may_withdraw:
            row.withdraw_label = withdraw % {"person": row.person_name}
        row.may_download = (
            committee
            or row.own
            or (row.status == Candidacy.Status.ACCEPTED and election.portfolio_sent_on is not None)
        )
    return CandidacyPage(rows, len(rows) if total is None else total)


def started_position_ids(*, election: Election) -> set[int]:
    """Positions for which voting has begun (one query)."""
    return {position_id for (position_id,) in prepared_rows(_started, election.pk)}


def _started(election_id: int) -> QuerySet[Round, tuple[Any, ...]]:
    return (
        Round.objects.filter(position__election_id=election_id)
        .order_by()
        .values_list("position_id")
    )


def may_download_candidacy_file(*, roles: PortalRoles, candidacy: Candidacy) -> bool:
    """The Election Committee, the nominating member's users, and every member's users and the
    Board once the candidacy is accepted and the portfolio has been sent (no query but the
    candidacy's election)."""
    if may_run_elections(roles) or candidacy.member_id in {a.member_id for a in roles.accesses}:
        return True
    return (
        candidacy.status == Candidacy.Status.ACCEPTED
        and candidacy.election.portfolio_sent_on is not None
        and may_read_portfolio(roles)
    )


def may_read_portfolio(roles: PortalRoles) -> bool:
    """Members' users, the Board and the Election Committee (art. 15.6: "to all members")."""
    return roles.is_member_user or roles.is_board_member or may_run_elections(roles)


def accepted_candidacies(*, election: Election) -> list[Candidacy]:
    """The candidates of the portfolio, by position and name (one query)."""
    return list(
        election.candidacies.filter(status=Candidacy.Status.ACCEPTED).select_related(
            "position", "person", "member__country"
        )
    )
