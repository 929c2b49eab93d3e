"""Drafting a working-group proposal, gathering its support and submitting it to the Board.

AER Working Groups page ("Process to set up a working group"), steps 1–2.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.working_group_review import (
    earliest_review_meeting_day,
)
from aer_portal.rules.working_groups import supporters_still_needed
from governance.models import Seat
from governance.selectors.meetings import next_meeting_of
from members.models import Member, User
from working_groups.models import (
    ProposalSupport,
    WorkingGroupProposal,
)
from working_groups.notifications import notify
from working_groups.selectors.proposals import ANSWERABLE, proposal_problems
from working_groups.services.checks import (
    Status,
    check_policy_area,
    full_clean,
    locked_proposal,
    may_take_part,
    require_draft,
    require_officer,
    require_staff,
    said,
)

# --- Drafting ----------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    lead_region: Member,
    now: datetime,
    topic: str = "",
    focus: str = "",
    objective: str = "",
    activities: str = "",
    policy_area: Seat | None = None,
) -> WorkingGroupProposal:
    """A member region's officer starts a draft proposal; it may be saved incomplete.

    AER Working Groups page, step 1: "Any AER member can submit a proposal".
    """
    require_officer(actor, lead_region, field="lead_region")
    may_take_part(lead_region, today=timezone.localdate(now), field="lead_region")
    check_policy_area(policy_area)
    proposal = WorkingGroupProposal(
        lead_region=lead_region,
        topic=topic.strip(),
        focus=focus.strip(),
        objective=objective.strip(),
        activities=activities.strip(),
        policy_area=policy_area,
        created_by=actor,
        created_at=now,
        updated_at=now,
    )
    full_clean(proposal)
    proposal.save()
    return proposal


@transaction.atomic
def proposal_update(
    *,
    proposal_id: int,
    actor: User,
    now: datetime,
    topic: str,
    focus: str,
    objective: str,
    activities: str,
    policy_area: Seat | None,
) -> WorkingGroupProposal:
    """The lead region's officer changes the draft; only drafts change."""
    proposal = locked_proposal(proposal_id)
    require_officer(actor, proposal.lead_region, field="proposal")
    require_draft(proposal)
    check_policy_area(policy_area)
    proposal.topic = topic.strip()
    proposal.focus = focus.strip()
    proposal.objective = objective.strip()
    proposal.activities = activities.strip()
    proposal.policy_area = policy_area
    proposal.updated_at = now
    full_clean(proposal)
    proposal.save()
    return proposal


# --- Support -----------------------------------------------------------------------------


@transaction.atomic
def proposal_support_invite(
    *, proposal_id: int, region: Member, actor: User, now: datetime
) -> ProposalSupport:
    """The lead region invites a region to support its proposal; the region's officers are told.

    AER Working Groups page, step 1: the proposing member "should find at least three
    supporting regions". A region that declined may be invited again.
    """
    proposal = locked_proposal(proposal_id)
    require_officer(actor, proposal.lead_region, field="region")
    require_draft(proposal, field="region")
    if region.pk == proposal.lead_region_id:
        raise DomainError(
            gettext("The lead region supports its own proposal; invite other regions."),
            field="region",
        )
    may_take_part(region, today=timezone.localdate(now), field="region")
    support = ProposalSupport.objects.filter(proposal=proposal, region=region).first()
    if support is not None and support.status in (
        ProposalSupport.Status.INVITED,
        ProposalSupport.Status.CONFIRMED,
    ):
        raise DomainError(
            gettext("%(region)s is invited already (%(status)s).")
            % {"region": region, "status": support.get_status_display()},
            field="region",
        )
    if support is None:
        support = ProposalSupport(proposal=proposal, region=region)
    support.status = ProposalSupport.Status.INVITED
    support.invited_by = actor
    support.invited_at = now
    support.answered_by = None
    support.answered_at = None
    full_clean(support)
    support.save()
    proposal.updated_at = now
    proposal.save(update_fields=["updated_at"])
    support_id = support.pk
    notify(
        task="notify_support_invited", args=[support_id], label=f"support invitation {support_id}"
    )
    return support


