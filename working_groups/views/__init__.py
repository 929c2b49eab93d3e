"""Pages of the working-group process: they parse input, call one service or selector, and
turn a DomainError into a message on the page."""

from working_groups.views.groups import (
    group_activity_add,
    group_chair,
    group_detail,
    group_dissolve,
    group_join,
    group_leave,
    group_list,
    group_meeting_add,
    group_seconded_officer,
)
from working_groups.views.proposals import (
    proposal_answer,
    proposal_detail,
    proposal_edit,
    proposal_invite,
    proposal_list,
    proposal_new,
    proposal_submit,
    proposal_suggest,
)
from working_groups.views.review import (
    proposal_comment,
    proposal_decide,
    proposal_vote,
    review_queue,
)

__all__ = [
    "group_activity_add",
    "group_chair",
    "group_detail",
    "group_dissolve",
    "group_join",
    "group_leave",
    "group_list",
    "group_meeting_add",
    "group_seconded_officer",
    "proposal_answer",
    "proposal_comment",
    "proposal_decide",
    "proposal_detail",
    "proposal_edit",
    "proposal_invite",
    "proposal_list",
    "proposal_new",
    "proposal_submit",
    "proposal_suggest",
    "proposal_vote",
    "review_queue",
]
