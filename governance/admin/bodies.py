"""The secretariat's admin for bodies, seats and mandates.

Term limits and composition rules never block a save: the secretariat records what happened,
and the admin says, after saving, which article the result breaks and why.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields
from simple_history.admin import SimpleHistoryAdmin

from aer_portal.admin_lists import PortalListMixin
from aer_portal.messages import render_with_article
from aer_portal.rules.messages import Message
from governance.models import Body, Mandate, Seat
from governance.selectors.bodies import body_warnings, current_mandates_of, mandate_warnings
from governance.services.bodies import seat_for
from members.models import Country, Member, Person
from members.resources import (
    LookupWidget,
    PortalImportExportMixin,
    PortalResource,
    add_missing_id_column,
)


def _rendered(warnings: tuple[Message, ...] | list[Message]) -> list[str]:
    return [render_with_article(warning) for warning in warnings]


class MandateResource(PortalResource):
    """Mandates: who (person id), for which member, which seat (body, role, portfolio,
    country) and which term. A seat that does not exist yet is created with the mandate."""

    person = fields.Field(
        attribute="person",
        column_name="person id",
        widget=LookupWidget(Person, "pk", what="person with the id"),
    )
    person_name = fields.Field(column_name="person", readonly=True)
    member = fields.Field(
        attribute="member",
        column_name="member",
        widget=LookupWidget(Member, "name", what="member named"),
    )
    body = fields.Field(column_name="body")
    role = fields.Field(column_name="seat")
    portfolio = fields.Field(column_name="portfolio")
    country = fields.Field(column_name="country")

    class Meta(PortalResource.Meta):
        model = Mandate
        import_id_fields = ("id",)
        fields = (
            "id",
            "person",
            "person_name",
            "member",
            "body",
            "role",
            "portfolio",
            "country",
            "starts_on",
            "ends_on",
            "consecutive_term",
        )
        export_order = fields

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        add_missing_id_column(dataset)
        super().before_import(dataset, **kwargs)

    def filter_export(self, queryset: Any, **kwargs: Any) -> Any:
        return queryset.select_related("person", "member", "seat__body", "seat__country")

    def dehydrate_person_name(self, mandate: Mandate) -> str:
        return str(mandate.person)

    def dehydrate_body(self, mandate: Mandate) -> str:
        return mandate.seat.body.slug

    def dehydrate_role(self, mandate: Mandate) -> str:
        return mandate.seat.role

    def dehydrate_portfolio(self, mandate: Mandate) -> str:
        return mandate.seat.portfolio

    def dehydrate_country(self, mandate: Mandate) -> str:
        return mandate.seat.country.code if mandate.seat.country else ""

    def import_instance(self, instance: Mandate, row: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        body = Body.objects.filter(slug=str(row.get("body") or "").strip()).first()
        if body is None:
            errors["body"] = [
                gettext("no body with the short name “%(body)s” is recorded.")
                % {"body": row.get("body") or ""}
            ]
        role = str(row.get("seat") or "").strip()
        if role not in Seat.Role.values:
            errors["seat"] = [
                gettext("“%(role)s” is not a seat; use one of %(roles)s.")
                % {"role": role, "roles": ", ".join(Seat.Role.values)}
            ]
        code = str(row.get("country") or "").strip().upper()
        country = Country.objects.filter(code=code).first() if code else None
        if code and country is None:
            errors["country"] = [
                gettext("no country with the ISO code “%(code)s” is recorded.") % {"code": code}
            ]
        if errors:
            raise ValidationError(errors)
        assert body is not None
        instance.seat = seat_for(
            body=body,
            role=role,
            portfolio=str(row.get("portfolio") or "").strip(),
            country_id=country.pk if country else None,
        )
        if instance.member_id is None and instance.person_id is not None:
            instance.member_id = instance.person.member_id


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0


@admin.register(Body)
class BodyAdmin(PortalListMixin, SimpleHistoryAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["warnings"]
    inlines = [SeatInline]

    @admin.display(description=_("warnings (never blocking)"))
    def warnings(self, body: Body) -> SafeString | str:
        if body.pk is None:
            return "—"
        today = timezone.localdate()
        found = body_warnings(
            body=body,
            mandates=current_mandates_of(body=body, on=today, for_warnings=True),
            on=today,
        )
        if not found:
            return gettext("None: the composition follows the Procedures.")
        return format_html_join("", "<p>{}</p>", ((text,) for text in _rendered(found)))


@admin.register(Seat)
class SeatAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "body", "role", "portfolio", "country"]
    list_filter = ["body__kind", "role"]
    search_fields = ["body__name", "portfolio"]
    list_select_related = ["body", "country"]


@admin.register(Mandate)
class MandateAdmin(PortalListMixin, PortalImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [MandateResource]
    list_display = ["person", "seat", "member", "starts_on", "ends_on", "consecutive_term"]
    list_filter = ["seat__body__kind", "seat__role"]
    search_fields = ["person__last_name", "person__first_name", "member__name"]
    list_select_related = ["person", "seat__body", "seat__country", "member"]
    autocomplete_fields = ["person", "member", "seat"]

    def save_model(self, request: HttpRequest, obj: Mandate, form: ModelForm, change: bool) -> None:
        """Saves what the secretariat typed, then warns about every rule it breaks."""
        super().save_model(request, obj, form, change)
        for text in _rendered(mandate_warnings(mandate=obj, on=timezone.localdate())):
            messages.warning(request, text)
