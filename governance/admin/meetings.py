"""The secretariat's admin for meetings, their agenda, decisions and proposals.

Meetings are planned here; convening, documents, attendance and votes run from the meeting's
page in the portal (a link on each meeting), where the services apply the Procedures. Ballots
of secret votes have no admin: nobody browses them.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from aer_portal.admin_lists import PortalListMixin, row_url
from governance.models import (
    AgendaItem,
    GeneralAssemblyProposal,
    Meeting,
    MeetingMailing,
    Motion,
    VoteCast,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 1
    fields = ["position", "title", "description"]


class MailingInline(admin.TabularInline):
    model = MeetingMailing
    extra = 0
    fields = ("notice", "sent_at", "sent_by", "recipients", "late_days", "late_confirmation")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(PortalListMixin, SimpleHistoryAdmin):
    list_display = ["title", "body", "starts_at", "status", "portal_page"]
    list_filter = ["body__kind", "status"]
    search_fields = ["title", "body__name"]
    list_select_related = ["body"]
    readonly_fields = [
        "status",
        "invitation_sent_at",
        "documents_sent_at",
        "minutes_approved_at",
        "portal_page",
    ]
    fields = [
        "body",
        "title",
        "description",
        "starts_at",
        "ends_at",
        "place",
        "online_url",
        "status",
        "invitation_sent_at",
        "documents_sent_at",
        "minutes_approved_at",
        "portal_page",
    ]
    inlines = [AgendaItemInline, MailingInline]

    @admin.display(description=_("meeting page"))
    def portal_page(self, obj: Meeting) -> str:
        if not obj.pk:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            row_url("governance:meeting_detail", obj.pk),
            gettext("Convene, documents, attendance, votes"),
        )


@admin.register(Motion)
class MotionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "method", "status", "outcome"]
    list_filter = ["method", "status", "outcome"]
    search_fields = ["text", "meeting__title"]
    list_select_related = ["meeting"]
    readonly_fields = [
        "status",
        "votes_for",
        "votes_against",
        "abstentions",
        "casting_vote",
        "outcome",
        "opened_at",
        "closed_at",
    ]


@admin.register(VoteCast)
class VoteCastAdmin(ReadOnlyAdmin):
    """Who voted online (never what: ballots are stored apart)."""

    list_display = ["voter", "motion"]
    list_select_related = ["voter", "motion"]
    search_fields = ["voter__last_name", "motion__text"]


@admin.register(GeneralAssemblyProposal)
class GeneralAssemblyProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "member", "meeting", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["title", "member__name"]
    list_select_related = ["member", "meeting"]
    readonly_fields = ["status", "agenda_item", "submitted_by", "submitted_at"]


@admin.register(MeetingMailing)
class MeetingMailingAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "notice", "sent_at", "sent_by", "recipients", "late_days"]
    list_filter = ["notice"]
    list_select_related = ["meeting", "sent_by"]
