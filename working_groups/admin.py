"""The secretariat's admin for proposals and working groups.

Decisions, votes and memberships are written through the portal's pages (the services apply
the rules); here they are read, and the plain texts can be corrected.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from working_groups.models import (
    GroupActivity,
    GroupMembership,
    ProposalDecision,
    ProposalSupport,
    ReviewComment,
    ReviewVote,
    WorkingGroup,
    WorkingGroupProposal,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class SupportInline(ReadOnlyInline):
    model = ProposalSupport
    fields = ["region", "status", "invited_at", "answered_at", "suggestion_note"]


class VoteInline(ReadOnlyInline):
    model = ReviewVote
    fields = ["voter", "choice", "cast_at", "changed_at"]


class CommentInline(ReadOnlyInline):
    model = ReviewComment
    fields = ["author", "created_at", "text"]


@admin.register(WorkingGroupProposal)
class WorkingGroupProposalAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "lead_region", "status", "submitted_at", "board_meeting"]
    list_filter = ["status"]
    search_fields = ["topic", "lead_region__name"]
    list_select_related = ["lead_region", "board_meeting"]
    readonly_fields = [
        "lead_region",
        "status",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "submitted_by",
        "board_meeting",
    ]
    inlines = [SupportInline, VoteInline, CommentInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ProposalDecision)
class ProposalDecisionAdmin(SimpleHistoryAdmin):
    list_display = ["proposal", "decided_on", "approved", "approve_votes", "reject_votes"]
    list_filter = ["approved"]
    list_select_related = ["proposal"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MembershipInline(ReadOnlyInline):
    model = GroupMembership
    fields = ["region", "role", "joined_on", "left_on"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "lead_region", "established_on", "mandate_ends_on", "dissolved_on"]
    list_filter = ["dissolved_on"]
    search_fields = ["body__name", "lead_region__name"]
    list_select_related = ["body", "lead_region"]
    readonly_fields = [
        "body",
        "proposal",
        "lead_region",
        "established_on",
        "dissolved_on",
        "dissolution_reason",
        "dissolution_recorded_by",
    ]
    inlines = [MembershipInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(GroupActivity)
class GroupActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "group", "kind", "happened_on"]
    list_filter = ["kind"]
    search_fields = ["title", "group__body__name"]
    list_select_related = ["group__body"]
