"""Writes to bodies, seats and mandates."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
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
    try:
        body.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(f"{field}: {messages[0]}", field=field) from error
    body.save()
    return body


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
    mandate = Mandate(
        person=person,
        seat=seat,
        member=member if member is not None else person.member,
        starts_on=starts_on,
        ends_on=ends_on,
        consecutive_term=consecutive_term,
    )
    try:
        mandate.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(f"{field}: {messages[0]}", field=field) from error
    mandate.save()
    return mandate
