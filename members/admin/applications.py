"""The admin's read-only view of membership applications and notices of withdrawal: they
change only through their pages (fees.views.applications, members.views.withdrawal), whose
services check the Procedures and send the e-mails."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from members.models import MembershipApplication, WithdrawalNotice


class _ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(_ReadOnly):
    list_display = ["name", "country", "category", "status", "submitted_at", "decided_on"]
    list_filter = ["status", "category"]
    list_select_related = ["country"]
    search_fields = ["name", "contact_email"]


@admin.register(WithdrawalNotice)
class WithdrawalNoticeAdmin(_ReadOnly):
    list_display = ["member", "given_on", "effective_on", "given_by"]
    list_select_related = ["member", "given_by"]
