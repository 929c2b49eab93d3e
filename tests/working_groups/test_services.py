"""The working-group process through its services: drafting, support, review, decision, life."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from aer_portal.rules.working_group_review import first_mandate_last_day
from governance.models import Mandate, Meeting, Seat
from members.models import Person, PortalAccess, Suspension
from tests.factories import MemberFactory, MembershipFactory, PersonFactory, member_officer
from tests.working_groups.factories import (
    board_meeting,
    board_meeting_begins,
    board_staff,
    draft,
    established,
    executive_board,
    held_meeting,
    officer,
    region,
    submitted,
)
from tests.world import client_for
from working_groups.models import (
    GroupMembership,
    ProposalDecision,
    ProposalSupport,
    ReviewVote,
    WorkingGroup,
    WorkingGroupProposal,
)
from working_groups.selectors.proposals import proposal_problems
from working_groups.services.groups import (
    group_activity_record,
    group_chair_appoint,
    group_dissolve,
    group_join,
    group_leave,
    group_meeting_schedule,
    group_seconded_officer_appoint,
)
from working_groups.services.proposals import (
    proposal_create,
    proposal_submit,
    proposal_support_answer,
    proposal_support_invite,
    proposal_support_suggest,
    proposal_update,
)
from working_groups.services.review import proposal_comment_add, proposal_decide, proposal_vote_cast

pytestmark = pytest.mark.django_db

Status = WorkingGroupProposal.Status


# --- Drafting ----------------------------------------------------------------------------


def test_an_officer_saves_an_incomplete_draft_and_sees_what_is_missing() -> None:
    board = executive_board()
    lead = region("Västra Götaland Region")
    user = officer(lead)

    proposal = proposal_create(
        actor=user, lead_region=lead, now=timezone.now(), topic="Green hydrogen"
    )

    assert proposal.status == Status.DRAFT
    problems = [str(p) for p in proposal_problems(proposal, [])]
    assert problems == [
        "The draft proposal does not clarify the focus of the exchange of best practices.",
        "The proposal needs at least 3 supporting regions besides the lead region; 3 more needed.",
        "The draft proposal proposes no activities for the first 2-year mandate.",
        "The draft proposal does not define an objective for the Working Group.",
        "The draft proposal does not name its policy area, and so the Vice-President in "
        "charge of the Working Group.",
    ]
    assert board.areas  # the policy areas exist; the draft simply has none yet


@pytest.mark.parametrize("role", [PortalAccess.Role.DELEGATE, PortalAccess.Role.VIEWER])
def test_only_an_officer_drafts_for_a_region(role: str) -> None:
    lead = region()
    user = member_officer(member=lead, role=role)
    with pytest.raises(DomainError, match="Only an international relations officer"):
        proposal_create(actor=user, lead_region=lead, now=timezone.now())
    assert not WorkingGroupProposal.objects.exists()


def test_an_officer_cannot_draft_for_another_region() -> None:
    user = officer(region())
    with pytest.raises(DomainError) as error:
        proposal_create(actor=user, lead_region=region(), now=timezone.now())
    assert error.value.field == "lead_region"


def test_an_observer_or_a_suspended_member_cannot_propose() -> None:
    observer = MemberFactory()
    MembershipFactory(
        member=observer, category=MemberCategory.OBSERVER, board_decision=date(2026, 1, 5)
    )
    with pytest.raises(DomainError, match=r"observer \(Procedures art\. 2\)"):
        proposal_create(actor=officer(observer), lead_region=observer, now=timezone.now())
    suspended = region()
    Suspension.objects.create(
        member=suspended, starts_on=date(2020, 1, 1), reason="Unpaid fee", source="2020-1"
    )
    with pytest.raises(
        DomainError, match=r"suspended for an unpaid fee\. \(Procedures art\. 3\.5\)"
    ):
        proposal_create(actor=officer(suspended), lead_region=suspended, now=timezone.now())


def test_a_policy_area_is_a_vice_presidents_portfolio() -> None:
    board = executive_board()
    lead = region()
    president_seat = Seat.objects.get(body=board.body, role=Seat.Role.PRESIDENT)
    with pytest.raises(DomainError) as error:
        proposal_create(
            actor=officer(lead), lead_region=lead, now=timezone.now(), policy_area=president_seat
        )
    assert error.value.field == "policy_area"


def test_only_the_lead_regions_officer_edits_and_only_a_draft() -> None:
    board = executive_board()
    result = draft(board=board)
    fields = {
        "topic": "New topic",
        "focus": "f",
        "objective": "o",
        "activities": "a",
        "policy_area": None,
    }
    with pytest.raises(DomainError, match="Only an international relations officer"):
        proposal_update(
            proposal_id=result.proposal.pk, actor=officer(region()), now=timezone.now(), **fields
        )
    proposal_update(
        proposal_id=result.proposal.pk, actor=result.lead_officer, now=timezone.now(), **fields
    )
    assert result.refresh().topic == "New topic"


# --- Support -----------------------------------------------------------------------------


def test_inviting_a_region_mails_its_officer_a_link(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    board = executive_board()
    result = draft(board=board)
    invited = region("Innlandet County")
    invited_officer = officer(invited, user__email="innlandet@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        support = proposal_support_invite(
            proposal_id=result.proposal.pk,
            region=invited,
            actor=result.lead_officer,
            now=timezone.now(),
        )

    assert support.status == ProposalSupport.Status.INVITED
    assert [m.to for m in mail.outbox] == [[invited_officer.email]]
    assert f"/working-groups/proposals/{result.proposal.pk}/" in mail.outbox[0].body
    assert "Innlandet County" in mail.outbox[0].subject


def test_the_lead_cannot_invite_itself_or_a_region_twice() -> None:
    board = executive_board()
    result = draft(board=board, supporters=1)
    with pytest.raises(DomainError, match="supports its own proposal"):
        proposal_support_invite(
            proposal_id=result.proposal.pk,
            region=result.lead,
            actor=result.lead_officer,
            now=timezone.now(),
        )
    with pytest.raises(DomainError, match="invited already"):
        proposal_support_invite(
            proposal_id=result.proposal.pk,
            region=result.supporters[0][0],
            actor=result.lead_officer,
            now=timezone.now(),
        )


def test_only_the_invited_regions_officer_answers_and_may_change_the_answer() -> None:
    board = executive_board()
    result = draft(board=board, supporters=1, confirmed=0)
    invited, invited_officer = result.supporters[0]
    with pytest.raises(DomainError, match="Only an international relations officer"):
        proposal_support_answer(
            proposal_id=result.proposal.pk,
            region=invited,
            confirm=True,
            actor=officer(region()),
            now=timezone.now(),
        )
    stranger = region()
    with pytest.raises(DomainError, match="is not invited"):
        proposal_support_answer(
            proposal_id=result.proposal.pk,
            region=stranger,
            confirm=True,
            actor=officer(stranger),
            now=timezone.now(),
        )
    proposal_support_answer(
        proposal_id=result.proposal.pk,
        region=invited,
        confirm=False,
        actor=invited_officer,
        now=timezone.now(),
    )
    support = proposal_support_answer(
        proposal_id=result.proposal.pk,
        region=invited,
        confirm=True,
        actor=invited_officer,
        now=timezone.now(),
    )
    assert support.status == ProposalSupport.Status.CONFIRMED
    assert support.answered_by == invited_officer


def test_a_declined_region_may_be_invited_again() -> None:
    board = executive_board()
    result = draft(board=board, supporters=1, confirmed=0)
    invited, invited_officer = result.supporters[0]
    proposal_support_answer(
        proposal_id=result.proposal.pk,
        region=invited,
        confirm=False,
        actor=invited_officer,
        now=timezone.now(),
    )
    support = proposal_support_invite(
        proposal_id=result.proposal.pk,
        region=invited,
        actor=result.lead_officer,
        now=timezone.now(),
    )
    assert support.status == ProposalSupport.Status.INVITED
    assert support.answered_at is None


def test_the_secretariat_suggests_and_the_suggested_region_is_not_told() -> None:
    board = executive_board()
    result = draft(board=board)
    staff = board_staff()
    suggested = region()
    suggested_officer = officer(suggested)

    support = proposal_support_suggest(
        proposal_id=result.proposal.pk,
        region=suggested,
        actor=staff,
        now=timezone.now(),
        note="Runs a telecare pilot",
    )

    assert support.status == ProposalSupport.Status.SUGGESTED
    assert mail.outbox == []
    with pytest.raises(DomainError, match="is not invited"):
        proposal_support_answer(
            proposal_id=result.proposal.pk,
            region=suggested,
            confirm=True,
            actor=suggested_officer,
            now=timezone.now(),
        )
    with pytest.raises(DomainError, match="Only the secretariat"):
        proposal_support_suggest(
            proposal_id=result.proposal.pk,
            region=region(),
            actor=result.lead_officer,
            now=timezone.now(),
        )
    invited = proposal_support_invite(
        proposal_id=result.proposal.pk,
        region=suggested,
        actor=result.lead_officer,
        now=timezone.now(),
    )
    assert invited.pk == support.pk and invited.status == ProposalSupport.Status.INVITED


# --- Submission --------------------------------------------------------------------------


def test_submitting_with_two_supporters_is_refused_and_changes_nothing() -> None:
    board = executive_board()
    board_meeting(board=board)
    result = draft(board=board, supporters=3, confirmed=2)

    with pytest.raises(DomainError) as error:
        proposal_submit(
            proposal_id=result.proposal.pk, actor=result.lead_officer, now=timezone.now()
        )

    assert error.value.field == "supporters"
    assert (
        "at least 3 supporting regions besides the lead region; 1 more needed"
        in error.value.message
    )
    proposal = result.refresh()
    assert proposal.status == Status.DRAFT
    assert proposal.submitted_at is None and proposal.board_meeting is None


def test_submission_queues_for_the_first_board_meeting_a_week_away_and_tells_the_board(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    board = executive_board(vice_presidents=2)
    board_meeting(days=3, board=board)  # too close: the Board's documents go a week ahead
    later = board_meeting(days=30, board=board)
    result = draft(board=board, supporters=3)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_submit(
            proposal_id=result.proposal.pk, actor=result.lead_officer, now=timezone.now()
        )

    assert proposal.status == Status.SUBMITTED
    assert proposal.board_meeting == later
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in board.members)
    assert "Rural health and telemedicine" in mail.outbox[0].subject


def test_a_submitted_proposal_no_longer_changes() -> None:
    board = executive_board()
    result = submitted(board=board)
    with pytest.raises(DomainError, match="can no longer change"):
        proposal_support_invite(
            proposal_id=result.proposal.pk,
            region=region(),
            actor=result.lead_officer,
            now=timezone.now(),
        )
    supporter, supporter_officer = result.supporters[0]
    with pytest.raises(DomainError, match="can no longer change"):
        proposal_support_answer(
            proposal_id=result.proposal.pk,
            region=supporter,
            confirm=False,
            actor=supporter_officer,
            now=timezone.now(),
        )


# --- Review ------------------------------------------------------------------------------


def test_a_board_member_votes_and_changes_the_vote_until_the_meeting() -> None:
    board = executive_board()
    result = submitted(board=board)
    member = board.vice_presidents[0]

    proposal_vote_cast(
        proposal_id=result.proposal.pk,
        actor=member,
        choice="approve",
        now=timezone.now(),
        seen_choice="",
    )
    vote = proposal_vote_cast(
        proposal_id=result.proposal.pk,
        actor=member,
        choice="abstain",
        now=timezone.now(),
        seen_choice="approve",
    )

    assert vote.choice == ReviewVote.Choice.ABSTAIN
    assert ReviewVote.objects.filter(proposal=result.proposal).count() == 1


def test_only_board_members_vote() -> None:
    board = executive_board()
    result = submitted(board=board)
    for user in (result.lead_officer, board_staff(), result.supporters[0][1]):
        with pytest.raises(DomainError, match="Only members of the Executive Board vote"):
            proposal_vote_cast(
                proposal_id=result.proposal.pk, actor=user, choice="approve", now=timezone.now()
            )
    assert not ReviewVote.objects.exists()


def test_voting_after_the_review_closed_is_refused_and_the_vote_stays() -> None:
    board = executive_board()
    result = submitted(board=board, meeting_days=10)
    member = board.vice_presidents[0]
    proposal_vote_cast(
        proposal_id=result.proposal.pk, actor=member, choice="approve", now=timezone.now()
    )
    after_start = result.proposal.board_meeting.starts_at + timedelta(minutes=1)

    with pytest.raises(
        DomainError, match="The online review closed when the Board meeting of"
    ) as error:
        proposal_vote_cast(
            proposal_id=result.proposal.pk, actor=member, choice="reject", now=after_start
        )

    assert error.value.field == "choice"
    assert ReviewVote.objects.get().choice == ReviewVote.Choice.APPROVE


def test_voting_after_the_decision_is_refused() -> None:
    board = executive_board()
    staff = board_staff()
    result, _group = established(board=board, staff=staff)
    with pytest.raises(DomainError, match="has decided on this proposal already"):
        proposal_vote_cast(
            proposal_id=result.proposal.pk,
            actor=board.president,
            choice="reject",
            now=timezone.now() - timedelta(days=1),
        )


def test_a_second_tab_that_did_not_see_the_first_vote_is_refused_with_the_vote_that_stands() -> (
    None
):
    board = executive_board()
    result = submitted(board=board)
    member = board.vice_presidents[0]
    proposal_vote_cast(
        proposal_id=result.proposal.pk,
        actor=member,
        choice="approve",
        now=timezone.now(),
        seen_choice="",
    )

    with pytest.raises(DomainError, match="recorded meanwhile in another window or tab: Approve"):
        proposal_vote_cast(
            proposal_id=result.proposal.pk,
            actor=member,
            choice="reject",
            now=timezone.now(),
            seen_choice="",
        )

    assert list(ReviewVote.objects.values_list("choice", flat=True)) == ["approve"]


def test_a_double_click_on_the_same_vote_is_one_vote_not_a_refusal() -> None:
    # As on the Board's votes on applications: the second request of the same choice, sent
    # from the page that showed none, finds the first one's vote and keeps it.
    board = executive_board()
    result = submitted(board=board)
    member = board.vice_presidents[0]
    votes = [
        proposal_vote_cast(
            proposal_id=result.proposal.pk,
            actor=member,
            choice="approve",
            now=timezone.now(),
            seen_choice="",
        )
        for _click in range(2)
    ]

    assert votes[0].pk == votes[1].pk and votes[1].choice == ReviewVote.Choice.APPROVE
    assert votes[1].changed_at == votes[0].changed_at
    assert ReviewVote.objects.filter(proposal=result.proposal).count() == 1


def test_a_double_submission_of_the_same_vote_answers_recorded_twice_with_one_vote() -> None:
    board = executive_board()
    result = submitted(board=board)
    member = board.vice_presidents[0]
    url = reverse("working_groups:proposal_vote", args=[result.proposal.pk])
    tabs = [client_for(member), client_for(member)]

    answers = [tab.post(url, {"choice": "approve", "seen": ""}, follow=True) for tab in tabs]

    for answer in answers:
        assert answer.redirect_chain[0][1] == 302
        assert "Your vote is recorded: Approve." in answer.content.decode()
    assert list(ReviewVote.objects.values_list("choice", flat=True)) == ["approve"]


def _race_won_by(proposal: WorkingGroupProposal, voter: Person, choice: str) -> Any:
    """The voter's other request inserts its vote with ``choice`` right after this one found
    none (a database without row locks): this one's insert then breaks the unique constraint."""
    real_first = QuerySet.first
    raced: list[bool] = []

    def first(queryset: QuerySet[Any]) -> Any:
        found = real_first(queryset)
        if queryset.model is ReviewVote and not raced:
            raced.append(True)
            ReviewVote.objects.create(proposal=proposal, voter=voter, choice=choice)
        return found

    return mock.patch.object(QuerySet, "first", autospec=True, side_effect=first)


