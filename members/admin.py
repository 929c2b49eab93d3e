"""The secretariat's admin for members, people and accounts."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin

from aer_portal.errors import DomainError
from aer_portal.rules.membership import MemberCategory
from members.forms import InviteForm, MembershipAdmitForm
from members.models import (
    ContactRole,
    Country,
    Member,
    Membership,
    MemberStatistics,
    Person,
    PortalAccess,
    RegionalMandate,
    Suspension,
    User,
)
from members.resources import (
    PORTAL_FORMATS,
    MemberResource,
    MemberStatisticsResource,
    PersonResource,
)
from members.selectors import (
    category_label,
    observer_last_day,
    person_personal_data,
    with_current_category,
)
from members.services import account_invite, membership_admit, person_anonymise


class PortalImportExportMixin(ImportExportMixin):
    """CSV and XLSX with formulas neutralised; an import is all or nothing, after a preview,
    and lists every bad row with its line. Importing needs the model's "add" permission."""

    formats = PORTAL_FORMATS
    import_template_name = "admin/members/import.html"

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        data = super().get_import_data_kwargs(**kwargs)
        data["rollback_on_validation_errors"] = True
        return data


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
        if request.method == "POST" and form.is_valid():
            try:
                user = account_invite(
                    email=form.cleaned_data["email"],
                    full_name=form.cleaned_data["full_name"],
                    member=form.cleaned_data["member"],
                    role=form.cleaned_data["role"],
                    is_staff=form.cleaned_data["is_staff"],
                    invited_by=request.user,  # type: ignore[arg-type]
                    base_url=request.build_absolute_uri("/"),
                )
            except DomainError as error:
                form.add_error("email", error.message)
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
            "opts": self.model._meta,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/members/user/invite.html", context)


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "name_fr"]
    search_fields = ["code", "name_en", "name_fr"]


# --- Members ------------------------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    """The category history; a new category is recorded with "Admit or change category"."""

    model = Membership
    extra = 0
    can_delete = False
    show_change_link = True
    fields = readonly_fields = (
        "category",
        "board_decision",
        "ga_ratification",
        "observer_until",
        "ended_on",
        "end_reason",
    )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("observer status until"))
    def observer_until(self, membership: Membership) -> date | None:
        return membership.observer_last_day


class PersonInline(admin.TabularInline):
    model = Person
    extra = 0
    show_change_link = True
    fields = ["first_name", "last_name", "title", "email", "phone"]
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).filter(anonymised_on__isnull=True)


class MemberStatisticsInline(admin.TabularInline):
    model = MemberStatistics
    extra = 0
    fields = [
        "year",
        "population",
        "population_source",
        "relative_gdp",
        "relative_gdp_source",
        "total_revenue",
        "total_revenue_source",
    ]


class SuspensionInline(admin.TabularInline):
    """Suspensions are written by the fees app; shown here so the record is complete."""

    model = Suspension
    extra = 0
    can_delete = False
    fields = readonly_fields = ("starts_on", "ends_on", "reason", "source")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CurrentCategoryFilter(admin.SimpleListFilter):
    title = _("current category")
    parameter_name = "category"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(c.value, gettext(c.label)) for c in MemberCategory] + [
            ("none", gettext("Not a member now"))
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value == "none":
            return queryset.filter(current_category__isnull=True)
        if value:
            return queryset.filter(current_category=value)
        return queryset


@admin.register(Member)
class MemberAdmin(PortalImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [MemberResource]
    list_display = [
        "name",
        "native_name",
        "country",
        "kind",
        "current_category",
        "observer_until",
        "hosts_aer_office",
    ]
    list_filter = [CurrentCategoryFilter, "kind", "hosts_aer_office", "country"]
    search_fields = ["name", "native_name", "country__name_en"]
    list_select_related = ["country"]
    readonly_fields = ["current_category", "observer_until"]
    inlines = [MembershipInline, PersonInline, MemberStatisticsInline, SuspensionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Member]:
        return with_current_category(super().get_queryset(request), on=timezone.localdate())

    @admin.display(description=_("current category"), ordering="current_category")
    def current_category(self, member: Member) -> str:
        return category_label(getattr(member, "current_category", None))

    @admin.display(description=_("observer status until"))
    def observer_until(self, member: Member) -> date | None:
        return observer_last_day(
            category=getattr(member, "current_category", None),
            since=getattr(member, "category_since", None),
        )


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    """A new period is the Executive Board's decision (membership_admit, Procedures art. 2);
    an existing one may get its ratification, end and reason."""

    list_display = [
        "member",
        "category",
        "board_decision",
        "ga_ratification",
        "observer_until",
        "ended_on",
        "end_reason",
    ]
    list_filter = ["category", "member__country"]
    search_fields = ["member__name", "member__native_name"]
    list_select_related = ["member"]
    date_hierarchy = "board_decision"
    readonly_fields = ["member", "category", "board_decision", "observer_until"]
    fields = [
        "member",
        "category",
        "board_decision",
        "observer_until",
        "ga_ratification",
        "ended_on",
        "end_reason",
    ]

    @admin.display(description=_("observer status until"))
    def observer_until(self, membership: Membership) -> date | None:
        return membership.observer_last_day

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """Admitting a member or changing its category goes through the rules of art. 2."""
        if not self.has_add_permission(request):
            return HttpResponseRedirect(reverse("admin:members_membership_changelist"))
        form = MembershipAdmitForm(request.POST or None, initial=request.GET.dict())
        if request.method == "POST" and form.is_valid():
            try:
                membership = membership_admit(
                    member=form.cleaned_data["member"],
                    category=MemberCategory(form.cleaned_data["category"]),
                    board_decision=form.cleaned_data["board_decision"],
                    ga_ratification=form.cleaned_data["ga_ratification"],
                    actor=request.user,  # type: ignore[arg-type]
                )
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                self.message_user(
                    request, _("%(membership)s is recorded.") % {"membership": membership}
                )
                return HttpResponseRedirect(
                    reverse("admin:members_member_change", args=[membership.member_id])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Admit a member or change its category"),
            "form": form,
            "opts": self.model._meta,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/members/membership/admit.html", context)


# --- People -------------------------------------------------------------------------------


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
class PersonAdmin(PortalImportExportMixin, SimpleHistoryAdmin):
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
                    actor=request.user,  # type: ignore[arg-type]
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


@admin.register(PortalAccess)
class PortalAccessAdmin(SimpleHistoryAdmin):
    list_display = ["user", "member", "role"]
    list_filter = ["role", "member__country"]
    search_fields = ["user__email", "user__full_name", "member__name"]
    list_select_related = ["user", "member"]
    autocomplete_fields = ["user", "member"]


@admin.register(MemberStatistics)
class MemberStatisticsAdmin(PortalImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [MemberStatisticsResource]
    list_display = ["member", "year", "population", "relative_gdp", "total_revenue"]
    list_filter = ["year", "member__country"]
    search_fields = ["member__name", "member__native_name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


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


@admin.register(Suspension)
class SuspensionAdmin(SimpleHistoryAdmin):
    list_display = ["member", "starts_on", "ends_on", "reason", "source"]
    list_filter = [("ends_on", admin.EmptyFieldListFilter)]
    search_fields = ["member__name", "reason", "source"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
