"""The Executive Board's online vote on a membership application.

Issue 18: the Board decides at a meeting "or by an online vote like working-group proposals
(art. 14 majority)". The secretariat opens the vote; each Board member votes for, against or
abstains, once, and may change the vote until it closes (as in the online review of a
working-group proposal, working_groups.services.review). The vote closes when the secretariat
closes it, or by itself when the last Board member votes and the count is decided. The count
goes through ``rules.votes.decide_vote`` (Procedures art. 14: more for than against,
abstentions not counted; a tie waits for the President's casting vote, or the record that the
President declined and the application is refused). The decision, dated the day the vote
closed, then goes through the same service as a meeting's decision
(fees.services.applications.application_decision_record).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from aer_portal.ballots import ballot_record
from aer_portal.errors import DomainError
from aer_portal.messages import render_with_article
from aer_portal.rules.votes import VoteCountError, VoteLimit, decide_vote
from fees.selectors.applications import ballot_counts, board_size
from fees.services.applications import ApplicationDecision, application_decision_record
from governance.models import ApplicationBallot, ApplicationOnlineVote
from governance.selectors.roles import portal_roles
from members.access import may_vote_on_applications, require, require_secretariat
from members.models import MembershipApplication, User
from members.services.applications import application_mark_on_agenda

Status = MembershipApplication.Status


def _day(day: date | None) -> str:
    return date_format(day) if day is not None else ""


def online_vote_label() -> str:
    """What the application's record says the Board decided at."""
    return gettext("Online vote of the Executive Board")


@transaction.atomic
def application_vote_open(
    *, application: MembershipApplication, actor: User, today: date
) -> ApplicationOnlineVote:
    """The secretariat opens the Board's online vote; opened twice (a double click), it is
    opened once."""
    require_secretariat(actor, message=gettext("Only the secretariat opens an online vote."))
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    existing = ApplicationOnlineVote.objects.filter(application=locked).first()
    if existing is not None:
        if existing.is_open:
            return existing
        raise DomainError(
            gettext("The online vote on this application closed on %(day)s.")
            % {"day": _day(existing.closed_on)},
            field="status",
        )
    if not locked.is_open:
        raise DomainError(
            gettext("This application was decided on %(day)s; it cannot change any more.")
            % {"day": _day(locked.decided_on)},
            field="status",
        )
    if locked.status == Status.INFORMATION_REQUESTED:
        raise DomainError(
            gettext(
                "The applicant has not yet sent the information asked for; open the vote once "
                "the application is complete."
            ),
            field="status",
        )
    vote = ApplicationOnlineVote.objects.create(
        application=locked, opened_on=today, opened_by=actor
    )
    application_mark_on_agenda(application=locked, meeting_label=online_vote_label(), actor=actor)
    return vote


def _changed_elsewhere(current: str) -> DomainError:
    if current:
        message = gettext(
            "Your vote: your vote was recorded meanwhile in another window or tab: %(vote)s. "
            "That vote stands; reload the page if you want to change it."
        ) % {"vote": ApplicationBallot.Choice(current).label}
    else:
        message = gettext(
            "Your vote: your vote was withdrawn meanwhile in another window or tab; reload the "
            "page."
        )
    return DomainError(message, field="choice")


@transaction.atomic
def application_vote_cast(
    *,
    application: MembershipApplication,
    actor: User,
    choice: str,
    now: datetime,
    seen_choice: str | None = None,
) -> ApplicationBallot:
    """A Board member votes for, against or abstains, or changes the vote, while the online
    vote is open; one vote each (the constraint). ``seen_choice`` is the vote the page showed
    ("" for none): a second tab never makes a second vote nor silently overwrites the first;
    the same choice again is the same vote (aer_portal.ballots).

    When every Board member has voted and the count is decided, the vote closes and the
    decision is recorded (:func:`application_vote_close`'s count).
    """
    today = timezone.localdate(now)
    require(
        may_vote_on_applications(portal_roles(user=actor, on=today)),
        gettext("Your vote: only members of the Executive Board vote on applications."),
        field="choice",
    )
    person_id = actor.person_id
    assert person_id is not None  # a Board seat is a person's
    vote = (
        ApplicationOnlineVote.objects.select_for_update()
        .filter(application_id=application.pk)
        .first()
    )
    if vote is None:
        raise DomainError(
            gettext("Your vote: the secretariat has not opened an online vote on it."),
            field="choice",
        )
    if not vote.is_open:
        raise DomainError(
            gettext("Your vote: the online vote closed on %(day)s; your vote was not recorded.")
            % {"day": _day(vote.closed_on)},
            field="choice",
        )
    if choice not in ApplicationBallot.Choice.values:
        raise DomainError(gettext("Your vote: choose for, against or abstain."), field="choice")
    ballot, inserted = ballot_record(
        stored=lambda: ApplicationBallot.objects.filter(
            online_vote=vote, voter_id=person_id
        ).first(),
        new=lambda: ApplicationBallot(
            online_vote=vote, voter_id=person_id, choice=choice, cast_at=now, changed_at=now
        ),
        choice=choice,
        now=now,
        seen_choice=seen_choice,
        changed_elsewhere=_changed_elsewhere,
    )
    if not inserted:
        return ballot
    _close_when_all_voted(vote, today=today)
    return ballot


