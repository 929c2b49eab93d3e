"""A small AER for the page tests: a Board, the secretariat, regions and a proposal at each step."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from members.models import Member, User
from tests.factories import PersonFactory
from tests.working_groups.factories import (
    Board,
    Draft,
    board_meeting,
    board_staff,
    draft,
    established,
    executive_board,
    held_meeting,
    officer,
    region,
)
from working_groups import services
from working_groups.models import WorkingGroup


@dataclass
class World:
    board: Board
    staff: User
    lead: Member
    lead_officer: User
    invited: Member
    invited_officer: User
    other: Member
    other_officer: User
    draft: Draft
    submitted: Draft
    approved: Draft
    group: WorkingGroup

    def user(self, role: str) -> User | None:
        return {
            "anonymous": None,
            "lead": self.lead_officer,
            "invited": self.invited_officer,
            "other": self.other_officer,
            "board": self.board.vice_presidents[0],
            "staff": self.staff,
        }[role]


ROLES = ("anonymous", "lead", "invited", "other", "board", "staff")


@pytest.fixture
def world(db: None) -> World:
    board = executive_board()
    staff = board_staff()
    board_meeting(days=21, board=board)
    lead = region("Västra Götaland Region")
    lead_officer = officer(lead)
    invited = region("Innlandet County")
    invited_officer = officer(invited)
    other = region("Catalonia")
    other_officer = officer(other)
    # The lead region's draft: two confirmed supporters and Innlandet invited, no answer yet.
    the_draft = draft(board=board, supporters=2, lead=lead, topic="Green hydrogen valleys")
    the_draft.lead_officer = lead_officer
    services.proposal_support_invite(
        proposal_id=the_draft.proposal.pk, region=invited, actor=lead_officer, now=timezone.now()
    )
    # The lead region's proposal before the Board, Innlandet among its three supporters.
    under_review = draft(board=board, supporters=2, lead=lead, topic="Rural telemedicine")
    now = timezone.now()
    services.proposal_support_invite(
        proposal_id=under_review.proposal.pk, region=invited, actor=lead_officer, now=now
    )
    services.proposal_support_answer(
        proposal_id=under_review.proposal.pk,
        region=invited,
        confirm=True,
        actor=invited_officer,
        now=now,
    )
    services.proposal_submit(
        proposal_id=under_review.proposal.pk, actor=lead_officer, now=timezone.now()
    )
    under_review.refresh()
    approved, group = established(
        board=board, staff=staff, meeting_days=None, lead=lead, topic="Youth participation"
    )
    services.group_chair_appoint(
        group_id=group.pk,
        person=PersonFactory(member=lead, first_name="Ingrid", last_name="Andersson"),
        meeting=held_meeting(group, group.established_on),
        actor=staff,
        today=timezone.localdate(),
    )
    return World(
        board=board,
        staff=staff,
        lead=lead,
        lead_officer=lead_officer,
        invited=invited,
        invited_officer=invited_officer,
        other=other,
        other_officer=other_officer,
        draft=the_draft,
        submitted=under_review,
        approved=approved,
        group=group,
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