@transaction.atomic
def proposal_support_suggest(
    *, proposal_id: int, region: Member, actor: User, now: datetime, note: str = ""
) -> ProposalSupport:
    """The secretariat suggests a region that may be interested; the lead region decides.

    AER Working Groups page, step 1: "the AER Secretariat can help to contact regions that may
    be interested". The suggested region is told nothing until the lead region invites it.
    """
    require_staff(actor, field="region")
    proposal = locked_proposal(proposal_id)
    require_draft(proposal, field="region")
    if region.pk == proposal.lead_region_id:
        raise DomainError(
            gettext("%(region)s is the lead region of this proposal.") % {"region": region},
            field="region",
        )
    existing = ProposalSupport.objects.filter(proposal=proposal, region=region).first()
    if existing is not None:
        raise DomainError(
            gettext("%(region)s is already on the proposal (%(status)s).")
            % {"region": region, "status": existing.get_status_display()},
            field="region",
        )
    support = ProposalSupport(
        proposal=proposal,
        region=region,
        status=ProposalSupport.Status.SUGGESTED,
        suggested_by=actor,
        suggestion_note=note.strip(),
    )
    full_clean(support)
    support.save()
    return support


@transaction.atomic
def proposal_support_answer(
    *, proposal_id: int, region: Member, confirm: bool, actor: User, now: datetime
) -> ProposalSupport:
    """An invited region's officer confirms or declines support; they may change their mind
    until the proposal is submitted."""
    proposal = locked_proposal(proposal_id)
    require_officer(actor, region, field="answer")
    support = (
        ProposalSupport.objects.select_for_update()
        .filter(proposal=proposal, region=region, status__in=ANSWERABLE)
        .first()
    )
    if support is None:
        raise DomainError(
            gettext("%(region)s is not invited to support this proposal.") % {"region": region},
            field="answer",
        )
    require_draft(proposal, field="answer")
    if confirm:
        may_take_part(region, today=timezone.localdate(now), field="answer")
    support.status = (
        ProposalSupport.Status.CONFIRMED if confirm else ProposalSupport.Status.DECLINED
    )
    support.answered_by = actor
    support.answered_at = now
    support.save(update_fields=["status", "answered_by", "answered_at"])
    proposal.updated_at = now
    proposal.save(update_fields=["updated_at"])
    return support


# --- Submission and the Board's review ---------------------------------------------------


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min)) - timedelta(microseconds=1)


@transaction.atomic
def proposal_submit(*, proposal_id: int, actor: User, now: datetime) -> WorkingGroupProposal:
    """The lead region submits a complete proposal with three confirmed supporters to the Board.

    AER Working Groups page, steps 1–3. It goes to the first Board meeting at least a week
    away (aer_portal.rules.working_group_review.earliest_review_meeting_day), and every Board
    member is told by e-mail.
    """
    proposal = locked_proposal(proposal_id)
    require_officer(actor, proposal.lead_region, field="proposal")
    require_draft(proposal)
    today = timezone.localdate(now)
    may_take_part(proposal.lead_region, today=today, field="lead_region")
    confirmed = list(
        ProposalSupport.objects.filter(
            proposal=proposal, status=ProposalSupport.Status.CONFIRMED
        ).values_list("region_id", flat=True)
    )
    problems = proposal_problems(proposal, confirmed)
    if problems:
        raise DomainError(
            gettext("The proposal cannot be submitted yet. %(problems)s")
            % {"problems": " ".join(said(problem) for problem in problems)},
            field="supporters"
            if len(problems) == 1 and _lacks_supporters(confirmed, proposal)
            else None,
        )
    proposal.status = Status.SUBMITTED
    proposal.submitted_at = now
    proposal.submitted_by = actor
    proposal.updated_at = now
    proposal.board_meeting = next_meeting_of(
        kind=BodyKind.EXECUTIVE_BOARD, after=max(now, _start_of(earliest_review_meeting_day(today)))
    )
    full_clean(proposal)
    proposal.save()
    notify(
        task="notify_board_of_submission",
        args=[proposal_id],
        label=f"proposal {proposal_id} submitted",
    )
    return proposal


def _lacks_supporters(confirmed: list[int], proposal: WorkingGroupProposal) -> bool:
    return (
        supporters_still_needed(
            [str(pk) for pk in confirmed], lead_region=str(proposal.lead_region_id)
        )
        > 0
    )
