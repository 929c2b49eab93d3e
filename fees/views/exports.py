"""Exports for the accountant: invoices, credit notes and payments as CSV or XLSX."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from fees.einvoice import ubl_xml
from fees.exports import EXPORTS, export_dataset, render_export
from fees.views.invoices import invoice_or_404
from members.access import PortalRequest, member_page, secretariat_page
from members.selectors.memberships import billing_contacts

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_GET
@secretariat_page
def export(request: PortalRequest, what: str, fmt: str) -> HttpResponse:
    if what not in EXPORTS or fmt not in CONTENT_TYPES:
        raise Http404
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else timezone.localdate().year
    dataset = export_dataset(what, year=year, today=timezone.localdate())
    response = HttpResponse(render_export(dataset, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="aer-{what}-{year}.{fmt}"'
    return response


@require_GET
@member_page
def invoice_ubl(request: PortalRequest, number: str) -> HttpResponse:
    """The invoice as UBL (Peppol BIS Billing 3.0), for public bodies that book e-invoices:
    to the member's own users and the staff only."""
    invoice = invoice_or_404(request, number)
    contacts = billing_contacts(member_ids=[invoice.member_id]).get(invoice.member_id, [])
    email = next((person.email for person in contacts if person.email), "")
    response = HttpResponse(ubl_xml(invoice, buyer_email=email), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="AER-{invoice.number}-ubl.xml"'
    return response
