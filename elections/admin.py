"""The secretariat's admin for elections: elections and their positions are set up here;
candidacies, rounds and results are read here and changed on the election desk, through the
services. Secret ballots and the list of who voted are not in the admin at all."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import ForeignKey
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from aer_portal.rules.bodies import Body as BodyKind
from elections.models import Candidacy, Election, Position, Round, RoundCandidate
from governance.models import Meeting


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    fields = ["kind", "seats", "by_election", "term_ends_on", "order"]


@admin.register(Election)
class ElectionAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "meeting",
        "is_published",
        "portfolio_sent_on",
        "results_published_on",
        "desk",
    ]
    list_filter = ["is_published"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting"]
    inlines = [PositionInline]
    fields = [
        "meeting",
        "title",
        "is_published",
        "tallier_one",
        "tallier_two",
        "portfolio_generated_at",
        "portfolio_sent_on",
        "results_published_on",
    ]
    readonly_fields = ["portfolio_generated_at", "portfolio_sent_on", "results_published_on"]

    @admin.display(description=_("election desk"))
    def desk(self, election: Election) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("elections:desk", args=[election.pk]), _("open")
        )

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "meeting":
            kwargs["queryset"] = Meeting.objects.filter(
                body__kind=BodyKind.GENERAL_ASSEMBLY
            ).select_related("body")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Shown to the secretariat with its history; changed only through the election desk."""

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Candidacy)
class CandidacyAdmin(ReadOnlyAdmin):
    list_display = ["person", "position", "member", "status", "submitted_on", "reviewed_on"]
    list_filter = ["status", "position__kind", "election"]
    search_fields = ["person__last_name", "person__first_name", "member__name"]
    list_select_related = ["person", "position", "member"]


class RoundCandidateInline(admin.TabularInline):
    model = RoundCandidate
    extra = 0
    fields = ("number", "candidacy", "votes", "advances")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "method", "status", "secret", "opened_at", "closed_at", "elected"]
    list_filter = ["status", "method", "position__election"]
    list_select_related = ["position", "elected__person"]
    inlines = [RoundCandidateInline]
