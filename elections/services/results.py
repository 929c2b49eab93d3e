"""Publishing results: the Bureau's list ratified and the winners' mandates created.

Procedures art. 15 A–D (bodies, mandate lengths, re-elections), art. 15 B (the Bureau is
ratified), art. 15.3 (by-elections end with the current term) and art. 15.10 (mandates run
until the next elections).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError, Refused
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.candidacies import consecutive_terms_before, elected_mandate_end
from aer_portal.rules.elections import Unfilled, unfilled_seat_options
from aer_portal.validation import validate_and_save
from elections.models import Candidacy, Election, Position, Round
from elections.selectors.results import PositionResult, election_results
from governance.models import Body, Mandate, Seat
from governance.selectors.roles import office_roles
from governance.services.bodies import mandate_end, mandate_record, seat_for
from members.access import may_run_elections
from members.models import User

SEAT_ROLES: dict[str, str] = {
    Position.Kind.PRESIDENT: Seat.Role.PRESIDENT,
    Position.Kind.TREASURER: Seat.Role.TREASURER,
    Position.Kind.VICE_PRESIDENT: Seat.Role.VICE_PRESIDENT,
    Position.Kind.MONITORING_GROUP: Seat.Role.MEMBER,
    Position.Kind.ELECTION_COMMITTEE: Seat.Role.MEMBER,
}
BUREAU_SEAT_ROLES: dict[str, str] = {
    Candidacy.BureauRole.REPRESENTATIVE: Seat.Role.COUNTRY_REPRESENTATIVE,
    Candidacy.BureauRole.SUBSTITUTE: Seat.Role.SUBSTITUTE,
}


@transaction.atomic
def bureau_ratify(
    *, position: Position, ratified: bool, note: str, actor: User, today: date
) -> Position:
    """Records the General Assembly's decision on the Bureau's list (Procedures art. 15 B).

    The accepted nominations are ratified together, as a list; their mandates are created when
    the results are published.
    """
    if not may_run_elections(office_roles(user=actor, on=today)):
        raise Refused(_("Only the Election Committee or the secretariat records it."))
    position = (
        Position.objects.select_for_update(of=("self",))
        .select_related("election__meeting")
        .get(pk=position.pk)
    )
    if not position.is_ratification:
        raise DomainError(_("Only the Bureau's list is ratified."))
    if today < position.election.election_day:
        raise DomainError(
            _("The General Assembly ratifies on %(day)s.")
            % {"day": day(position.election.election_day)}
        )
    if position.election.results_published_on is not None:
        raise DomainError(_("The results of this election are published."))
    if not position.candidacies.filter(status=Candidacy.Status.ACCEPTED).exists():
        raise DomainError(_("The list holds no accepted nomination."))
    if not note.strip():
        raise DomainError(
            _("Record the General Assembly's decision, e.g. the votes."), field="note"
        )
    position.ratified_on = today if ratified else None
    position.ratification_note = note.strip()
    validate_and_save(position, actor=actor)
    return position


def _body(kind: BodyKind) -> Body:
    body = Body.objects.filter(kind=kind).order_by("pk").first()
    if body is None:
        raise DomainError(
            _("There is no %(body)s in the records; create it before publishing.")
            % {"body": _(kind.label)}
        )
    return body


def _end_outgoing(*, body: Body, role: str, election_day: date, actor: User, today: date) -> None:
    """Art. 15.10: the outgoing holders' mandates run until the next elections, which are now."""
    last_day = election_day - timedelta(days=1)
    outgoing = Mandate.objects.filter(
        seat__body=body, seat__role=role, starts_on__lt=last_day
    ).exclude(ends_on__lt=election_day)
    for mandate in outgoing:
        mandate_end(
            mandate=mandate, last_day=last_day, actor=actor, field="election_day", today=today
        )


def _consecutive_term(*, candidacy: Candidacy, body: Body, starts_on: date) -> int:
    last = (
        Mandate.objects.filter(person=candidacy.person, seat__body__kind=body.kind)
        .exclude(starts_on__gte=starts_on)
        .order_by("-starts_on", "-pk")
        .first()
    )
    served = consecutive_terms_before(
        body.kind,
        last_term=last.consecutive_term if last else None,
        last_ended_on=last.ends_on if last else None,
        new_term_starts=starts_on,
    )
    return served + 1