def test_losing_the_insert_race_with_the_same_vote_is_that_vote() -> None:
    board = executive_board()
    result = submitted(board=board)
    member = board.vice_presidents[0]
    with _race_won_by(result.proposal, member.person, "approve"):
        vote = proposal_vote_cast(
            proposal_id=result.proposal.pk,
            actor=member,
            choice="approve",
            now=timezone.now(),
            seen_choice="",
        )

    assert vote.pk == ReviewVote.objects.get().pk and vote.choice == "approve"


def test_losing_the_insert_race_to_another_vote_is_refused_with_the_vote_that_stands() -> None:
    board = executive_board()
    result = submitted(board=board)
    member = board.vice_presidents[0]
    with (
        _race_won_by(result.proposal, member.person, "reject"),
        pytest.raises(DomainError, match="recorded meanwhile in another window or tab: Reject"),
    ):
        proposal_vote_cast(
            proposal_id=result.proposal.pk,
            actor=member,
            choice="approve",
            now=timezone.now(),
            seen_choice="",
        )
    # The other request's vote, written here inside this one's transaction, goes with its
    # refusal; in the real race it is the other request's, and stands.


def test_the_database_keeps_one_vote_per_board_member() -> None:
    board = executive_board()
    result = submitted(board=board)
    person = board.president.person
    ReviewVote.objects.create(proposal=result.proposal, voter=person, choice="approve")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewVote.objects.create(proposal=result.proposal, voter=person, choice="reject")


