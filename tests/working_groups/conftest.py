"""The shared test world (tests/world.py) for the page tests, with a Board, the secretariat, a
third region and a proposal at each step."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
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
from tests.world import ROLES as PEOPLE
from tests.world import World as SharedWorld
from tests.world import people
from working_groups.models import WorkingGroup
from working_groups.services.groups import group_chair_appoint
from working_groups.services.proposals import (
    proposal_submit,
    proposal_support_answer,
    proposal_support_invite,
)


@dataclass
class World(SharedWorld):
    """The shared world with region A leading the proposals, region B unrelated to them, and
    a third region, invited to support them."""

    board: Board
    invited: Member
    draft: Draft
    submitted: Draft
    approved: Draft
    group: WorkingGroup

    @property
    def lead(self) -> Member:
        return self.region_a

    @property
    def other(self) -> Member:
        return self.region_b

    @property
    def lead_officer(self) -> User:
        return self._someone("region A")

    @property
    def other_officer(self) -> User:
        return self._someone("region B")

    @property
    def invited_officer(self) -> User:
        return self._someone("invited")

    @property
    def staff(self) -> User:
        return self._someone("staff")

    def _someone(self, role: str) -> User:
        user = self.users[role]
        assert user is not None
        return user


#: The shared people, and the invited region's officer after region A's.
ROLES = (*PEOPLE[:2], "invited", *PEOPLE[2:])


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def build_world() -> World:
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
    proposal_support_invite(
        proposal_id=the_draft.proposal.pk, region=invited, actor=lead_officer, now=timezone.now()
    )
    # The lead region's proposal before the Board, Innlandet among its three supporters.
    under_review = draft(board=board, supporters=2, lead=lead, topic="Rural telemedicine")
    now = timezone.now()
    proposal_support_invite(
        proposal_id=under_review.proposal.pk, region=invited, actor=lead_officer, now=now
    )
    proposal_support_answer(
        proposal_id=under_review.proposal.pk,
        region=invited,
        confirm=True,
        actor=invited_officer,
        now=now,
    )
    proposal_submit(proposal_id=under_review.proposal.pk, actor=lead_officer, now=timezone.now())
    under_review.refresh()
    approved, group = established(
        board=board, staff=staff, meeting_days=None, lead=lead, topic="Youth participation"
    )
    group_chair_appoint(
        group_id=group.pk,
        person=PersonFactory(member=lead, first_name="Ingrid", last_name="Andersson"),
        meeting=held_meeting(group, group.established_on),
        actor=staff,
        today=timezone.localdate(),
    )
    users = people(
        lead,
        other,
        officer_a=lead_officer,
        officer_b=other_officer,
        board=board.vice_presidents[0],
        staff=staff,
    )
    users["invited"] = invited_officer
    return World(
        region_a=lead,
        region_b=other,
        users=users,
        board=board,
        invited=invited,
        draft=the_draft,
        submitted=under_review,
        approved=approved,
        group=group,
    )
