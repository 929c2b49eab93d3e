"""Proposals to the General Assembly (Procedures arts. 4.2, 4.3)."""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError, Refused
from aer_portal.history import history_author
from aer_portal.messages import render_with_article
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import ga_proposal_refusal
from aer_portal.validation import validate_and_save
from governance.models import AgendaItem, GeneralAssemblyProposal, Meeting
from governance.selectors.meetings import proposal_deadline_of
from members.access import require_secretariat
from members.models import Member, Membership, PortalAccess, User
from members.selectors.memberships import member_is_suspended

#: Who may submit for a member: its officers and delegates, not read-only accounts.
SUBMITTING_ROLES = (PortalAccess.Role.OFFICER, PortalAccess.Role.DELEGATE)


@transaction.atomic
def ga_proposal_submit(
    *,
    meeting: Meeting,
    member: Member,
    title: str,
    text: str,
    actor: User,
    now: datetime,
) -> GeneralAssemblyProposal:
    """A member region submits a proposal to a General Assembly.

    Procedures art. 4.2: up to the evening before the Executive Board meeting preceding the
    General Assembly (aer_portal.rules.meetings.ga_proposal_deadline); only members whose
    rights are not suspended (aer_portal.rules.meetings.ga_proposal_refusal, arts. 4.2, 3.5).
    """
    today = timezone.localdate(now)
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    if meeting.body.kind != BodyKind.GENERAL_ASSEMBLY or meeting.status in (
        Meeting.Status.CANCELLED,
        Meeting.Status.HELD,
        Meeting.Status.MINUTES_APPROVED,
    ):
        raise DomainError(
            _("Proposals go to a General Assembly that is still ahead."), field="meeting"
        )
    if not PortalAccess.objects.filter(
        user=actor, member=member, role__in=SUBMITTING_ROLES
    ).exists():
        raise Refused(
            _("Your account does not submit proposals for %(member)s.") % {"member": member.name},
            field="member",
        )
    membership = Membership.objects.filter(member=member, ended_on__isnull=True).first()
    refusal = ga_proposal_refusal(
        category=membership.category if membership is not None else None,
        suspended=member_is_suspended(member_id=member.pk, on=today),
        member=member.name,
    )
    if refusal is not None:
        raise DomainError(render_with_article(refusal), field="member")
    deadline = proposal_deadline_of(general_assembly=meeting)
    if deadline is None:
        raise DomainError(
            _(
                "The Executive Board meeting before this General Assembly is not planned "
                "yet, and the deadline for proposals follows from it (Procedures art. 4.2)."
            ),
            field="meeting",
        )
    if today > deadline:
        raise DomainError(
            _(
                "Proposals could be submitted until %(deadline)s, the evening before the "
                "Executive Board meeting preceding the General Assembly (Procedures art. 4.2)."
            )
            % {"deadline": day(deadline)},
            field="meeting",
        )
    if not title.strip():
        raise DomainError(_("Give the proposal a title."), field="title")
    if not text.strip():
        raise DomainError(_("Write the proposal."), field="text")
    proposal = GeneralAssemblyProposal(
        meeting=meeting,
        member=member,
        submitted_by=actor,
        submitted_at=now,
        title=title.strip(),
        text=text.strip(),
    )
    return validate_and_save(proposal, actor=actor)


@transaction.atomic
def ga_proposal_opinion_record(
    *,
    proposal: GeneralAssemblyProposal,
    opinion: str,
    accepted: bool,
    actor: User | None,
    today: date,
) -> GeneralAssemblyProposal:
    """Records the Executive Board's opinion (Procedures art. 4.3); an accepted proposal goes
    on the General Assembly's agenda as its last point."""
    require_secretariat(actor, message=_("Only the secretariat records this."))
    proposal = (
        GeneralAssemblyProposal.objects.select_for_update()
        .select_related("meeting", "member")
        .get(pk=proposal.pk)
    )
    if proposal.status != GeneralAssemblyProposal.Status.SUBMITTED:
        raise DomainError(
            _("The Executive Board's opinion is recorded already."),
            field="board_opinion",
        )
    if not opinion.strip():
        raise DomainError(
            _("Write the Executive Board's opinion (Procedures art. 4.3)."),
            field="board_opinion",
        )
    if proposal.meeting.status in (
        Meeting.Status.CANCELLED,
        Meeting.Status.HELD,
        Meeting.Status.MINUTES_APPROVED,
    ):
        raise DomainError(_("The General Assembly is over or cancelled."), field="board_opinion")
    proposal.board_opinion = opinion.strip()
    proposal.opinion_recorded_on = today
    if accepted:
        meeting = Meeting.objects.select_for_update().get(pk=proposal.meeting_id)
        last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
        proposal.agenda_item = AgendaItem.objects.create(
            meeting=meeting,
            position=last + 1,
            title=_("Proposal of %(member)s: %(title)s")
            % {"member": proposal.member.name, "title": proposal.title},
            description=proposal.text,
        )
        proposal.status = GeneralAssemblyProposal.Status.ACCEPTED
    else:
        proposal.status = GeneralAssemblyProposal.Status.REJECTED
    history_author(proposal, actor)
    proposal.save()
    return proposal
