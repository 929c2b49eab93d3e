"""Invoice and credit-note PDFs, rendered by WeasyPrint in a Celery task (fees.tasks).

The member's name may be in any script (Georgian, Cyrillic, …): the stylesheet names Noto
Sans first and DejaVu Sans after it, and fontconfig finds a Noto font for any other script.
"""

from __future__ import annotations

import threading
from typing import Any

import segno
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from segno import helpers

from aer_portal.messages import render_step
from fees.checks import issuer
from fees.models import CreditNote, Invoice


def _issuer() -> dict[str, Any]:
    details = issuer()
    return {
        "name": details.name,
        "address_lines": details.address_lines,
        "offices": settings.AER_OFFICES,
        "vat_number": details.vat_number,
        "registration_number": details.registration_number,
        "account_holder": details.account_holder,
        "iban": details.iban_formatted,
        "bic": details.bic,
        "bank_name": details.bank_name,
    }


def epc_qr(invoice: Invoice) -> segno.QRCode | None:
    """The EPC (SEPA credit transfer) QR code of an invoice, which banking apps scan.

    The structured remittance field holds the payment reference: the ISO 11649 RF reference,
    or on a Belgian account the twelve digits of the structured communication, as Belgian
    banks read it. None when nothing is to be paid (a zero total).
    """
    if invoice.total <= 0:
        return None
    details = issuer()
    reference = invoice.payment_reference
    if reference.startswith("+++"):
        reference = "".join(ch for ch in reference if ch.isdigit())
    else:
        reference = reference.replace(" ", "")
    return helpers.make_epc_qr(
        name=details.account_holder[:70],
        iban=details.iban_compact,
        amount=invoice.total,
        reference=reference,
        bic=details.bic,
    )


def invoice_html(invoice: Invoice) -> str:
    """The invoice as HTML in its language (the billing contact's)."""
    with translation.override(invoice.language):
        context = {
            "invoice": invoice,
            "issuer": _issuer(),
            "lines": [
                {"description": line.description(), "article": line.article, "amount": line.amount}
                for line in invoice.lines.order_by("position")
            ],
            "steps": [render_step(step) for step in invoice.calculation_steps()],
            "category": gettext(invoice.get_category_display()),
            "reference": invoice.payment_reference,
            "qr": qr.svg_data_uri(scale=3, border=2) if (qr := epc_qr(invoice)) else "",
        }
        return render_to_string("fees/pdf/invoice.html", context)


def credit_note_html(credit_note: CreditNote) -> str:
    with translation.override(credit_note.language):
        return render_to_string(
            "fees/pdf/credit_note.html",
            {"credit_note": credit_note, "invoice": credit_note.invoice, "issuer": _issuer()},
        )


_fonts = threading.local()


def html_to_pdf(html: str, *, pdf_variant: str | None = None) -> bytes:
    """The PDF of ``html``. The font configuration is kept per thread: looking the fonts up
    again for every invoice costs about a third of the rendering time."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(font_config=_fonts.config, pdf_variant=pdf_variant)


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as a Factur-X (EN 16931 profile) PDF/A-3: the printed invoice with its CII
    XML embedded as ``factur-x.xml``, checked against the profile's XSD by the factur-x
    library, so accounting software reads the invoice without retyping it."""
    from facturx import generate_from_binary

    from fees.einvoice import cii_xml

    pdf = html_to_pdf(invoice_html(invoice), pdf_variant="pdf/a-3b")
    return bytes(
        generate_from_binary(
            pdf,
            cii_xml(invoice),
            flavor="factur-x",
            level="en16931",
            check_xsd=True,
            pdf_metadata={
                "author": issuer().name,
                "keywords": "Factur-X, invoice",
                "title": f"{issuer().name}: invoice {invoice.number}",
                "subject": f"Invoice {invoice.number}",
            },
            lang=invoice.language,
        )
    )


def pdf_name(*, folder: str, number: str) -> str:
    """The one file name a document's PDF ever has: its number and a keyed hash (unguessable,
    like the generated names of uploads), so a second rendering can only replace it."""
    digest = salted_hmac("fees.pdf", number).hexdigest()[:32]
    return f"{folder}/{number.rsplit('-', 1)[0].rsplit('-', 1)[-1]}/{digest}.pdf"


def store_once(
    model: type[Invoice] | type[CreditNote], pk: int, *, folder: str, number: str, content: bytes
) -> bool:
    """Stores ``content`` as the row's PDF unless it has one; True when it stored it.

    The row is locked while the file is written and its name saved, so two workers never
    both store. The name is always the same (:func:`pdf_name`): a file left by a worker
    killed before its commit is replaced, never kept beside a second one.
    """
    name = pdf_name(folder=folder, number=number)
    with transaction.atomic():
        current = model.objects.select_for_update().filter(pk=pk).values_list("pdf", flat=True)
        if current.first():
            return False
        storage = model._meta.get_field("pdf").storage
        if storage.exists(name):
            storage.delete(name)
        stored = storage.save(name, ContentFile(content))
        model.objects.filter(pk=pk).update(pdf=stored, pdf_rendered_at=timezone.now())
    return True


def invoice_pdf_store(*, invoice_id: int) -> bool:
    """Renders and stores the invoice's PDF unless it has one; True when it rendered it.

    Two workers rendering the same invoice at once both render, but only one stores it
    (:func:`store_once`).
    """
    invoice = Invoice.objects.select_related("member").get(pk=invoice_id)
    if invoice.pdf:
        return False
    content = invoice_pdf(invoice)
    return store_once(
        Invoice, invoice_id, folder="invoices", number=invoice.number, content=content
    )


def credit_note_pdf_store(*, credit_note_id: int) -> bool:
    """Renders and stores the credit note's PDF unless it has one."""
    credit_note = CreditNote.objects.select_related("invoice").get(pk=credit_note_id)
    if credit_note.pdf:
        return False
    content = html_to_pdf(credit_note_html(credit_note))
    return store_once(
        CreditNote,
        credit_note_id,
        folder="credit-notes",
        number=credit_note.number,
        content=content,
    )
