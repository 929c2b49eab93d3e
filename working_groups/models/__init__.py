"""The working_groups app's models, one module per area."""

from working_groups.models.groups import GroupActivity, GroupMembership, WorkingGroup
from working_groups.models.proposals import (
    POLICY_AREA_SEATS,
    ProposalDecision,
    ProposalSupport,
    ReviewComment,
    ReviewVote,
    WorkingGroupProposal,
    split_activities,
)

__all__ = [
    "POLICY_AREA_SEATS",
    "GroupActivity",
    "GroupMembership",
    "ProposalDecision",
    "ProposalSupport",
    "ReviewComment",
    "ReviewVote",
    "WorkingGroup",
    "WorkingGroupProposal",
    "split_activities",
]
