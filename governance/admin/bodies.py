"""The secretariat's admin for bodies, seats and mandates."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from governance.models import Body, Mandate, Seat


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SeatInline]


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "role", "portfolio", "country"]
    list_filter = ["body__kind", "role"]
    search_fields = ["body__name", "portfolio"]
    list_select_related = ["body", "country"]


@admin.register(Mandate)
class MandateAdmin(SimpleHistoryAdmin):
    list_display = ["person", "seat", "member", "starts_on", "ends_on", "consecutive_term"]
    list_filter = ["seat__body__kind", "seat__role"]
    search_fields = ["person__last_name", "person__first_name", "member__name"]
    list_select_related = ["person", "seat__body", "seat__country", "member"]
    autocomplete_fields = ["person", "member"]
