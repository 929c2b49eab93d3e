"""Every write to working-group proposals and working groups goes through a function here.

Each function takes the acting account, checks that it may act (a view's check is not enough),
applies aer_portal.rules, raises DomainError naming the field and the rule, and sends its
e-mails after the commit through working_groups.tasks.
"""

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
from working_groups.services.review import (
    proposal_comment_add,
    proposal_decide,
    proposal_vote_cast,
)

__all__ = [
    "group_activity_record",
    "group_chair_appoint",
    "group_dissolve",
    "group_join",
    "group_leave",
    "group_meeting_schedule",
    "group_seconded_officer_appoint",
    "proposal_comment_add",
    "proposal_create",
    "proposal_decide",
    "proposal_submit",
    "proposal_support_answer",
    "proposal_support_invite",
    "proposal_support_suggest",
    "proposal_update",
    "proposal_vote_cast",
]
