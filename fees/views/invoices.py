"""The region's invoices: the list, one invoice with its calculation, its PDF; credit notes."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aer_portal.errors import DomainError
from fees import selectors, services, tasks
from fees.forms import CreditNoteForm
from fees.models import Invoice
from fees.views.access import region_or_staff_required, staff_required
from members.http import PortalRequest


def _year_filter(request: PortalRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() else None


@require_GET
@region_or_staff_required
def invoice_list(request: PortalRequest) -> HttpResponse:
    """The invoices of the regions the account acts for (staff: every region, by year)."""
    today = timezone.localdate()
    is_staff = request.portal.is_staff
    year = _year_filter(request) or (today.year if is_staff else None)
    invoices = selectors.region_invoices(user=request.user, is_staff=is_staff, year=year)
    member_ids = [access.member_id for access in request.portal.accesses]
    return render(
        request,
        "fees/invoice_list.html",
        {
            "rows": selectors.invoice_rows(invoices, today=today),
            "suspensions": selectors.open_suspensions(member_ids=member_ids, on=today),
            "is_staff": is_staff,
            "year": year,
        },
    )


def _invoice_or_404(request: PortalRequest, number: str) -> Invoice:
    invoice = selectors.invoice_for(
        number=number,
        user=request.user,
        is_staff=request.portal.is_staff,
    )
    if invoice is None:
        raise Http404(_("No such invoice."))
    return invoice


@require_GET
@region_or_staff_required
def invoice_detail(request: PortalRequest, number: str) -> HttpResponse:
    """One invoice: lines, the calculation steps, payments, credit notes and the PDF."""
    today = timezone.localdate()
    invoice = _invoice_or_404(request, number)
    return render(
        request,
        "fees/invoice_detail.html",
        {
            "row": selectors.InvoiceRow(invoice, selectors.invoice_status(invoice, today=today)),
            "invoice": invoice,
            "steps": [step.render(gettext) for step in invoice.calculation_steps()],
            "suspensions": selectors.open_suspensions(member_ids=[invoice.member_id], on=today),
            "is_staff": request.portal.is_staff,
        },
    )


def _pending(request: PortalRequest, what: str) -> HttpResponse:
    return render(request, "fees/pdf_pending.html", {"what": what}, status=202)


@require_GET
@region_or_staff_required
def invoice_pdf(request: PortalRequest, number: str) -> HttpResponseBase:
    """The stored PDF, served only after checking that the account may see the invoice."""
    invoice = _invoice_or_404(request, number)
    if not invoice.pdf:
        tasks.invoice_deliver.delay(invoice.pk, False)  # render it (idempotent), mail nobody
        invoice.refresh_from_db(fields=["pdf"])  # without a broker the task has run already
        if not invoice.pdf:
            return _pending(request, invoice.number)
    return FileResponse(
        invoice.pdf.open("rb"),
        as_attachment=True,
        filename=f"AER-{invoice.number}.pdf",
        content_type="application/pdf",
    )


@require_GET
@region_or_staff_required
def credit_note_pdf(request: PortalRequest, number: str) -> HttpResponseBase:
    credit_note = selectors.credit_note_for(
        number=number,
        user=request.user,
        is_staff=request.portal.is_staff,
    )
    if credit_note is None:
        raise Http404(_("No such credit note."))
    if not credit_note.pdf:
        tasks.credit_note_deliver.delay(credit_note.pk, False)
        credit_note.refresh_from_db(fields=["pdf"])
        if not credit_note.pdf:
            return _pending(request, credit_note.number)
    return FileResponse(
        credit_note.pdf.open("rb"),
        as_attachment=True,
        filename=f"AER-{credit_note.number}.pdf",
        content_type="application/pdf",
    )


@require_http_methods(["GET", "POST"])
@staff_required
def credit_note_new(request: PortalRequest, number: str) -> HttpResponse:
    """The secretariat corrects an issued invoice with a credit note."""
    invoice = _invoice_or_404(request, number)
    form = CreditNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credit_note = services.credit_note_issue(
                invoice=invoice,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                today=timezone.localdate(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Credit note %(number)s issued for invoice %(invoice)s.")
                % {"number": credit_note.number, "invoice": invoice.number},
            )
            return HttpResponseRedirect(reverse("fees:invoice", args=[invoice.number]))
    return render(request, "fees/credit_note_form.html", {"invoice": invoice, "form": form})


NUMBER = "<str:number>"

urlpatterns = [
    path("invoices/", invoice_list, name="invoices"),
    path(f"invoices/{NUMBER}/", invoice_detail, name="invoice"),
    path(f"invoices/{NUMBER}/pdf/", invoice_pdf, name="invoice_pdf"),
    path(f"invoices/{NUMBER}/credit-note/", credit_note_new, name="credit_note_new"),
    path(f"credit-notes/{NUMBER}/pdf/", credit_note_pdf, name="credit_note_pdf"),
]
