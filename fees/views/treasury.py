"""The Treasurer's pages: discounts and exemptions (art. 3.4) and the budget view (art. 13)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.errors import DomainError
from fees.forms import ExemptionForm, ExpenditureForm
from fees.models import ReductionProposal
from fees.selectors.budget import budget_overview
from fees.selectors.invoices import exemptions_list, reduction_proposals
from fees.services.assessments import fees_assess
from fees.services.budget import ordinary_expenditure_record
from fees.services.reductions import reduction_approve, reduction_propose, reduction_reject
from members.access import PortalRequest, may_decide_as_treasurer, treasury_page


@require_http_methods(["GET", "POST"])
@treasury_page
def exemptions(request: PortalRequest) -> HttpResponse:
    """Discounts and credit notes: staff propose, the Treasurer approves (Procedures art. 3.4).

    A proposal made by the Treasurer's own account is approved at once.
    """
    today = timezone.localdate()
    user = request.user
    treasurer = may_decide_as_treasurer(request.portal)
    form = ExemptionForm(request.POST or None, initial={"year": today.year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = reduction_propose(
                kind=ReductionProposal.Kind.DISCOUNT,
                member=data["member"],
                year=data["year"],
                amount=data["amount"],
                reason=data["justification"],
                actor=user,
                today=today,
                approve_at_once=treasurer,
            )
        except DomainError as error:
            field = "justification" if error.field == "reason" else error.field
            form.add_error(field if field in form.fields else None, error.message)
        else:
            if treasurer:
                text = _("Approved for %(member)s, %(year)s.")
            else:
                text = _(
                    "Proposed for %(member)s, %(year)s. Only the Vice-President Treasurer "
                    "approves a discount (Procedures art. 3.4): it takes effect when the "
                    "Treasurer approves it here."
                )
            messages.success(request, text % {"member": proposal.member, "year": proposal.year})
            return HttpResponseRedirect(reverse("fees:exemptions"))
    return render(
        request,
        "fees/exemptions.html",
        {
            "form": form,
            "exemptions": exemptions_list(),
            "proposals": reduction_proposals(),
            "is_treasurer": treasurer,
        },
    )


@require_POST
@treasury_page
def reduction_decide(request: PortalRequest, pk: int) -> HttpResponse:
    """The Treasurer approves or rejects a proposed credit note or discount, with a reason."""
    proposal = get_object_or_404(ReductionProposal, pk=pk)
    today = timezone.localdate()
    decision = request.POST.get("decision")
    reason = request.POST.get("reason", "")
    try:
        if decision == "approve":
            reduction_approve(
                proposal=proposal,
                actor=request.user,
                today=today,
                reason=reason,
            )
            messages.success(request, _("Approved: it takes effect now."))
        elif decision == "reject":
            reduction_reject(
                proposal=proposal,
                actor=request.user,
                today=today,
                reason=reason,
            )
            messages.success(request, _("Rejected; the reason is recorded."))
        else:
            messages.error(request, _("Choose Approve or Reject."))
    except DomainError as error:
        messages.error(request, error.message)
    return HttpResponseRedirect(reverse("fees:exemptions"))


@require_GET
@treasury_page
def budget_current(request: PortalRequest) -> HttpResponse:
    return HttpResponseRedirect(reverse("fees:budget", args=[timezone.localdate().year]))


@require_http_methods(["GET", "POST"])
@treasury_page
def budget(request: PortalRequest, year: int) -> HttpResponse:
    """Expected fee income, invoiced, received, outstanding, against ordinary expenditure."""
    if not 2016 <= year <= 2100:
        raise Http404
    today = timezone.localdate()
    assessment = fees_assess(year=year, on=today)
    overview = budget_overview(year=year, assessment_id=assessment.id)
    initial = {"amount": overview.expenditure.amount} if overview.expenditure else {}
    form = ExpenditureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            ordinary_expenditure_record(
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
