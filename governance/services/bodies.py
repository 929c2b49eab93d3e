"""Writes to bodies, seats and mandates.

Who may: these are steps of larger writes (the election results, the working-group Chair,
seconded officer and dissolution, the Board's decision on a proposal), and each still asks
``members.access`` whether its actor keeps the records of the body it writes to
(:func:`require_body_records`), so that no caller can lend them a right it forgot to check.
``actor=None`` is the portal itself (the demo data). ``actor`` goes into the audit history.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError, Refused
from aer_portal.history import history_author
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.validation import clean_or_raise, validate_and_save
from governance.models import Body, Mandate, Seat
from governance.selectors.bodies import current_mandates_q
from governance.selectors.roles import office_roles
from members.access import account_roles, may_keep_body_records, require, require_secretariat
from members.models import Member, Person, User


def require_body_records(
    actor: User | None, *, body: Body, today: date | None, field: str | None = None
) -> None:
    """Refuses an actor who does not keep ``body``'s records (``members.access``).

    Staff answer from their account (no query); otherwise one query for the offices or the
    regions, and for a working group one more for its Chair on ``today``.
    """
    if actor is None:
        return
    message = _("Only the secretariat, or those who run this body, may record this.")
    if not (actor.is_authenticated and actor.is_active):
        raise Refused(message, field=field)
    if actor.is_staff:
        return
    if today is None:
        raise TypeError("a person's write to a body's records says what day it is (today)")
    chair_member_id = None
    if body.kind == BodyKind.WORKING_GROUP:
        roles = account_roles(user=actor)
        chair_member_id = (
            Mandate.objects.filter(
                current_mandates_q(today), seat__body_id=body.pk, seat__role=Seat.Role.CHAIR
            )
            .order_by("-starts_on")
            .values_list("member_id", flat=True)
            .first()
        )
    else:
        roles = office_roles(user=actor, on=today)
    require(
        may_keep_body_records(roles, body_kind=body.kind, chair_member_id=chair_member_id),
        message,
        field=field,
    )


@transaction.atomic
def body_create(
    *, kind: BodyKind, name: str, actor: User | None, description: str = "", slug: str = ""
) -> Body:
    """Creates a body (a working group, a task force, a programme committee, …).

    The secretariat's: a working group is created when staff record the Board's decision.
    """
    require_secretariat(actor)
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
    today: date | None = None,
) -> Mandate:
    """Records that a person holds a seat for a term, on behalf of a member.

    ``actor`` must keep the body's records on ``today`` (:func:`require_body_records`).
    """
    require_body_records(actor, body=seat.body, today=today)
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
    *,
    mandate: Mandate,
    last_day: date,
    actor: User | None,
    field: str = "ends_on",
    today: date | None = None,
) -> Mandate:
    """Ends a running mandate on ``last_day`` (a successor's start, a dissolution, an election).

    Refused when the mandate would end on or before its first day; the message names ``field``,
    the caller's input that set the day. ``actor`` must keep the body's records on ``today``.
    """
    require_body_records(actor, body=mandate.seat.body, today=today, field=field)
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
        history_author(mandate, actor)
    try:
        clean_or_raise(mandate)
    except DomainError as error:
        raise DomainError(error.message, field=field) from error  # the caller's input set the day
    mandate.save(update_fields=["ends_on"])
    return mandate
