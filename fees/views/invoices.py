"""The region's invoices: the list, one invoice with its calculation, its PDF; credit notes."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aer_portal.errors import DomainError
from aer_portal.messages import render_step
from fees import tasks
from fees.forms import CreditNoteForm
from fees.models import CreditNote, Invoice, ReductionProposal
from fees.selectors.balances import InvoiceRow, invoice_rows, invoice_status
from fees.selectors.invoices import (
    credit_note_for,
    invoice_for,
    invoice_suspensions,
    open_suspensions,
    region_invoices,
)
from fees.services.reductions import reduction_propose
from members.access import PortalRequest, may_decide_as_treasurer, member_page, secretariat_page

logger = logging.getLogger(__name__)


def _year_filter(request: PortalRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() else None


@require_GET
@member_page
def invoice_list(request: PortalRequest) -> HttpResponse:
    """The invoices of the regions the account acts for (staff: every region, by year)."""
    today = timezone.localdate()
    is_staff = request.portal.is_staff
    year = _year_filter(request) or (today.year if is_staff else None)
    invoices = region_invoices(user=request.user, is_staff=is_staff, year=year)
    member_ids = [access.member_id for access in request.portal.accesses]
    return render(
        request,
        "fees/invoice_list.html",
        {
            "rows": invoice_rows(invoices, today=today),
            "suspensions": open_suspensions(member_ids=member_ids, on=today),
            "is_staff": is_staff,
            "year": year,
        },
    )


def invoice_or_404(request: PortalRequest, number: str) -> Invoice:
    """The invoice if the account may see it, else 404."""
    invoice = invoice_for(
        number=number,
        user=request.user,
        is_staff=request.portal.is_staff,
    )
    if invoice is None:
        raise Http404(_("No such invoice."))
    return invoice


@require_GET
@member_page
def invoice_detail(request: PortalRequest, number: str) -> HttpResponse:
    """One invoice: lines, the calculation steps, payments, credit notes and the PDF."""
    today = timezone.localdate()
    invoice = invoice_or_404(request, number)
    suspensions = invoice_suspensions(invoice=invoice, on=today)
    return render(
        request,
        "fees/invoice_detail.html",
        {
            "row": InvoiceRow(invoice, invoice_status(invoice, today=today)),
            "invoice": invoice,
            "steps": [render_step(step) for step in invoice.calculation_steps()],
            "suspensions": suspensions.current,
            "past_suspensions": suspensions.past,
            "is_staff": request.portal.is_staff,
        },
    )


def _render_soon(task: Any, pk: int) -> None:
    """Asks the worker to render the PDF now; with the broker unreachable the page still
    answers (the delivery recorded with the document renders it later)."""
    try:
        task.delay(pk, False)
    except Exception as error:  # the broker's errors vary by transport
        logger.warning("Could not ask for the PDF of %s: %s", pk, error)


def _stored_pdf(
    request: PortalRequest, document: Invoice | CreditNote, task: Any
) -> HttpResponseBase:
    """The document's stored PDF; none yet, the worker is asked to render it (idempotent, it
    mails nobody) and, while it works, a page says so (without a broker it has run already)."""
    if not document.pdf:
        _render_soon(task, document.pk)
        document.refresh_from_db(fields=["pdf"])
        if not document.pdf:
            return render(request, "fees/pdf_pending.html", {"what": document.number}, status=202)
    return FileResponse(
        document.pdf.open("rb"),
        as_attachment=True,
        filename=f"AER-{document.number}.pdf",
        content_type="application/pdf",
    )


@require_GET
@member_page
def invoice_pdf(request: PortalRequest, number: str) -> HttpResponseBase:
    """The stored PDF, served only after checking that the account may see the invoice."""
    return _stored_pdf(request, invoice_or_404(request, number), tasks.invoice_deliver)


@require_GET
@member_page
def credit_note_pdf(request: PortalRequest, number: str) -> HttpResponseBase:
    credit_note = credit_note_for(
        number=number,
        user=request.user,
        is_staff=request.portal.is_staff,
    )
    if credit_note is None:
        raise Http404(_("No such credit note."))
    return _stored_pdf(request, credit_note, tasks.credit_note_deliver)


@require_http_methods(["GET", "POST"])
@secretariat_page
def credit_note_new(request: PortalRequest, number: str) -> HttpResponse:
    """Staff propose a credit note; it is issued when the Treasurer approves it (art. 3.4).

    When the account is the Treasurer's, the proposal is approved at once.
    """
    invoice = invoice_or_404(request, number)
    today = timezone.localdate()
    user = request.user
    treasurer = may_decide_as_treasurer(request.portal)
    form = CreditNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = reduction_propose(
                kind=ReductionProposal.Kind.CREDIT_NOTE,
                member=invoice.member,
                year=invoice.year,
                invoice=invoice,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                actor=user,
                today=today,
                approve_at_once=treasurer,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if proposal.credit_note is not None:
                messages.success(
                    request,
                    _("Credit note %(number)s issued for invoice %(invoice)s.")
                    % {"number": proposal.credit_note.number, "invoice": invoice.number},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Credit note proposed for invoice %(invoice)s. It takes effect only when "
                        "the Vice-President Treasurer approves it (Procedures art. 3.4)."
                    )
                    % {"invoice": invoice.number},
                )
            return HttpResponseRedirect(reverse("fees:invoice", args=[invoice.number]))
    return render(
        request,
        "fees/credit_note_form.html",
        {"invoice": invoice, "form": form, "is_treasurer": treasurer},
    )
