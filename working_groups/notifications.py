"""The e-mails the working-group process sends, as DueReminders for the governance ledger.

Each function reads what one e-mail needs and returns one DueReminder per recipient. Sending
them through ``governance.services.reminders.reminder_send`` claims a ledger row per (kind,
key, recipient), so a task that runs twice never mails twice.
"""

from __future__ import annotations

from django.utils import timezone

from aer_portal.dates import moment
from aer_portal.links import absolute_url
from governance.models import Meeting
from governance.reminders import DueReminder
from governance.services.pending import pending_task_schedule
from working_groups.models import (
    GroupMembership,
    ProposalDecision,
    ProposalSupport,
    WorkingGroup,
    WorkingGroupProposal,
)
from working_groups.selectors.people import (
    Recipient,
    board_recipients,
    current_member_ids,
    region_recipients,
)


def notify(*, task: str, args: list[object], label: str) -> None:
    """Records the e-mail task ``working_groups.<task>`` in the calling transaction; the worker
    sends it after the commit, and the pending-work job again if the broker was unreachable
    or the worker killed (governance.services.pending)."""
    pending_task_schedule(task=f"working_groups.{task}", args=args, label=label)


def when(meeting: Meeting | None) -> str:
    """A meeting's start in Brussels time, as e-mails and reminders write it."""
    if meeting is None:
        return ""
    return moment(meeting.starts_at)


def _mails(
    recipients: list[Recipient],
    *,
    kind: str,
    key: str,
    deadline: object,
    template: str,
    context: dict[str, object],
) -> list[DueReminder]:
    return [
        DueReminder(
            kind=kind,
            deadline_key=key,
            deadline=deadline,  # type: ignore[arg-type]
            recipient=recipient.email,
            template=template,
            context=context,  # type: ignore[arg-type]
            language=recipient.language,
        )
        for recipient in recipients
    ]


def support_invitation_mails(support_id: int) -> list[DueReminder]:
    """To the invited region's officers and contacts, with the link to answer in the portal."""
    support = (
        ProposalSupport.objects.select_related("proposal__lead_region", "region")
        .filter(pk=support_id, status=ProposalSupport.Status.INVITED)
        .first()
    )
    if support is None or support.invited_at is None:
        return []
    proposal = support.proposal
    invited_at = timezone.localtime(support.invited_at)
    return _mails(
        region_recipients(member_ids=[support.region_id])[support.region_id],
        kind="working_groups.support.invited",
        key=f"wg-support:{support.pk}:{invited_at:%Y%m%d%H%M%S}",
        deadline=invited_at.date(),
        template="working_groups/email/support_invitation",
        context={
            "topic": proposal.topic,
            "focus": proposal.focus,
            "objective": proposal.objective,
            "lead_region": str(proposal.lead_region),
            "region": str(support.region),
            "link": absolute_url("working_groups:proposal", proposal.pk),
        },
    )


def submission_mails(proposal_id: int) -> list[DueReminder]:
    """To every Executive Board member: a proposal entered the review queue."""
    proposal = (
        WorkingGroupProposal.objects.select_related("lead_region", "board_meeting", "policy_area")
        .filter(pk=proposal_id)
        .exclude(status=WorkingGroupProposal.Status.DRAFT)
        .first()
    )
    if proposal is None or proposal.submitted_at is None:
        return []
    submitted_on = timezone.localdate(proposal.submitted_at)
    return _mails(
        board_recipients(on=submitted_on),
        kind="working_groups.proposal.submitted",
        key=f"wg-proposal:{proposal.pk}:submitted",
        deadline=timezone.localdate(proposal.board_meeting.starts_at)
        if proposal.board_meeting
        else submitted_on,
        template="working_groups/email/proposal_submitted",
        context={
            "topic": proposal.topic,
            "lead_region": str(proposal.lead_region),
            "policy_area": proposal.policy_area.portfolio if proposal.policy_area else "",
            "meeting": when(proposal.board_meeting),
            "link": absolute_url("working_groups:proposal", proposal.pk),
            "queue": absolute_url("working_groups:review_queue"),
        },
    )


def decision_mails(proposal_id: int) -> list[DueReminder]:
    """To the lead and supporting regions: the decision and its reason, never the votes."""
    decision = (
        ProposalDecision.objects.select_related(
            "proposal__lead_region", "proposal__working_group__body"
        )
        .filter(proposal_id=proposal_id)
        .first()
    )
    if decision is None:
        return []
    proposal = decision.proposal
    supporters = ProposalSupport.objects.filter(
        proposal=proposal, status=ProposalSupport.Status.CONFIRMED
    ).values_list("region_id", flat=True)
    regions = [proposal.lead_region_id, *supporters]
    by_region = region_recipients(member_ids=regions)
    recipients = list({r.email: r for pk in regions for r in by_region[pk]}.values())
    group = getattr(proposal, "working_group", None) if decision.approved else None
    return _mails(
        recipients,
        kind="working_groups.proposal.decided",
        key=f"wg-proposal:{proposal.pk}:decided",
        deadline=decision.decided_on,
        template="working_groups/email/proposal_decided",
        context={
            "topic": proposal.topic,
            "lead_region": str(proposal.lead_region),
            "approved": decision.approved,
            "reason": decision.reason,
            "decided_on": decision.decided_on.isoformat(),
            "link": absolute_url("working_groups:proposal", proposal.pk),
            "group_link": absolute_url("working_groups:group", group.slug) if group else "",
        },
    )


def establishment_mails(group_id: int) -> list[DueReminder]:
    """To every member of AER: a new working group, what it does and how to join.

    AER Working Groups page, step 4: regions are informed of the creation, focus, objectives,
    lead and supporting regions, envisioned activities, how to join and the first meeting.
    """
    group = WorkingGroup.objects.select_related("body", "lead_region").filter(pk=group_id).first()
    if group is None:
        return []
    supporters = [
        str(m.region)
        for m in GroupMembership.objects.filter(
            group=group, role=GroupMembership.Role.SUPPORTING
        ).select_related("region")
    ]
    first = (
        Meeting.objects.filter(body_id=group.body_id)
        .exclude(status=Meeting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )
    by_region = region_recipients(member_ids=current_member_ids(on=group.established_on))
    recipients = list({r.email: r for rs in by_region.values() for r in rs}.values())
    return _mails(
        recipients,
        kind="working_groups.group.established",
        key=f"wg-group:{group.pk}:established",
        deadline=group.established_on,
        template="working_groups/email/group_established",
        context={
            "name": group.name,
            "focus": group.focus,
            "objective": group.objective,
            "lead_region": str(group.lead_region),
            "supporting_regions": sorted(supporters),
            "activities": group.activity_list,
            "first_meeting": when(first),
            "established_on": group.established_on.isoformat(),
            "link": absolute_url("working_groups:group", group.slug),
        },
    )
