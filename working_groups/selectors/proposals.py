"""Reads about working-group proposals, scoped to who asks; the Board's review queue is
:mod:`working_groups.selectors.review`.

Every page reads through one function here, in a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, cast

from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import dateformat, timezone
from django.utils.formats import get_format

from aer_portal.prepared import prepared_objects, prepared_rows
from aer_portal.rules.messages import Message
from aer_portal.rules.working_group_review import policy_area_problem
from aer_portal.rules.working_groups import draft_proposal_problems, supporters_still_needed
from governance.models import Mandate
from governance.selectors.bodies import current_mandates_q
from governance.selectors.roles import PortalRoles
from members.models import Member, PortalAccess, User
from working_groups.models import (
    ProposalDecision,
    ProposalSupport,
    ReviewComment,
    ReviewVote,
    WorkingGroupProposal,
)
from working_groups.selectors.people import (
    current_member_ids,
    officer_region_ids,
    region_ids,
)
from working_groups.selectors.review import review_open, tally

#: Support records the invited region sees; a suggestion stays between lead and secretariat.
ANSWERABLE = (
    ProposalSupport.Status.INVITED,
    ProposalSupport.Status.CONFIRMED,
    ProposalSupport.Status.DECLINED,
)


# --- Proposals ---------------------------------------------------------------------------


def may_see(
    proposal: WorkingGroupProposal, supports: list[ProposalSupport], *, portal: PortalRoles
) -> bool:
    """Whether a person may read the proposal, from its supports already read (no query).

    Staff: all. A region's users: their region's proposals and those their region is invited
    to support. Board members: every proposal once submitted. Everyone: approved proposals,
    whose content the group's public page publishes.
    """
    if portal.is_staff or proposal.status == WorkingGroupProposal.Status.APPROVED:
        return True
    if portal.is_board_member and proposal.status != WorkingGroupProposal.Status.DRAFT:
        return True
    regions = region_ids(portal)
    return proposal.lead_region_id in regions or any(
        s.region_id in regions and s.status in ANSWERABLE for s in supports
    )


@dataclass(frozen=True)
class ProposalRights:
    """What the asking person may do with one proposal."""

    is_lead: bool = False
    sees_content: bool = False
    can_edit: bool = False
    can_suggest: bool = False
    answering_support: ProposalSupport | None = None
    sees_review: bool = False
    can_comment: bool = False
    can_vote: bool = False
    can_decide: bool = False

    @property
    def can_answer(self) -> bool:
        return self.answering_support is not None


@dataclass(frozen=True)
class ProposalPage:
    """Everything the page of one proposal shows, already scoped to the reader."""

    proposal: WorkingGroupProposal
    rights: ProposalRights
    supports: list[ProposalSupport]
    suggestions: list[ProposalSupport]
    confirmed: list[ProposalSupport]
    problems: list[Message]
    still_needed: int
    vice_president: Mandate | None
    review_is_open: bool
    comments: list[ReviewComment] = field(default_factory=list)
    votes: list[ReviewVote] = field(default_factory=list)
    my_vote: ReviewVote | None = None
    decision: ProposalDecision | None = None
    tally: dict[str, int] = field(default_factory=dict)
    invitable_regions: list[Member] = field(default_factory=list)
    #: Invited regions with no active officer account: nobody can answer in the portal.
    unanswerable_region_ids: frozenset[int] = frozenset()


def regions_nobody_can_answer_for(*, region_ids: set[int]) -> frozenset[int]:
    """The regions among ``region_ids`` where nobody has an active officer account, so no one
    can confirm or decline support in the portal (only officers answer; one query)."""
    if not region_ids:
        return frozenset()
    answerable = set(
        PortalAccess.objects.filter(
            member_id__in=region_ids, role=PortalAccess.Role.OFFICER, user__is_active=True
        ).values_list("member_id", flat=True)
    )
    return frozenset(region_ids - answerable)


def proposal_problems(
    proposal: WorkingGroupProposal, confirmed_region_ids: list[int]
) -> list[Message]:
    """What the draft still lacks before submission (AER Working Groups page, steps 1–2)."""
    problems = list(draft_proposal_problems(proposal.as_draft(confirmed_region_ids)))
    area = proposal.policy_area.portfolio if proposal.policy_area else ""
    missing_area = policy_area_problem(area)
    if missing_area is not None:
        problems.append(missing_area)
    return problems


#: What a proposal's page reads with it, parents first (as ``select_related`` would join).
_PROPOSAL_RELATED = (
    "lead_region",
    "lead_region__country",
    "policy_area",
    "board_meeting",
    "working_group",
    "working_group__body",
)


def _proposal(pk: int) -> QuerySet[WorkingGroupProposal]:
    return WorkingGroupProposal.objects.filter(pk=pk).order_by()


def _supports(pk: int) -> QuerySet[ProposalSupport]:
    return ProposalSupport.objects.filter(proposal_id=pk).order_by("region__name")


def _vice_president(seat_id: int, on: date) -> QuerySet[Mandate]:
    return Mandate.objects.filter(current_mandates_q(on), seat_id=seat_id).order_by("-starts_on")[
        :1
    ]


def _decision(pk: int) -> QuerySet[ProposalDecision]:
    return ProposalDecision.objects.filter(proposal_id=pk).order_by("pk")[:1]


def _votes(pk: int) -> QuerySet[ReviewVote]:
    return ReviewVote.objects.filter(proposal_id=pk).order_by(
        "voter__last_name", "voter__first_name"
    )


def _comments(pk: int) -> QuerySet[ReviewComment]:
    return ReviewComment.objects.filter(proposal_id=pk)


def _rights(
    proposal: WorkingGroupProposal,
    supports: list[ProposalSupport],
    *,
    portal: PortalRoles,
    now: datetime,
) -> ProposalRights:
    regions = region_ids(portal)
    officer_of = officer_region_ids(portal)
    is_lead = proposal.lead_region_id in regions
    invited = any(s.region_id in regions and s.status in ANSWERABLE for s in supports)
    if not (is_lead or invited or portal.is_staff or portal.is_board_member):
        return ProposalRights()  # an approved proposal, read by anyone: the public page shows it
    draft = proposal.status == WorkingGroupProposal.Status.DRAFT
    submitted = proposal.status == WorkingGroupProposal.Status.SUBMITTED
    answering = next(
        (s for s in supports if s.region_id in officer_of and s.status in ANSWERABLE), None
    )
    board_or_staff = portal.is_board_member or portal.is_staff
    return ProposalRights(
        is_lead=is_lead,
        sees_content=True,
        can_edit=draft and proposal.lead_region_id in officer_of,
        can_suggest=draft and portal.is_staff,
        answering_support=answering if draft else None,
        sees_review=board_or_staff and not draft,
        can_comment=submitted and board_or_staff,
        can_vote=portal.is_board_member and review_open(proposal, now=now),
        can_decide=submitted and portal.is_staff,
    )


def proposal_page(
    *, pk: int, user: User, portal: PortalRoles, now: datetime
) -> ProposalPage | None:
    """One proposal as the asking person may see it; None when they may not (constant queries).

    Board members and staff also get the comments, the votes and the tally; the lead and
    invited regions never do (they see the decision and its reason).
    """
    today = timezone.localdate(now)
    # Plain queries rather than prefetches, compiled once per proposal (aer_portal.prepared):
    # building them took the ORM longer than the database's answers.
    found = prepared_objects(_proposal, pk, related=_PROPOSAL_RELATED)
    if not found:
        return None
    [proposal] = found
    supports = prepared_objects(_supports, pk, related=("region",))
    if not may_see(proposal, supports, portal=portal):
        return None
    # Labels looked up once: get_status_display() rebuilds the choices on every row.
    support_labels = dict(ProposalSupport.Status.choices)
    for support in supports:
        support.status_label = str(support_labels[support.status])  # type: ignore[attr-defined]
    rights = _rights(proposal, supports, portal=portal, now=now)
    confirmed = [s for s in supports if s.status == ProposalSupport.Status.CONFIRMED]
    page = ProposalPage(
        proposal=proposal,
        rights=rights,
        supports=[s for s in supports if s.status in ANSWERABLE],
        suggestions=[s for s in supports if s.status == ProposalSupport.Status.SUGGESTED]
        if (rights.can_edit or portal.is_staff)
        else [],
        confirmed=confirmed,
        problems=proposal_problems(proposal, [s.region_id for s in confirmed]),
        still_needed=supporters_still_needed(
            [str(s.region_id) for s in confirmed], lead_region=str(proposal.lead_region_id)
        ),
        # The page names the Vice-President: the region they act for is not shown.
        vice_president=next(
            iter(
                prepared_objects(
                    _vice_president, proposal.policy_area_id, today, related=("person",)
                )
            ),
            None,
        )
        if proposal.policy_area_id
        else None,
        review_is_open=review_open(proposal, now=now),
        decision=next(iter(prepared_objects(_decision, pk, related=("meeting",))), None)
        if proposal.status
        in (WorkingGroupProposal.Status.APPROVED, WorkingGroupProposal.Status.REJECTED)
        else None,
    )
    if rights.sees_review:
        votes = prepared_objects(_votes, pk, related=("voter",))
        # Labels and times written once here, as the template's `date` filter would write
        # them (local time), rather than by a filter per row.
        vote_labels = dict(ReviewVote.Choice.choices)
        when_format = get_format("DATETIME_FORMAT")
        for vote in votes:
            vote.choice_label = str(vote_labels[vote.choice])  # type: ignore[attr-defined]
            vote.voter_name = str(vote.voter)  # type: ignore[attr-defined]
            vote.changed_label = dateformat.format(  # type: ignore[attr-defined]
                timezone.localtime(vote.changed_at), when_format
            )
        comments = prepared_objects(_comments, pk, related=("author",))
        for comment in comments:
            comment.created_label = dateformat.format(  # type: ignore[attr-defined]
                timezone.localtime(comment.created_at), when_format
            )
        page = _with(
            page,
            comments=comments,
            votes=votes,
            my_vote=next((v for v in votes if v.voter_id == user.person_id), None),
            tally=tally(votes),
        )
    if rights.can_edit or portal.is_staff:
        page = _with(
            page,
            unanswerable_region_ids=regions_nobody_can_answer_for(
                region_ids={
                    s.region_id for s in supports if s.status == ProposalSupport.Status.INVITED
                }
            ),
        )
    if rights.can_edit:
        taken = {s.region_id for s in supports if s.status in ANSWERABLE}
        page = _with(
            page,
            invitable_regions=[
                m
                for m in Member.objects.filter(pk__in=current_member_ids(on=today))
                .exclude(pk=proposal.lead_region_id)
                .select_related("country")
                .order_by("name")
                if m.pk not in taken
            ],
        )
    return page


def _with(page: ProposalPage, **changes: Any) -> ProposalPage:
    return replace(page, **changes)


def region_proposals(
    *, portal: PortalRoles
) -> tuple[list[WorkingGroupProposal], list[ProposalSupport]]:
    """A region's own proposals and the invitations to support others (two queries)."""
    regions = region_ids(portal)
    own = cast(
        list[WorkingGroupProposal],
        list(
            WorkingGroupProposal.objects.filter(lead_region_id__in=regions)
            .select_related("lead_region", "board_meeting")
            .annotate(
                confirmed_count=Count(
                    "supports", filter=Q(supports__status=ProposalSupport.Status.CONFIRMED)
                )
            )
            .order_by("-updated_at")
        ),
    )
    invitations = list(
        ProposalSupport.objects.filter(region_id__in=regions, status__in=ANSWERABLE)
        .select_related("proposal__lead_region", "region")
        .order_by("-invited_at")
    )
    return own, invitations