def _unfilled_choices(
    results: list[PositionResult], unfilled: Mapping[int, str]
) -> list[tuple[Position, Unfilled, str]]:
    """What is recorded for each position with seats nobody won; refuses a gap or a choice
    the Procedures do not allow (``rules.elections.unfilled_seat_options``)."""
    missing: list[str] = []
    choices: list[tuple[Position, Unfilled, str]] = []
    for result in results:
        position = result.position
        if position.is_ratification or not result.vacant_seats:
            continue
        options = unfilled_seat_options(
            position.body_kind, enough_candidates=result.accepted_count >= position.seats
        )
        value = unfilled.get(position.pk, "")
        if not value:
            missing.append(
                _("%(position)s (%(seats)d seat(s) not filled)")
                % {"position": position, "seats": result.vacant_seats}
            )
            continue
        choice = Unfilled(value) if value in {u.value for u in Unfilled} else None
        if choice is None or choice not in options:
            raise DomainError(
                _("For %(position)s the Procedures allow: %(allowed)s.")
                % {
                    "position": position,
                    "allowed": ", ".join(
                        f"{_(option.label)} ({article})" for option, article in options.items()
                    ),
                },
                field="unfilled",
            )
        choices.append((position, choice, options[choice]))
    if missing:
        raise DomainError(
            _(
                "These positions are undecided: %(positions)s. Open their rounds, or "
                "record for each what happens: delegated to the Executive Board (Procedures arts. "
                "15 C, 15 D, when there were not enough candidates) or a by-election (art. 15.3)."
            )
            % {"positions": "; ".join(missing)},
            field="unfilled",
        )
    return choices


@transaction.atomic
def results_publish(
    *,
    election: Election,
    actor: User,
    today: date,
    unfilled: Mapping[int, str] | None = None,
    confirmed: bool = False,
) -> list[Mandate]:
    """Publishes the results and creates the winners' mandates in their bodies.

    Publishing ends the election, so nothing is left undecided by it: every position with
    seats nobody won is listed and publishing is refused until ``unfilled`` (position id →
    :class:`rules.elections.Unfilled`) records what happens to it — delegated to the Executive
    Board (arts. 15 C, 15 D, when there were not enough candidates) or postponed to a
    by-election (art. 15.3), as ``rules.elections.unfilled_seat_options`` allows — and the
    person confirms (``confirmed``) the summary of what will be recorded.

    Each mandate starts on the election day and lasts the body's mandate length (art. 15 A–D),
    or ends with the current term for a by-election (art. 15.3); its consecutive-term number
    follows the person's previous mandates in that body. In a regular election the outgoing
    holders' mandates of the same seats end the day before (art. 15.10). Seats nobody won stay
    vacant and are shown as such. Refused while a round is open or a tie is undecided.
    """
    if not may_run_elections(office_roles(user=actor, on=today)):
        raise Refused(_("Only the Election Committee or the secretariat publishes them."))
    election = (
        Election.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=election.pk)
    )
    if election.results_published_on is not None:
        raise DomainError(
            _("They were published on %(day)s.") % {"day": day(election.results_published_on)}
        )
    if today < election.election_day:
        raise DomainError(
            _("The election takes place on %(day)s.") % {"day": day(election.election_day)}
        )
    if Round.objects.filter(position__election=election, status=Round.Status.OPEN).exists():
        raise DomainError(_("A round is still open."))
    results = election_results(election=election)
    choices = _unfilled_choices(results, unfilled or {})
    if not any(result.elected for result in results) and not choices:
        raise DomainError(_("Nobody has been elected or ratified yet."))
    if not confirmed:
        summary = "; ".join(
            _("%(position)s: %(what)s (%(article)s)")
            % {"position": position, "what": _(choice.label), "article": article}
            for position, choice, article in choices
        )
        raise DomainError(
            _(
                "Publishing ends the election and records the mandates of those "
                "elected. %(unfilled)s Confirm to publish."
            )
            % {
                "unfilled": _("Seats left unfilled: %(summary)s.") % {"summary": summary}
                if summary
                else _("Every seat is filled.")
            },
            field="confirm",
        )
    for position, choice, _article in choices:
        position.unfilled = choice
        validate_and_save(position, actor=actor)
    starts_on = election.election_day
    mandates: list[Mandate] = []
    for result in results:
        position = result.position
        if not result.elected:
            continue
        body = _body(position.body_kind)
        ends_on = elected_mandate_end(
            position.body_kind,
            starts_on=starts_on,
            by_election_term_ends=position.term_ends_on if position.by_election else None,
        )
        if position.is_ratification:
            roles = set(BUREAU_SEAT_ROLES.values())
        else:
            roles = {SEAT_ROLES[position.kind]}
        if not position.by_election:
            for role in sorted(roles):
                _end_outgoing(
                    body=body, role=role, election_day=starts_on, actor=actor, today=today
                )
        for candidacy in result.elected:
            if position.is_ratification:
                seat = seat_for(
                    body=body,
                    role=BUREAU_SEAT_ROLES[candidacy.bureau_role],
                    country_id=candidacy.member.country_id,
                )
            else:
                seat = seat_for(body=body, role=SEAT_ROLES[position.kind])
            mandate = mandate_record(
                person=candidacy.person,
                seat=seat,
                starts_on=starts_on,
                ends_on=ends_on,
                actor=actor,
                today=today,
                member=candidacy.member,
                consecutive_term=_consecutive_term(
                    candidacy=candidacy, body=body, starts_on=starts_on
                ),
            )
            candidacy.mandate = mandate
            validate_and_save(candidacy, actor=actor, exclude=("letter", "cv"))
            mandates.append(mandate)
    election.results_published_on = today
    validate_and_save(election, actor=actor, exclude=("portfolio",))
    return mandates
