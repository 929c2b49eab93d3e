"""The Executive Board's online review of a proposal, its decision and the new group.

AER Working Groups page, steps 3–4; Procedures art. 14 (votes).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext

from aer_portal.ballots import ballot_record
from aer_portal.errors import DomainError, Refused
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.votes import (
    CastingVote,
    Outcome,
    VoteCountError,
    VoteDecision,
    VoteLimit,
    decide_vote,
)
from aer_portal.rules.working_group_review import (
    board_decision_problem,
    first_mandate_last_day,
)
from governance.models import Body, Meeting
from governance.selectors.roles import office_roles
from governance.services.bodies import body_create
from members.access import may_review_proposals, may_vote_on_proposals
from members.models import User
from working_groups.models import (
    GroupMembership,
    ProposalDecision,
    ProposalSupport,
    ReviewComment,
    ReviewVote,
    WorkingGroup,
    WorkingGroupProposal,
)
from working_groups.notifications import notify
from working_groups.selectors.people import board_mandates
from working_groups.selectors.review import review_open, tally
from working_groups.services.checks import (
    Status,
    full_clean,
    locked_proposal,
    require_staff,
    said,
    under_review,
)
from working_groups.services.groups import group_meeting_schedule


@transaction.atomic
def proposal_comment_add(
    *, proposal_id: int, actor: User, text: str, now: datetime
) -> ReviewComment:
    """A Board member or the secretariat comments on a proposal under review (never public)."""
    proposal = locked_proposal(proposal_id)
    if not may_review_proposals(office_roles(user=actor, on=timezone.localdate(now))):
        raise Refused(
            gettext("Only Executive Board members and the secretariat comment."),
            field="text",
        )
    under_review(proposal, field="text")
    if not text.strip():
        raise DomainError(gettext("Write a comment."), field="text")
    comment = ReviewComment(proposal=proposal, author=actor, text=text.strip(), created_at=now)
    full_clean(comment)
    comment.save()
    return comment


def _vote_label(choice: str) -> str:
    return str(ReviewVote.Choice(choice).label)


@transaction.atomic
def proposal_vote_cast(
    *,
    proposal_id: int,
    actor: User,
    choice: str,
    now: datetime,
    seen_choice: str | None = None,
) -> ReviewVote:
    """A Board member votes approve, reject or abstain, or changes the vote, until the review
    closes; one vote each (a database constraint).

    ``seen_choice`` is the vote the person's page showed ("" for none). The same choice again
    (a double click, a second tab) is the same vote and succeeds; a different choice from a
    page that did not show the vote another tab or window recorded since is refused, naming
    the vote that stands (aer_portal.ballots, as on the votes on applications): two tabs never
    make two votes, and never silently overwrite each other.
    """
    proposal = locked_proposal(proposal_id)
    person_id = actor.person_id
    if person_id is None or not may_vote_on_proposals(
        office_roles(user=actor, on=timezone.localdate(now))
    ):
        raise Refused(
            gettext("Only members of the Executive Board vote on proposals."),
            field="choice",
        )
    if choice not in ReviewVote.Choice.values:
        raise DomainError(
            gettext("Choose approve, reject or abstain."),
            field="choice",
        )
    if not review_open(proposal, now=now):
        meeting = proposal.board_meeting
        if proposal.status == Status.SUBMITTED and meeting is not None:
            raise DomainError(
                gettext(
                    "The online review closed when the Board meeting of %(day)s began; "
                    "your vote was not recorded."
                )
                % {"day": date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")},
                field="choice",
            )
        under_review(proposal, field="choice")
    vote, _inserted = ballot_record(
        stored=lambda: ReviewVote.objects.filter(proposal=proposal, voter_id=person_id).first(),
        new=lambda: ReviewVote(
            proposal=proposal, voter_id=person_id, choice=choice, cast_at=now, changed_at=now
        ),
        choice=choice,
        now=now,
        seen_choice=seen_choice,
        changed_elsewhere=_changed_elsewhere,
    )
    return vote


def _changed_elsewhere(current: str) -> DomainError:
    if current:
        message = gettext(
            "Your vote was recorded meanwhile in another window or tab: %(vote)s. That "
            "vote stands; reload the page if you want to change it."
        ) % {"vote": _vote_label(current)}
    else:
        message = gettext(
            "Your vote was withdrawn meanwhile in another window or tab; reload the page."
        )
    return DomainError(message, field="choice")


# --- The Board's decision and the new group ----------------------------------------------

#: Which form field each part of a count is entered in.
_COUNT_FIELDS = {
    "yes": "approve_votes",
    "no": "reject_votes",
    "abstain": "abstentions",
    "total": "approve_votes",
    "casting_vote": "casting_vote",
}
_CASTING: dict[str, CastingVote] = {
    ProposalDecision.CastingVote.APPROVE: CastingVote.FOR,
    ProposalDecision.CastingVote.REJECT: CastingVote.AGAINST,
    ProposalDecision.CastingVote.DECLINED: CastingVote.DECLINED,
}


def _board_vote(
    *,
    approve_votes: int,
    reject_votes: int,
    abstentions: int,
    casting_vote: str,
    board_size: int | None,
) -> VoteDecision:
    """``rules.votes.decide_vote`` on the Board's vote; refusals and ties become DomainErrors.

    Approve is yes, reject is no (Procedures art. 14); a tie is decided only by the
    President's casting vote or the record that the President declined.
    """
    if casting_vote and casting_vote not in _CASTING:
        raise DomainError(
            gettext("Approve, reject, or the President declined."),
            field="casting_vote",
        )
    try:
        decision = decide_vote(
            yes=approve_votes,
            no=reject_votes,
            abstain=abstentions,
            casting_vote=_CASTING[casting_vote] if casting_vote else None,
            votes_available=board_size,
            limit=VoteLimit.BOARD,
        )
    except VoteCountError as error:
        field = _COUNT_FIELDS[error.part]
        raise DomainError(said(error.message), field=field) from error
    if not decision.final:
        raise DomainError(said(decision.reason), field="casting_vote")
    return decision


@transaction.atomic
def proposal_decide(
    *,
    proposal_id: int,
    actor: User,
    decided_on: date,
    approve_votes: int,
    reject_votes: int,
    abstentions: int,
    reason: str,
    now: datetime,
    casting_vote: str = "",
    reason_against_online: str = "",
    first_meeting_starts_at: datetime | None = None,
    first_meeting_place: str = "",
    first_meeting_online_url: str = "",
) -> ProposalDecision:
    """The secretariat records the Board's decision at its meeting; on approval the group is
    established.

    AER Working Groups page, step 3: the Board assesses the proposal "based on adequacy with
    AER values" (the reason). Not while the online review is open, nor dated before the Board
    meeting; a decision other than the online result gives ``reason_against_online``
    (``rules.working_group_review.board_decision_problem``). Procedures art. 14 through
    ``rules.votes.decide_vote``:
    approve is yes, reject is no, abstentions do not count; a tie goes to the President's
    casting vote, which is then required, or to the record that the President declined.
    """
    require_staff(actor)
    proposal = locked_proposal(proposal_id)
    under_review(proposal, field="reason")
    today = timezone.localdate(now)
    submitted_on = timezone.localdate(proposal.submitted_at)
    if not submitted_on <= decided_on <= today:
        raise DomainError(
            gettext("The decision is taken between the submission (%(submitted)s) and today.")
            % {"submitted": date_format(submitted_on)},
            field="decided_on",
        )
    if not reason.strip():
        raise DomainError(
            gettext(
                "Give the reason of the decision, based on adequacy with AER values "
                "(AER Working Groups page, step 3)."
            ),
            field="reason",
        )
    board_size = len({m.person_id for m in board_mandates(on=decided_on)})
    decision_of_votes = _board_vote(
        approve_votes=approve_votes,
        reject_votes=reject_votes,
        abstentions=abstentions,
        casting_vote=casting_vote,
        board_size=board_size or None,
    )
    outcome = decision_of_votes.outcome
    online_counts = tally(ReviewVote.objects.filter(proposal=proposal))
    meeting = proposal.board_meeting
    problem = board_decision_problem(
        review_open=review_open(proposal, now=now),
        meeting_day=(
            None if meeting is None or meeting.status == Meeting.Status.CANCELLED else meeting.day
        ),
        decided_on=decided_on,
        decision=decision_of_votes,
        online=decide_vote(
            yes=online_counts[ReviewVote.Choice.APPROVE],
            no=online_counts[ReviewVote.Choice.REJECT],
            abstain=online_counts[ReviewVote.Choice.ABSTAIN],
        ),
        reason_against_online=reason_against_online,
    )
    if problem is not None:
        field, message = problem
        raise DomainError(said(message), field=field)
    approved = outcome is Outcome.ADOPTED
    if first_meeting_starts_at is not None and not approved:
        raise DomainError(
            gettext("A rejected proposal has no first meeting."),
            field="first_meeting_starts_at",
        )
    decision = ProposalDecision(
        proposal=proposal,
        meeting=proposal.board_meeting,
        decided_on=decided_on,
        approve_votes=approve_votes,
        reject_votes=reject_votes,
        abstentions=abstentions,
        casting_vote=casting_vote,
        approved=approved,
        reason=reason.strip(),
        reason_against_online=reason_against_online.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    full_clean(decision)
    decision.save()
    proposal.status = Status.APPROVED if approved else Status.REJECTED
    proposal.updated_at = now
    proposal.save(update_fields=["status", "updated_at"])
    if approved:
        group = group_establish(proposal=proposal, established_on=decided_on, actor=actor)
        if first_meeting_starts_at is not None:
            group_meeting_schedule(
                group_id=group.pk,
                title=gettext("First meeting of the %(group)s working group")
                % {"group": group.name},
                starts_at=first_meeting_starts_at,
                place=first_meeting_place,
                online_url=first_meeting_online_url,
                actor=actor,
                today=today,
                field="first_meeting_starts_at",
            )
        group_id = group.pk
        notify(
            task="announce_group", args=[group_id], label=f"working group {group_id} established"
        )
    notify(task="notify_decision", args=[proposal_id], label=f"proposal {proposal_id} decided")
    return decision


def _unique_body_name(topic: str, year: int) -> tuple[str, str]:
    """The group's name (its topic) and short name, told apart from an earlier group's."""
    for name in (topic, f"{topic} ({year})", *(f"{topic} ({year}-{n})" for n in range(2, 50))):
        slug = slugify(name)[:80] or "working-group"
        if not Body.objects.filter(models.Q(name=name) | models.Q(slug=slug)).exists():
            return name, slug
    raise DomainError(gettext("Too many groups have this topic."), field="topic")


def group_from_proposal(
    proposal: WorkingGroupProposal, *, body: Body, established_on: date
) -> WorkingGroup:
    """The group an approved proposal becomes, not saved yet: its lead region, policy area,
    focus, objective and activities, and a first mandate of two years
    (rules.working_group_review.first_mandate_last_day)."""
    return WorkingGroup(
        body=body,
        proposal=proposal,
        lead_region=proposal.lead_region,
        policy_area=proposal.policy_area,
        focus=proposal.focus,
        objective=proposal.objective,
        activities=proposal.activities,
        established_on=established_on,
        mandate_ends_on=first_mandate_last_day(established_on),
    )


@transaction.atomic
def group_establish(
    *, proposal: WorkingGroupProposal, established_on: date, actor: User
) -> WorkingGroup:
    """The new group: a body of kind Working Group, its page, the lead and supporting regions.

    AER Working Groups page, step 4. Called by `proposal_decide` when the Board approves, and
    by the demo data for a proposal it records as approved. Its first mandate lasts two years
    (rules.working_group_review.first_mandate_last_day).
    """
    name, slug = _unique_body_name(proposal.topic, established_on.year)
    body = body_create(
        kind=BodyKind.WORKING_GROUP, name=name, slug=slug, actor=actor, description=proposal.focus
    )
    group = group_from_proposal(proposal, body=body, established_on=established_on)
    full_clean(group)
    group.save()
    supporters = ProposalSupport.objects.filter(
        proposal=proposal, status=ProposalSupport.Status.CONFIRMED
    ).values_list("region_id", flat=True)
    GroupMembership.objects.bulk_create(
        [
            GroupMembership(
                group=group,
                region_id=proposal.lead_region_id,
                role=GroupMembership.Role.LEAD,
                joined_on=established_on,
            ),
            *(
                GroupMembership(
                    group=group,
                    region_id=region_id,
                    role=GroupMembership.Role.SUPPORTING,
                    joined_on=established_on,
                )
                for region_id in supporters
            ),
        ]
    )
    return group