def _close_when_all_voted(vote: ApplicationOnlineVote, *, today: date) -> None:
    """Closes the vote when the last Board member has voted and the count is decided. The
    decision is recorded in the name of the secretariat member who opened the vote: what
    approval does (the member's record, its contacts, the invoice) is the secretariat's work,
    which a Board member's account may not do."""
    actor = vote.opened_by
    if actor is None:
        return
    size = board_size(on=today)
    if not size or vote.ballots.count() < size:
        return
    counts = ballot_counts(vote)
    if counts[ApplicationBallot.Choice.FOR] == counts[ApplicationBallot.Choice.AGAINST]:
        return  # a tie waits for the President's casting vote, which the secretariat records
    try:
        with transaction.atomic():
            _close(vote, actor=actor, today=today, casting_vote="", reason="")
    except DomainError:
        # The rules refuse the decision the vote gave (say art. 2.2): the vote stays open and
        # the secretariat, closing it, reads why.
        return


@transaction.atomic
def application_vote_close(
    *,
    application: MembershipApplication,
    actor: User,
    today: date,
    casting_vote: str = "",
    reason: str = "",
) -> ApplicationDecision:
    """The secretariat closes the online vote: the count decides (Procedures art. 14), the
    decision is dated today and recorded as a meeting's would be. On a tie the President's
    casting vote ("for", "against") or "declined" is required. Closed twice, closed once."""
    require_secretariat(actor, message=gettext("Only the secretariat closes an online vote."))
    vote = (
        ApplicationOnlineVote.objects.select_for_update()
        .select_related("application")
        .filter(application_id=application.pk)
        .first()
    )
    if vote is None:
        raise DomainError(
            gettext("The secretariat has not opened an online vote on this application."),
            field="status",
        )
    if not vote.is_open:
        return ApplicationDecision(vote.application)
    return _close(vote, actor=actor, today=today, casting_vote=casting_vote, reason=reason)


def _close(
    vote: ApplicationOnlineVote, *, actor: User, today: date, casting_vote: str, reason: str
) -> ApplicationDecision:
    counts = ballot_counts(vote)
    yes = counts[ApplicationBallot.Choice.FOR]
    no = counts[ApplicationBallot.Choice.AGAINST]
    abstain = counts[ApplicationBallot.Choice.ABSTAIN]
    try:
        decision = decide_vote(
            yes=yes,
            no=no,
            abstain=abstain,
            casting_vote=casting_vote or None,
            votes_available=board_size(on=today) or None,
            limit=VoteLimit.BOARD,
        )
    except (VoteCountError, ValueError) as error:
        message = (
            render_with_article(error.message)
            if isinstance(error, VoteCountError)
            else gettext("Casting vote: for, against, or the President declined.")
        )
        raise DomainError(message, field="casting_vote") from error
    if not decision.final:
        raise DomainError(render_with_article(decision.reason), field="casting_vote")
    said = render_with_article(decision.reason)
    result = application_decision_record(
        application=vote.application,
        approve=decision.adopted,
        decided_on=today,
        actor=actor,
        today=today,
        reason=reason.strip()
        or gettext("The Executive Board refused the application in an online vote: %(vote)s")
        % {"vote": said},
        votes_for=yes,
        votes_against=no,
        abstentions=abstain,
        casting_vote=casting_vote,
        online=True,
    )
    vote.closed_on = today
    vote.save(update_fields=["closed_on"])
    return result
