"""The Executive Board's decision on a membership application, and what approval sets going.

Approval creates (or reuses) the member, records its membership from the decision
(fees.services.invoices.member_admission_record, which invoices the first-year fee: the
remaining twelfths, Procedures art. 3.1.1; nothing for observers and founding associates),
invites the contact person to the portal and welcomes them; a refusal e-mails its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError
from aer_portal.messages import render_with_article
from aer_portal.rules.applications import admission_refusal, fee_figures_refusal
from aer_portal.rules.votes import CastingVote, Outcome, VoteCountError, VoteLimit, decide_vote
from fees.models import Invoice
from fees.services.invoices import member_admission_record
from members.models import MembershipApplication, User
from members.selectors.applications import matching_member
from members.services.accounts import account_invite
from members.services.applications import (
    application_approve_record,
    application_member_create,
    application_refuse,
)


@dataclass(frozen=True)
class ApplicationDecision:
    """What recording the Board's decision did."""

    application: MembershipApplication
    invoice: Invoice | None = None
    note: str = ""
    invited: bool = False


def _staff_required(actor: User) -> None:
    if not (actor.is_authenticated and actor.is_staff):
        raise DomainError(_("Only the secretariat records the Executive Board's decisions."))


_CASTING = {
    "for": CastingVote.FOR,
    "against": CastingVote.AGAINST,
    "declined": CastingVote.DECLINED,
}


def _counted_vote(
    *,
    approve: bool,
    votes_for: int | None,
    votes_against: int | None,
    abstentions: int | None,
    casting_vote: str,
) -> str:
    """The Board's vote in words, checked against the decision; "" when it was not counted."""
    if votes_for is None and votes_against is None and not casting_vote:
        return ""
    if casting_vote and casting_vote not in _CASTING:
        raise DomainError(
            _("Casting vote: for, against, or the President declined."), field="casting_vote"
        )
    try:
        decision = decide_vote(
            yes=votes_for or 0,
            no=votes_against or 0,
            abstain=abstentions or 0,
            casting_vote=_CASTING[casting_vote] if casting_vote else None,
            limit=VoteLimit.BOARD,
        )
    except VoteCountError as error:
        field = {
            "yes": "votes_for",
            "no": "votes_against",
            "abstain": "abstentions",
            "total": "votes_for",
        }.get(error.part, "casting_vote")
        raise DomainError(render_with_article(error.message), field=field) from error
    if not decision.final:
        raise DomainError(render_with_article(decision.reason), field="casting_vote")
    if (decision.outcome is Outcome.ADOPTED) != approve:
        raise DomainError(
            _(
                "The Executive Board: the votes counted say otherwise (%(vote)s); record the "
                "decision the vote gave."
            )
            % {"vote": render_with_article(decision.reason)},
            field="approve",
        )
    return render_with_article(decision.reason)


@transaction.atomic
def application_decide(
    *,
    application: MembershipApplication,
    approve: bool,
    decided_on: date,
    actor: User,
    today: date,
    reason: str = "",
    meeting_label: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    casting_vote: str = "",
    online: bool = False,
) -> ApplicationDecision:
    """Records the Executive Board's decision of ``decided_on`` on ``application``.

    The decision date is the one the rules count from: membership and observer status start
    the month following it (arts. 2.1, 3.1.1), the first-year fee is the remaining twelfths of
    its year (art. 3.1.1) and art. 2.2 looks three years back from it. A decision recorded
    twice (a double click) is recorded once.

    When the Board's vote was counted (at the meeting, or online: ``online``), the counts go
    through ``rules.votes.decide_vote`` (Procedures art. 14: more for than against, abstentions
    not counted, a tie decided by the President's casting vote or failing when declined), and
    the decision recorded must be the one the vote gave.
    """
    _staff_required(actor)
    return application_decision_record(
        application=application,
        approve=approve,
        decided_on=decided_on,
        actor=actor,
        today=today,
        reason=reason,
        meeting_label=meeting_label,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        casting_vote=casting_vote,
        online=online,
    )


@transaction.atomic
def application_decision_record(
    *,
    application: MembershipApplication,
    approve: bool,
    decided_on: date,
    actor: User,
    today: date,
    reason: str = "",
    meeting_label: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
    casting_vote: str = "",
    online: bool = False,
) -> ApplicationDecision:
    """:func:`application_decide` once the caller has checked its actor: the secretariat there,
    the online vote's closing (fees.services.application_votes) here, whose last Board member's
    vote may close it. Both go through the same decision: member, membership, invoice,
    invitation and welcome on approval; the reason on refusal."""
    board_vote = _counted_vote(
        approve=approve,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        casting_vote=casting_vote,
    )
    if online:
        meeting_label = gettext("Online vote of the Executive Board")
    locked = MembershipApplication.objects.select_for_update().get(pk=application.pk)
    wanted = (
        MembershipApplication.Status.APPROVED if approve else (MembershipApplication.Status.REFUSED)
    )
    if locked.status == wanted and locked.decided_on == decided_on:
        return ApplicationDecision(locked)
    if decided_on > today:
        raise DomainError(
            _("Executive Board decision: %(day)s is in the future; record a decision taken.")
            % {"day": day(decided_on)},
            field="decided_on",
        )
    if decided_on < locked.submitted_at.date():
        raise DomainError(
            _("Executive Board decision: %(day)s is before the application was submitted.")
            % {"day": day(decided_on)},
            field="decided_on",
        )
    if not approve:
        refused = application_refuse(
            application=locked,
            decided_on=decided_on,
            reason=reason,
            meeting_label=meeting_label,
            actor=actor,
            board_vote=board_vote,
        )
        return ApplicationDecision(refused)
    figures = fee_figures_refusal(
        category=locked.category, population=locked.population, relative_gdp=locked.relative_gdp
    )
    member = matching_member(locked)
    history = [] if member is None else [(m.category, m.ended_on) for m in member.memberships.all()]
    refusal = figures or admission_refusal(
        category=locked.category, decision=decided_on, history=history
    )
    if refusal is not None:
        raise DomainError(render_with_article(refusal), field="approve")
    member = application_member_create(application=locked, actor=actor, decided_on=decided_on)
    admission = member_admission_record(
        member=member,
        category=locked.category,
        board_decision=decided_on,
        actor=actor,
        today=today,
    )
    invited = not User.objects.filter(email__iexact=locked.contact_email).exists()
    if invited:
        person = member.people.filter(email__iexact=locked.contact_email).first()
        user = account_invite(
            email=locked.contact_email,
            full_name=locked.contact_name,
            invited_by=actor,
            member=member,
            person=person,
            base_url=settings.PORTAL_BASE_URL,
        )
        # The invitation goes after commit, in the language the applicant wrote in.
        user.preferred_language = locked.language
        user.save(update_fields=["preferred_language"])
    approved = application_approve_record(
        application=locked,
        membership=admission.membership,
        decided_on=decided_on,
        meeting_label=meeting_label,
        actor=actor,
        invited=invited,
        board_vote=board_vote,
    )
    return ApplicationDecision(approved, admission.invoice, admission.note, invited)
