"""Every reminder the portal sent, to whom and when (read only)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from governance.models import ReminderSent


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "kind", "recipient", "deadline", "subject"]
    list_filter = ["kind", "deadline"]
    search_fields = ["recipient", "subject", "deadline_key"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
