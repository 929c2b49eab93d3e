"""The secretariat's admin for countries, members, memberships, statistics and suspensions."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from aer_portal.admin_lists import PortalListMixin
from aer_portal.errors import DomainError
from aer_portal.rules.membership import MemberCategory
from members.access import PortalRequest
from members.forms import MembershipAdmitForm
from members.models import (
    Country,
    Member,
    Membership,
    MemberStatistics,
    Person,
    Suspension,
)
from members.resources import (
    MemberResource,
    MemberStatisticsResource,
    PortalImportExportMixin,
)
from members.selectors.memberships import category_label, observer_last_day, with_current_category
from members.services.records import membership_admit


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_en", "name_fr"]
    search_fields = ["code", "name_en", "name_fr"]


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
class MemberAdmin(PortalListMixin, PortalImportExportMixin, SimpleHistoryAdmin):
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

    #: (day, the members annotated with their category on that day), unevaluated: the two
    #: subqueries took a tenth of the list's time to build again for every page.
    _annotated: tuple[date, QuerySet[Member]] | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Member]:
        """Every member with its current category; a copy of the query built once a day."""
        today = timezone.localdate()
        annotated = self._annotated
        if annotated is None or annotated[0] != today:
            queryset = with_current_category(super().get_queryset(request), on=today)
            annotated = self._annotated = (today, queryset)
        return annotated[1].all()

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
class MembershipAdmin(PortalListMixin, SimpleHistoryAdmin):
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
    # The decision's date filter (this year, this month…) rather than a date hierarchy, which
    # truncates every period's date to its year at each view on SQLite (3 000 at five times
    # AER's size), as the invoices list found.
    list_filter = ["category", "board_decision", "member__country"]
    search_fields = ["member__name", "member__native_name"]
    list_select_related = ["member"]
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
                    actor=cast(PortalRequest, request).user,
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


@admin.register(MemberStatistics)
class MemberStatisticsAdmin(PortalListMixin, PortalImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [MemberStatisticsResource]
    list_display = ["member", "year", "population", "relative_gdp", "total_revenue"]
    list_filter = ["year", "member__country"]
    search_fields = ["member__name", "member__native_name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]


@admin.register(Suspension)
class SuspensionAdmin(SimpleHistoryAdmin):
    list_display = ["member", "starts_on", "ends_on", "reason", "source"]
    list_filter = [("ends_on", admin.EmptyFieldListFilter)]
    search_fields = ["member__name", "reason", "source"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