def test_comments_come_from_the_board_and_the_secretariat() -> None:
    board = executive_board()
    result = submitted(board=board)
    proposal_comment_add(
        proposal_id=result.proposal.pk,
        actor=board.president,
        text="Fits our priorities.",
        now=timezone.now(),
    )
    proposal_comment_add(
        proposal_id=result.proposal.pk,
        actor=board_staff(),
        text="Budget is available.",
        now=timezone.now(),
    )
    with pytest.raises(DomainError, match="Only Executive Board members and the secretariat"):
        proposal_comment_add(
            proposal_id=result.proposal.pk,
            actor=result.lead_officer,
            text="Please!",
            now=timezone.now(),
        )
    with pytest.raises(DomainError, match="Write a comment"):
        proposal_comment_add(
            proposal_id=result.proposal.pk, actor=board.president, text="   ", now=timezone.now()
        )
    assert result.proposal.comments.count() == 2


# --- Decision ----------------------------------------------------------------------------


def _decide(proposal_id: int, staff, *, begun: bool = True, **overrides):  # type: ignore[no-untyped-def]
    proposal = WorkingGroupProposal.objects.get(pk=proposal_id)
    if begun and proposal.status == Status.SUBMITTED:
        meeting = proposal.board_meeting
        if meeting is None or meeting.starts_at > timezone.now():
            board_meeting_begins(proposal)
    arguments = {
        "proposal_id": proposal_id,
        "actor": staff,
        "decided_on": timezone.localdate(),
        "approve_votes": 2,
        "reject_votes": 1,
        "abstentions": 0,
        "reason": "In line with AER values.",
        "now": timezone.now(),
        **overrides,
    }
    return proposal_decide(**arguments)