def region_dashboard_proposals(
    *, portal: PortalRoles
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """For the dashboard, as rows (two queries): the regions' proposals still in the making or
    under review, last changed first, as (pk, topic, status); the invitations to support a
    proposal awaiting their answer, last invited first, as (proposal pk, topic, lead region).
    Compiled once per regions (aer_portal.prepared)."""
    regions = tuple(sorted(region_ids(portal)))
    return prepared_rows(_region_drafts, regions), prepared_rows(_region_invitations, regions)


def _region_drafts(regions: tuple[int, ...]) -> QuerySet[WorkingGroupProposal, tuple[Any, ...]]:
    return (
        WorkingGroupProposal.objects.filter(
            lead_region_id__in=regions,
            status__in=(
                WorkingGroupProposal.Status.DRAFT,
                WorkingGroupProposal.Status.SUBMITTED,
            ),
        )
        .order_by("-updated_at")
        .values_list("pk", "topic", "status")
    )


def _region_invitations(regions: tuple[int, ...]) -> QuerySet[ProposalSupport, tuple[Any, ...]]:
    return (
        ProposalSupport.objects.filter(region_id__in=regions, status=ProposalSupport.Status.INVITED)
        .order_by("-invited_at")
        .values_list("proposal_id", "proposal__topic", "proposal__lead_region__name")
    )


def all_proposals(*, status: str = "", search: str = "") -> QuerySet[WorkingGroupProposal, Any]:
    """Every proposal for the secretariat, newest first, with what the list shows, as rows.

    ``status`` keeps the proposals in that status (an unknown one is ignored); ``search`` the
    proposals whose topic or lead region contains it. The query set is cut into pages in the
    database by the page that lists it. Each row has ``pk``, ``topic``, ``status``,
    ``lead_region_name``, ``board_meeting_starts_at`` and ``confirmed_count``.
    """
    proposals = WorkingGroupProposal.objects.all()
    if status in WorkingGroupProposal.Status.values:
        proposals = proposals.filter(status=status)
    search = search.strip()
    if search:
        proposals = proposals.filter(
            Q(topic__icontains=search) | Q(lead_region__name__icontains=search)
        )
    return proposals.order_by("-updated_at", "-pk").values(
        "pk",
        "topic",
        "status",
        # A count per row, not a join grouped over every proposal before the page is cut.
        confirmed_count=Coalesce(
            Subquery(
                ProposalSupport.objects.filter(
                    proposal=OuterRef("pk"), status=ProposalSupport.Status.CONFIRMED
                )
                .order_by()
                .values("proposal_id")
                .annotate(n=Count("pk"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            Value(0),
        ),
        lead_region_name=F("lead_region__name"),
        board_meeting_starts_at=F("board_meeting__starts_at"),
    )
