"""The secretariat's admin for people, their contact roles and regional mandates."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from aer_portal.admin_lists import PortalListMixin
from members.access import PortalRequest
from members.models import (
    ContactRole,
    Member,
    Person,
    RegionalMandate,
)
from members.resources import (
    PersonResource,
    PortalImportExportMixin,
)
from members.selectors.personal_data import person_personal_data
from members.services.records import person_anonymise


class ContactRoleInline(admin.TabularInline):
    model = ContactRole
    extra = 0


class RegionalMandateInline(admin.TabularInline):
    model = RegionalMandate
    extra = 0
    fields = ["kind", "starts_on", "ends_on", "lost_on", "substitute_due"]
    readonly_fields = ["substitute_due"]

    @admin.display(description=_("substitute due by (art. 15.2)"))
    def substitute_due(self, mandate: RegionalMandate) -> date | None:
        return mandate.substitute_due


@admin.register(Person)
class PersonAdmin(PortalListMixin, PortalImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [PersonResource]
    list_display = ["__str__", "member", "email", "title", "anonymised_on"]
    search_fields = ["last_name", "first_name", "email", "member__name", "record_label"]
    list_filter = [
        "member__country",
        "contact_roles__role",
        ("anonymised_on", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    readonly_fields = ["anonymised_on", "record_label"]
    inlines = [ContactRoleInline, RegionalMandateInline]
    actions = ["export_personal_data", "anonymise"]

    @admin.action(description=_("Export personal data (GDPR, ZIP of JSON)"))
    def export_personal_data(self, request: HttpRequest, queryset: QuerySet[Person]) -> Any:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for person in queryset.order_by("pk"):
                data = person_personal_data(person_id=person.pk)
                archive.writestr(
                    f"person-{person.pk}.json", json.dumps(data, ensure_ascii=False, indent=2)
                )
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="personal-data-{stamp}.zip"'
        return response

    @admin.action(description=_("Anonymise (GDPR right to erasure)"), permissions=["change"])
    def anonymise(self, request: HttpRequest, queryset: QuerySet[Person]) -> Any:
        people = list(queryset.filter(anonymised_on__isnull=True).select_related("member"))
        if request.POST.get("confirm") == "yes":
            for person in people:
                person_anonymise(
                    person=person,
                    actor=cast(PortalRequest, request).user,
                    today=timezone.localdate(),
                )
            self.message_user(
                request,
                _("%(count)d people are anonymised; their mandates remain as historical records.")
                % {"count": len(people)},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Anonymise these people?"),
            "people": people,
            "queryset": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/members/person/anonymise_confirmation.html", context
        )


@admin.register(ContactRole)
class ContactRoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "role", "unit", "member"]
    list_filter = ["role", "person__member__country"]
    search_fields = ["person__last_name", "person__first_name", "person__member__name", "unit"]
    list_select_related = ["person__member"]
    autocomplete_fields = ["person"]

    @admin.display(description=_("member"), ordering="person__member__name")
    def member(self, role: ContactRole) -> Member | None:
        return role.person.member


@admin.register(RegionalMandate)
class RegionalMandateAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "starts_on", "ends_on", "lost_on", "substitute_due"]
    list_filter = [("lost_on", admin.EmptyFieldListFilter), "person__member__country"]
    search_fields = ["person__last_name", "person__first_name", "kind", "person__member__name"]
    list_select_related = ["person"]
    autocomplete_fields = ["person"]
    readonly_fields = ["substitute_due"]

    @admin.display(description=_("substitute due by (art. 15.2)"))
    def substitute_due(self, mandate: RegionalMandate) -> date | None:
        return mandate.substitute_due


def person_choice_label(person: Person) -> str:
    """A person as the admin's search lists them: namesakes told apart by region, address and
    what they are a contact for."""
    roles = ", ".join(str(role.get_role_display()) for role in person.contact_roles.all())
    details = [
        person.member.name if person.member else str(_("secretariat")),
        person.email or str(_("no e-mail")),
        *([roles] if roles else []),
    ]
    return f"{person} — {' · '.join(details)}"


class PortalAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, with people labelled by :func:`person_choice_label`."""

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset()
        if queryset.model is Person:
            queryset = queryset.select_related("member").prefetch_related("contact_roles")
        return queryset

    def serialize_result(self, obj: Any, to_field_name: str) -> dict[str, str]:
        text = person_choice_label(obj) if isinstance(obj, Person) else str(obj)
        return {"id": str(getattr(obj, to_field_name)), "text": text}


def _autocomplete(request: HttpRequest) -> HttpResponseBase:
    return PortalAutocompleteJsonView.as_view(admin_site=admin.site)(request)


# Every autocomplete of the admin (an account's person, a contact role's person, ...) goes
# through the site's one view; the URLs are built after the apps' admin modules are imported.
admin.site.autocomplete_view = _autocomplete  # type: ignore[method-assign,assignment]
