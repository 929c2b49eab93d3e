"""The checks every write of the working_groups app starts with: who acts, on what, when."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from aer_portal.errors import DomainError, Refused
from aer_portal.messages import render_with_article
from aer_portal.rules.messages import Message
from aer_portal.rules.working_group_review import (
    participation_refusal_reason,
)
from aer_portal.validation import clean_or_raise
from governance.models import Seat
from members.access import account_roles, may_act_as_officer
from members.models import Member, User
from members.selectors.memberships import member_is_suspended
from working_groups.models import (
    POLICY_AREA_SEATS,
    WorkingGroupProposal,
)
from working_groups.selectors.people import current_category

Status = WorkingGroupProposal.Status


def said(message: Message) -> str:
    """A rule's message in the reader's language, with the article it applies."""
    return render_with_article(message)


def full_clean(instance: models.Model) -> None:
    """The model's own checks; the first failure as a DomainError naming its field."""
    clean_or_raise(instance)


def may_take_part(member: Member, *, today: date, field: str) -> None:
    """A member may propose, support and join (AER Working Groups page; Procedures art. 3.5),
    through rules.working_group_review.participation_refusal_reason."""
    reason = participation_refusal_reason(
        category=current_category(member_id=member.pk, on=today),
        suspended=member_is_suspended(member_id=member.pk, on=today),
    )
    if reason is not None:
        raise DomainError(f"{member}: {said(reason)}", field=field)


def require_officer(actor: User, member: Member, *, field: str) -> None:
    """Only an international relations officer acts for a region (PortalAccess role)."""
    if not may_act_as_officer(account_roles(user=actor), member_id=member.pk):
        raise Refused(
            gettext("Only an international relations officer of %(region)s may do this.")
            % {"region": member},
            field=field,
        )


def require_staff(actor: User, *, field: str | None = None) -> None:
    """Only the secretariat records the Board's decisions and a group's Chair."""
    if not actor.is_staff:
        raise Refused(
            gettext("Only the secretariat records this."),
            field=field,
        )


def locked_proposal(proposal_id: int) -> WorkingGroupProposal:
    """The proposal, its row locked until the transaction ends (one write at a time)."""
    try:
        return (
            WorkingGroupProposal.objects.select_for_update(of=("self",))
            .select_related("lead_region", "board_meeting", "policy_area")
            .get(pk=proposal_id)
        )
    except WorkingGroupProposal.DoesNotExist:
        raise DomainError(gettext("There is no such proposal."), field=None) from None


def require_draft(proposal: WorkingGroupProposal, *, field: str | None = None) -> None:
    """Only a draft changes; a submitted proposal is what the Board reviews."""
    if proposal.status != Status.DRAFT:
        raise DomainError(
            gettext(
                "The proposal was submitted to the Executive Board on %(day)s and "
                "can no longer change."
            )
            % {
                "day": date_format(timezone.localdate(proposal.submitted_at)),
            },
            field=field,
        )


def check_policy_area(policy_area: Seat | None) -> None:
    """A policy area is the portfolio of one of the Board's Vice-Presidents."""
    if policy_area is None:
        return
    if (
        not Seat.objects.filter(pk=policy_area.pk, **POLICY_AREA_SEATS)
        .exclude(portfolio="")
        .exists()
    ):
        raise DomainError(
            gettext("The policy area is the portfolio of a Vice-President of the Executive Board."),
            field="policy_area",
        )


def under_review(proposal: WorkingGroupProposal, *, field: str) -> None:
    """Comments, votes and the decision are for a proposal before the Board."""
    if proposal.status == Status.DRAFT:
        raise DomainError(
            gettext("The proposal has not been submitted to the Board yet."),
            field=field,
        )
    if proposal.status != Status.SUBMITTED:
        raise DomainError(
            gettext("The Executive Board has decided on this proposal already."),
            field=field,
        )
