"""Writes to bodies, seats and mandates.

Who may: these are steps of larger writes, not actions of their own. Their only callers are
services that have already asked ``members.access`` (the election results, the working-group
Chair, seconded officer and dissolution, the Board's decision on a proposal) and the demo data
(``actor=None``); none is reachable from a page. ``actor`` goes into the audit history.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.validation import clean_or_raise, validate_and_save
from governance.models import Body, Mandate, Seat
from members.models import Member, Person, User


@transaction.atomic
def body_create(
    *, kind: BodyKind, name: str, actor: User | None, description: str = "", slug: str = ""
) -> Body:
    """Creates a body (a working group, a task force, a programme committee, …)."""
    body = Body(
        kind=kind, name=name.strip(), slug=slug or slugify(name)[:80], description=description
    )
    return validate_and_save(body, actor=actor)


def seat_for(*, body: Body, role: str, portfolio: str = "", country_id: int | None = None) -> Seat:
    """The seat of a role in a body, created the first time it is needed."""
    seat, _created = Seat.objects.get_or_create(
        body=body, role=role, portfolio=portfolio, country_id=country_id
    )
    return seat


@transaction.atomic
def mandate_record(
    *,
    person: Person,
    seat: Seat,
    starts_on: date,
    ends_on: date | None,
    actor: User | None,
    member: Member | None = None,
    consecutive_term: int = 1,
) -> Mandate:
    """Records that a person holds a seat for a term, on behalf of a member."""
    if ends_on is not None and ends_on <= starts_on:
        # The table's check constraint says the same, but by its name only.
        raise DomainError(
            _("A term ends after the day it starts (%(day)s).") % {"day": date_format(starts_on)},
            field="ends_on",
        )
    mandate = Mandate(
        person=person,
        seat=seat,
        member=member if member is not None else person.member,
        starts_on=starts_on,
        ends_on=ends_on,
        consecutive_term=consecutive_term,
    )
    return validate_and_save(mandate, actor=actor)


@transaction.atomic
def mandate_end(
    *, mandate: Mandate, last_day: date, actor: User | None, field: str = "ends_on"
) -> Mandate:
    """Ends a running mandate on ``last_day`` (a successor's start, a dissolution, an election).

    Refused when the mandate would end on or before its first day; the message names ``field``,
    the caller's input that set the day.
    """
    if last_day <= mandate.starts_on:
        raise DomainError(
            _("%(person)s holds this office since %(day)s; it can end from %(earliest)s.")
            % {
                "person": mandate.person,
                "day": date_format(mandate.starts_on),
                "earliest": date_format(mandate.starts_on + timedelta(days=1)),
            },
            field=field,
        )
    mandate.ends_on = last_day
    if actor is not None:
        mandate._history_user = actor  # type: ignore[attr-defined]
    try:
        clean_or_raise(mandate)
    except DomainError as error:
        raise DomainError(error.message, field=field) from error  # the caller's input set the day
    mandate.save(update_fields=["ends_on"])
    return mandate