def test_approval_establishes_the_group_with_its_regions_and_tells_every_member(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    board = executive_board()
    staff = board_staff()
    result = submitted(board=board)
    bystander = region("Catalonia")
    bystander_officer = officer(bystander, user__email="catalonia@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        decision = _decide(result.proposal.pk, staff)

    assert decision.approved
    group = WorkingGroup.objects.select_related("body").get(proposal=result.proposal)
    assert group.body.kind == BodyKind.WORKING_GROUP
    assert group.name == "Rural health and telemedicine"
    assert group.mandate_ends_on == first_mandate_last_day(group.established_on)
    roles = dict(GroupMembership.objects.filter(group=group).values_list("region_id", "role"))
    assert roles[result.lead.pk] == GroupMembership.Role.LEAD
    assert {pk for pk, role in roles.items() if role == "supporting"} == {
        member.pk for member, _officer in result.supporters
    }
    announcements = [m for m in mail.outbox if "New AER working group" in m.subject]
    assert bystander_officer.email in {m.to[0] for m in announcements}
    assert result.lead_officer.email in {m.to[0] for m in announcements}
    decided = [m for m in mail.outbox if m.subject.startswith("Working group approved")]
    assert {m.to[0] for m in decided} == {result.lead_officer.email} | {
        o.email for _member, o in result.supporters
    }
    assert "In line with AER values." in decided[0].body
    # The regions read the decision and its reason, never the votes.
    assert "reject" not in decided[0].body.lower() and "abstention" not in decided[0].body.lower()


def test_rejection_creates_no_group() -> None:
    board = executive_board()
    result = submitted(board=board)
    decision = _decide(result.proposal.pk, board_staff(), approve_votes=1, reject_votes=2)
    assert not decision.approved
    assert result.refresh().status == Status.REJECTED
    assert not WorkingGroup.objects.exists()


def test_a_tie_needs_the_presidents_casting_vote() -> None:
    board = executive_board()
    staff = board_staff()
    result = submitted(board=board)
    with pytest.raises(DomainError, match=r"tied \(1 to 1\).*Procedures art\. 14") as error:
        _decide(result.proposal.pk, staff, approve_votes=1, reject_votes=1, abstentions=1)
    assert error.value.field == "casting_vote"
    assert not ProposalDecision.objects.exists()
    decision = _decide(
        result.proposal.pk,
        staff,
        approve_votes=1,
        reject_votes=1,
        abstentions=1,
        casting_vote="approve",
    )
    assert decision.approved and decision.casting_vote == "approve"


def test_the_decision_waits_for_the_board_meeting_and_explains_a_departure() -> None:
    """Art. 14: the decision is the Board's vote at its meeting, never on early online votes;
    a decision against the online review's result records why."""
    board = executive_board(vice_presidents=2)
    staff = board_staff()
    result = submitted(board=board)
    proposal_vote_cast(
        proposal_id=result.proposal.pk,
        actor=board.president,
        choice="approve",
        now=timezone.now(),
    )
    with pytest.raises(DomainError, match=r"The online review is open until") as error:
        _decide(result.proposal.pk, staff, begun=False, approve_votes=1, reject_votes=0)
    assert "Procedures art. 14" in error.value.message
    assert result.refresh().status == Status.SUBMITTED
    assert not ProposalDecision.objects.exists()
    with pytest.raises(DomainError, match="The decision differs") as error:
        _decide(result.proposal.pk, staff, approve_votes=0, reject_votes=2)
    assert error.value.field == "reason_against_online"
    decision = _decide(
        result.proposal.pk,
        staff,
        approve_votes=0,
        reject_votes=2,
        reason_against_online="The Board heard the region's budget at the meeting.",
    )
    assert not decision.approved and decision.reason_against_online.startswith("The Board")
    assert decision.decided_on >= decision.meeting.day


def test_a_tie_the_president_declined_to_decide_rejects_the_proposal() -> None:
    """Procedures art. 14 through rules.votes.decide_vote, as for motions at meetings."""
    board = executive_board()
    result = submitted(board=board)
    decision = _decide(
        result.proposal.pk,
        board_staff(),
        approve_votes=1,
        reject_votes=1,
        abstentions=1,
        casting_vote="declined",
    )
    assert not decision.approved and decision.casting_vote == "declined"
    assert not WorkingGroup.objects.exists()


def test_a_casting_vote_without_a_tie_is_refused() -> None:
    board = executive_board()
    result = submitted(board=board)
    with pytest.raises(DomainError, match="only a tied vote"):
        _decide(result.proposal.pk, board_staff(), casting_vote="reject")


def test_the_decision_needs_a_reason_plausible_votes_and_the_secretariat() -> None:
    board = executive_board(vice_presidents=2)
    staff = board_staff()
    result = submitted(board=board)
    with pytest.raises(DomainError, match="adequacy with AER values"):
        _decide(result.proposal.pk, staff, reason=" ")
    with pytest.raises(
        DomainError, match="5 votes are more than the 3 votes of the members of the Executive Board"
    ):
        _decide(result.proposal.pk, staff, approve_votes=4)
    with pytest.raises(DomainError, match="Only the secretariat"):
        _decide(result.proposal.pk, board.president)
    with pytest.raises(DomainError, match="between the submission"):
        _decide(result.proposal.pk, staff, decided_on=timezone.localdate() + timedelta(days=1))
    assert result.refresh().status == Status.SUBMITTED


def test_a_first_meeting_with_too_short_notice_undoes_the_whole_decision() -> None:
    board = executive_board()
    result = submitted(board=board)
    with pytest.raises(DomainError, match=r"at least four weeks.*Procedures art\. 11\.4") as error:
        _decide(
            result.proposal.pk,
            board_staff(),
            first_meeting_starts_at=timezone.now() + timedelta(days=20),
            first_meeting_place="Gothenburg",
        )
    assert error.value.field == "first_meeting_starts_at"
    assert result.refresh().status == Status.SUBMITTED
    assert not WorkingGroup.objects.exists() and not ProposalDecision.objects.exists()


def test_the_first_meeting_is_planned_with_the_decision() -> None:
    board = executive_board()
    result = submitted(board=board)
    starts = timezone.now() + timedelta(days=35)
    _decide(
        result.proposal.pk,
        board_staff(),
        first_meeting_starts_at=starts,
        first_meeting_place="Gothenburg",
    )
    group = WorkingGroup.objects.get()
    meeting = Meeting.objects.get(body=group.body)
    assert meeting.starts_at == starts and meeting.place == "Gothenburg"


def test_a_second_group_on_the_same_topic_gets_its_own_name() -> None:
    board = executive_board()
    staff = board_staff()
    _first, group = established(board=board, staff=staff)
    _second, other = established(board=board, staff=staff, meeting_days=None)
    assert other.name == f"Rural health and telemedicine ({other.established_on.year})"
    assert other.slug != group.slug


# --- The life of a group -----------------------------------------------------------------


def test_any_member_region_joins_and_leaves() -> None:
    board = executive_board()
    _result, group = established(board=board, staff=board_staff())
    fourth = region("Catalonia")
    fourth_officer = officer(fourth)
    today = timezone.localdate()

    membership = group_join(group_id=group.pk, region=fourth, actor=fourth_officer, today=today)
    assert membership.role == GroupMembership.Role.MEMBER
    with pytest.raises(DomainError, match="is a member of this working group already"):
        group_join(group_id=group.pk, region=fourth, actor=fourth_officer, today=today)
    group_leave(group_id=group.pk, region=fourth, actor=fourth_officer, today=today)
    with pytest.raises(DomainError, match="is not a member"):
        group_leave(group_id=group.pk, region=fourth, actor=fourth_officer, today=today)
    group_join(group_id=group.pk, region=fourth, actor=fourth_officer, today=today)
    assert GroupMembership.objects.filter(group=group, region=fourth).count() == 2


def test_joining_needs_the_regions_own_officer_and_membership() -> None:
    board = executive_board()
    _result, group = established(board=board, staff=board_staff())
    other = region()
    with pytest.raises(DomainError, match="Only an international relations officer"):
        group_join(
            group_id=group.pk, region=other, actor=officer(region()), today=timezone.localdate()
        )
    observer = MemberFactory()
    MembershipFactory(
        member=observer, category=MemberCategory.OBSERVER, board_decision=date(2026, 1, 5)
    )
    with pytest.raises(DomainError, match="observer"):
        group_join(
            group_id=group.pk, region=observer, actor=officer(observer), today=timezone.localdate()
        )


def test_the_chair_and_the_seconded_officer_of_the_chairs_region() -> None:
    board = executive_board()
    staff = board_staff()
    result, group = established(board=board, staff=staff)
    today = timezone.localdate()
    chair_person = PersonFactory(member=result.lead, first_name="Ingrid")
    outsider = PersonFactory(member=region())

    with pytest.raises(DomainError, match="Chair comes from a member region"):
        group_chair_appoint(
            group_id=group.pk,
            person=outsider,
            meeting=held_meeting(group, today),
            actor=staff,
            today=today,
        )
    with pytest.raises(DomainError, match="Only the secretariat"):
        group_chair_appoint(
            group_id=group.pk,
            person=chair_person,
            meeting=held_meeting(group, today),
            actor=result.lead_officer,
            today=today,
        )
    with pytest.raises(DomainError, match="has no Chair yet"):
        group_seconded_officer_appoint(
            group_id=group.pk, person=chair_person, starts_on=today, actor=staff, today=today
        )
    chair = group_chair_appoint(
        group_id=group.pk,
        person=chair_person,
        meeting=held_meeting(group, today),
        actor=staff,
        today=today,
    )
    assert chair.seat.role == Seat.Role.CHAIR and chair.seat.body == group.body
    assert chair.member == result.lead and chair.starts_on == today

    seconded_person = PersonFactory(member=result.lead)
    supporter, supporter_officer = result.supporters[0]
    with pytest.raises(DomainError, match="Only an international relations officer"):
        group_seconded_officer_appoint(
            group_id=group.pk,
            person=seconded_person,
            starts_on=today,
            actor=supporter_officer,
            today=today,
        )
    with pytest.raises(DomainError, match=r"from the Chair's region.*art\. 11\.2"):
        group_seconded_officer_appoint(
            group_id=group.pk,
            person=PersonFactory(member=supporter),
            starts_on=today,
            actor=result.lead_officer,
            today=today,
        )
    officer_mandate = group_seconded_officer_appoint(
        group_id=group.pk,
        person=seconded_person,
        starts_on=today,
        actor=result.lead_officer,
        today=today,
    )
    assert officer_mandate.seat.role == Seat.Role.SECONDED_OFFICER


def test_the_chair_is_a_decision_of_a_held_meeting_of_the_group() -> None:
    """AER Working Groups page, step 4: the group's (first) meeting appoints the Chair."""
    from tests.governance.factories import MeetingFactory

    board = executive_board()
    staff = board_staff()
    result, group = established(board=board, staff=staff)
    today = timezone.localdate()
    person = PersonFactory(member=result.lead)
    planned = MeetingFactory(body=group.body, starts_at=timezone.now() + timedelta(days=40))
    other_body = MeetingFactory(starts_at=timezone.now(), status=Meeting.Status.HELD)
    for meeting in (planned, other_body):
        with pytest.raises(DomainError, match="appoints its Chair at one of its meetings") as error:
            group_chair_appoint(
                group_id=group.pk, person=person, meeting=meeting, actor=staff, today=today
            )
        assert error.value.field == "meeting"
    assert not Mandate.objects.filter(seat__body=group.body).exists()
    held = held_meeting(group, today)
    chair = group_chair_appoint(
        group_id=group.pk, person=person, meeting=held, actor=staff, today=today
    )
    assert chair.starts_on == held.day


def test_a_new_chair_from_another_region_ends_both_offices() -> None:
    board = executive_board()
    staff = board_staff()
    result, group = established(board=board, staff=staff)
    start = group.established_on
    first = group_chair_appoint(
        group_id=group.pk,
        person=PersonFactory(member=result.lead),
        meeting=held_meeting(group, start),
        actor=staff,
        today=start,
    )
    seconded = group_seconded_officer_appoint(
        group_id=group.pk,
        person=PersonFactory(member=result.lead),
        starts_on=start,
        actor=staff,
        today=start,
    )
    later = start + timedelta(days=10)
    with pytest.raises(DomainError, match="holds this office since"):
        group_chair_appoint(
            group_id=group.pk,
            person=PersonFactory(member=result.supporters[0][0]),
            meeting=held_meeting(group, start),
            actor=staff,
            today=later,
        )
    group_chair_appoint(
        group_id=group.pk,
        person=PersonFactory(member=result.supporters[0][0]),
        meeting=held_meeting(group, later),
        actor=staff,
        today=later,
    )
    first.refresh_from_db()
    seconded.refresh_from_db()
    assert first.ends_on == later - timedelta(days=1)
    assert seconded.ends_on == later - timedelta(days=1)


def test_meetings_keep_the_four_week_notice_of_art_11_4() -> None:
    board = executive_board()
    staff = board_staff()
    _result, group = established(board=board, staff=staff)
    today = timezone.localdate()
    with pytest.raises(DomainError, match=r"Procedures art\. 11\.4") as error:
        group_meeting_schedule(
            group_id=group.pk,
            title="Kick-off",
            starts_at=timezone.now() + timedelta(days=27),
            actor=staff,
            today=today,
            place="Online",
        )
    assert error.value.field == "starts_at"
    meeting = group_meeting_schedule(
        group_id=group.pk,
        title="Kick-off",
        starts_at=timezone.now() + timedelta(days=29),
        actor=staff,
        today=today,
        online_url="https://meet.example.org/wg",
    )
    assert meeting.body == group.body


def test_activities_are_recorded_by_the_chairs_region_or_the_secretariat() -> None:
    board = executive_board()
    staff = board_staff()
    result, group = established(board=board, staff=staff)
    today = timezone.localdate()
    arguments = {
        "group_id": group.pk,
        "kind": "publication",
        "title": "Telecare handbook",
        "happened_on": today,
        "today": today,
    }
    with pytest.raises(DomainError, match=r"Procedures art\. 11\.3"):
        group_activity_record(actor=result.lead_officer, **arguments)
    group_chair_appoint(
        group_id=group.pk,
        person=PersonFactory(member=result.lead),
        meeting=held_meeting(group, today),
        actor=staff,
        today=today,
    )
    activity = group_activity_record(actor=result.lead_officer, **arguments)
    assert activity.recorded_by == result.lead_officer
    with pytest.raises(DomainError, match=r"^Kind: ") as refused:
        group_activity_record(actor=staff, **{**arguments, "kind": "party"})
    assert refused.value.field == "kind"


def test_dissolving_a_group_ends_its_offices_and_closes_it() -> None:
    board = executive_board()
    staff = board_staff()
    result, group = established(board=board, staff=staff)
    start = group.established_on
    chair = group_chair_appoint(
        group_id=group.pk,
        person=PersonFactory(member=result.lead),
        meeting=held_meeting(group, start),
        actor=staff,
        today=start,
    )
    later = start + timedelta(days=3)
    with pytest.raises(DomainError, match="Only the secretariat"):
        group_dissolve(
            group_id=group.pk, dissolved_on=later, reason="x", actor=board.president, today=later
        )
    group_dissolve(
        group_id=group.pk, dissolved_on=later, reason="Its work is done.", actor=staff, today=later
    )
    chair.refresh_from_db()
    assert chair.ends_on == later
    fourth = region()
    with pytest.raises(DomainError, match="dissolved this working group"):
        group_join(group_id=group.pk, region=fourth, actor=officer(fourth), today=later)
    with pytest.raises(DomainError, match="dissolved this working group"):
        group_dissolve(
            group_id=group.pk, dissolved_on=later, reason="Again", actor=staff, today=later
        )
    assert Mandate.objects.filter(seat__body=group.body, ends_on__isnull=True).count() == 0
