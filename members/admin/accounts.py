"""The secretariat's admin for portal accounts and the member regions they act for."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from aer_portal.errors import DomainError
from members.access import PortalRequest
from members.forms import InviteForm
from members.models import (
    PortalAccess,
    User,
)
from members.services.accounts import account_invite


class PortalAccessInline(admin.TabularInline):
    model = PortalAccess
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """Accounts; a new one is made by invitation, never with a password typed by staff."""

    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "full_name"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    inlines = [PortalAccessInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "person", "preferred_language")}),
        (
            _("Rights"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Inviting replaces Django's add form: the person chooses their own password."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:members_user_changelist"))
        form = InviteForm(request.POST or None)
        # The same search as the person field of an account, which tells namesakes apart.
        person = form.fields["person"]
        person.widget = AutocompleteSelect(User._meta.get_field("person"), self.admin_site)
        person.widget.choices = person.choices  # type: ignore[attr-defined]
        if request.method == "POST" and form.is_valid():
            try:
                user = account_invite(
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    member=form.cleaned_data["member"],
                    role=form.cleaned_data["role"],
                    person=form.cleaned_data["person"],
                    is_staff=form.cleaned_data["is_staff"],
                    invited_by=cast(PortalRequest, request).user,
                    base_url=request.build_absolute_uri("/"),
                )
            except DomainError as error:
                form.add_error("person" if error.field == "person" else "email", error.message)
            else:
                self.message_user(
                    request,
                    _("%(email)s is invited; the e-mail with the link is on its way.")
                    % {"email": user.email},
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:members_user_change", args=[user.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a person"),
            "form": form,
            "media": self.media + form.media,
            "opts": self.model._meta,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/members/user/invite.html", context)


@admin.register(PortalAccess)
class PortalAccessAdmin(SimpleHistoryAdmin):
    list_display = ["user", "member", "role"]
    list_filter = ["role", "member__country"]
    search_fields = ["user__email", "user__full_name", "member__name"]
    list_select_related = ["user", "member"]
    autocomplete_fields = ["user", "member"]
