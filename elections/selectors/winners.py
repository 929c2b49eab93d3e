"""Whom an election elected (Procedures art. 15.8) and the Bureau's accepted list (art. 15 B),
with their mandates in words: plain values for the pages and the open data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext

from aer_portal.prepared import prepared_rows
from elections.models import Candidacy, Election, Position, Round
from governance.models import Body, Seat
from members.models import person_name, person_name_columns


@dataclass(frozen=True)
class Winner:
    """Whom a round elected, as the pages and the open data show them: plain values, with the
    mandate recorded when the results were published."""

    candidacy_id: int
    name: str
    member: str
    member_id: int
    #: The mandate in words; empty until the results are published.
    mandate: str


@dataclass(frozen=True)
class ListNominee:
    """An accepted nomination on the Bureau's list (art. 15 B) as the pages and the open data
    show it: plain values, with its Bureau role, country and mandate written once."""

    name: str
    member: str
    member_id: int
    country: str
    role: str
    #: The mandate the ratified list gave, in words; empty until the results are published.
    mandate: str


class MandateWords:
    """Mandates in the reader's language, as ``templates/elections/_mandate.html`` wrote them,
    from their columns: each body's name, seat role and day is translated or formatted once
    per page, where a template per mandate built a seat and a body for each."""

    def __init__(self) -> None:
        self.sentence = gettext(
            "%(body)s: %(seat)s, %(start)s to %(end)s (consecutive term %(term)s)"
        )
        self.roles = {value: str(label) for value, label in Seat.Role.choices}
        self.bodies: dict[str, str] = {}
        self.days: dict[date, str] = {}

    def __call__(
        self, *, body: str, role: str, starts_on: date, ends_on: date | None, term: int
    ) -> str:
        if body not in self.bodies:
            self.bodies[body] = Body(name=body).display_name
        return self.sentence % {
            "body": self.bodies[body],
            "seat": self.roles.get(role, role),
            "start": self._day(starts_on),
            "end": "" if ends_on is None else self._day(ends_on),
            "term": term,
        }

    def _day(self, value: date) -> str:
        if value not in self.days:
            self.days[value] = date_format(value, "DATE_FORMAT")
        return self.days[value]


def _winners_and_nominees(
    election_id: int, won: tuple[int, ...] | None, french: bool, mandates: bool
) -> QuerySet[Candidacy, tuple[Any, ...]]:
    """The columns of :func:`winners_and_nominees`' rows: those ``won`` (the rounds' elected
    candidacies, found by a subquery when not given) and the accepted Bureau nominations."""
    elected: Any = (
        Round.objects.filter(position__election_id=election_id, elected__isnull=False).values(
            "elected_id"
        )
        if won is None
        else won
    )
    return (
        Candidacy.objects.filter(position__election_id=election_id)
        .filter(
            Q(position__kind=Position.Kind.BUREAU, status=Candidacy.Status.ACCEPTED)
            | Q(pk__in=elected)
        )
        .order_by("person__last_name", "person__first_name")
        .values_list(
            "pk",
            "position_id",
            "position__kind",
            *person_name_columns("person"),
            "member_id",
            "member__name",
            "member__country__name_fr" if french else "member__country__name_en",
            "bureau_role",
            *(
                (
                    "mandate_id",
                    "mandate__seat__body__name",
                    "mandate__seat__role",
                    "mandate__starts_on",
                    "mandate__ends_on",
                    "mandate__consecutive_term",
                )
                if mandates
                else ()
            ),
        )
    )


def winners_and_nominees(
    *, election: Election, mandates: bool = True, elected_ids: list[int] | None = None
) -> tuple[dict[int, Winner], dict[int, list[ListNominee]]]:
    """Whom the election's rounds elected, by candidacy, and the accepted nominations on its
    Bureau list, by position and name, each with the mandate recorded unless ``mandates`` is
    false (the desk and the open data, which do not show them) (one query). ``elected_ids``
    are the rounds' elected candidacies when the caller read the rounds already.

    Read as columns: a candidacy, person, member, country, mandate, seat and body per winner
    and nominee made the results, desk and open data grow with them.
    """
    roles = {value: str(label) for value, label in Candidacy.BureauRole.choices}
    french = (get_language() or "en").startswith("fr")  # as Country.name
    words: MandateWords | None = None
    # Whom the rounds elected, when the caller read the rounds already: a list of ids rather
    # than a subquery joining the rounds to their positions.
    won = None if elected_ids is None else tuple(sorted(elected_ids))
    rows = prepared_rows(_winners_and_nominees, election.pk, won, french, mandates)
    winners: dict[int, Winner] = {}
    nominees: dict[int, list[ListNominee]] = {}
    for row in rows:
        pk, position_id, kind, first, last, anonymised_on, label, member_id, member = row[:9]
        country, role = row[9:11]
        mandate = ""
        if mandates and row[11] is not None:
            body, seat_role, starts_on, ends_on, term = row[12:]
            words = words or MandateWords()
            mandate = words(
                body=body, role=seat_role, starts_on=starts_on, ends_on=ends_on, term=term
            )
        name = person_name(first, last, anonymised_on, label)
        if kind == Position.Kind.BUREAU:  # ratified as a list, never in rounds (art. 15 B)
            nominees.setdefault(position_id, []).append(
                ListNominee(
                    name=name,
                    member=member,
                    member_id=member_id,
                    country=country,
                    role=roles.get(role, role),
                    mandate=mandate,
                )
            )
        else:
            winners[pk] = Winner(pk, name, member, member_id, mandate)
    return winners, nominees
