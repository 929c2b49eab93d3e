"""The Treasurer's pages: discounts and exemptions (art. 3.4) and the budget view (art. 13)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aer_portal.errors import DomainError
from fees import selectors, services
from fees.forms import ExemptionForm, ExpenditureForm
from fees.views.access import treasurer_or_staff_required
from members.http import PortalRequest


@require_http_methods(["GET", "POST"])
@treasurer_or_staff_required
def exemptions(request: PortalRequest) -> HttpResponse:
    """Every discount and exemption granted; the Treasurer approves new ones here."""
    today = timezone.localdate()
    form = ExemptionForm(request.POST or None, initial={"year": today.year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            exemption = services.exemption_approve(
                member=data["member"],
                year=data["year"],
                amount=data["amount"],
                justification=data["justification"],
                actor=request.user,
                today=today,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Approved for %(member)s, %(year)s.")
                % {"member": exemption.member, "year": exemption.year},
            )
            return HttpResponseRedirect(reverse("fees:exemptions"))
    return render(
        request,
        "fees/exemptions.html",
        {
            "form": form,
            "exemptions": selectors.exemptions_list(),
            "is_treasurer": selectors.is_treasurer(user=request.user, on=today),
        },
    )


@require_GET
@treasurer_or_staff_required
def budget_current(request: PortalRequest) -> HttpResponse:
    return HttpResponseRedirect(reverse("fees:budget", args=[timezone.localdate().year]))


@require_http_methods(["GET", "POST"])
@treasurer_or_staff_required
def budget(request: PortalRequest, year: int) -> HttpResponse:
    """Expected fee income, invoiced, received, outstanding, against ordinary expenditure."""
    if not 2016 <= year <= 2100:
        raise Http404
    today = timezone.localdate()
    overview = selectors.budget_overview(year=year, on=today)
    initial = {"amount": overview.expenditure.amount} if overview.expenditure else {}
    form = ExpenditureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ordinary_expenditure_record(
                year=year,
                amount=form.cleaned_data["amount"],
                note=form.cleaned_data["note"],
                actor=request.user,
                today=today,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Ordinary expenditure of %(year)s saved.") % {"year": year})
            return HttpResponseRedirect(reverse("fees:budget", args=[year]))
    return render(
        request,
        "fees/budget.html",
        {
            "overview": overview,
            "form": form,
            "year": year,
            "years": range(today.year + 1, today.year - 4, -1),
        },
    )


urlpatterns = [
    path("exemptions/", exemptions, name="exemptions"),
    path("budget/", budget_current, name="budget_current"),
    path("budget/<int:year>/", budget, name="budget"),
]
