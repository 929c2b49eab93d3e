"""Invoice and credit-note PDFs, rendered by WeasyPrint in a Celery task (fees.tasks).

The member's name may be in any script (Georgian, Cyrillic, …): the stylesheet names Noto
Sans first and DejaVu Sans after it, and fontconfig finds a Noto font for any other script.
"""

from __future__ import annotations

import threading
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from fees.models import CreditNote, Invoice


def _issuer() -> dict[str, Any]:
    return {
        "name": settings.PORTAL_NAME,
        "address": settings.FEES_ISSUER_ADDRESS,
        "offices": settings.AER_OFFICES,
        "account_holder": settings.FEES_ACCOUNT_HOLDER,
        "iban": settings.FEES_IBAN,
        "bic": settings.FEES_BIC,
        "bank_name": settings.FEES_BANK_NAME,
    }


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
            "steps": [step.render(gettext) for step in invoice.calculation_steps()],
            "category": gettext(invoice.get_category_display()),
        }
        return render_to_string("fees/pdf/invoice.html", context)


def credit_note_html(credit_note: CreditNote) -> str:
    with translation.override(credit_note.language):
        return render_to_string(
            "fees/pdf/credit_note.html",
            {"credit_note": credit_note, "invoice": credit_note.invoice, "issuer": _issuer()},
        )


_fonts = threading.local()


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``. The font configuration is kept per thread: looking the fonts up
    again for every invoice costs about a third of the rendering time."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    if not hasattr(_fonts, "config"):
        _fonts.config = FontConfiguration()
    document = HTML(string=html, base_url=str(settings.BASE_DIR))
    return document.write_pdf(font_config=_fonts.config)  # type: ignore[no-any-return]


def invoice_pdf_store(*, invoice_id: int) -> bool:
    """Renders and stores the invoice's PDF unless it has one; True when it rendered it.

    Two workers rendering the same invoice at once both write a file, but only the first
    stores its name; the other removes its own file.
    """
    invoice = Invoice.objects.select_related("member").get(pk=invoice_id)
    if invoice.pdf:
        return False
    content = html_to_pdf(invoice_html(invoice))
    invoice.pdf.save(f"{invoice.number}.pdf", ContentFile(content), save=False)
    stored = Invoice.objects.filter(pk=invoice_id, pdf="").update(
        pdf=invoice.pdf.name, pdf_rendered_at=timezone.now()
    )
    if not stored:
        invoice.pdf.storage.delete(invoice.pdf.name)
    return bool(stored)


def credit_note_pdf_store(*, credit_note_id: int) -> bool:
    """Renders and stores the credit note's PDF unless it has one."""
    credit_note = CreditNote.objects.select_related("invoice").get(pk=credit_note_id)
    if credit_note.pdf:
        return False
    content = html_to_pdf(credit_note_html(credit_note))
    credit_note.pdf.save(f"{credit_note.number}.pdf", ContentFile(content), save=False)
    stored = CreditNote.objects.filter(pk=credit_note_id, pdf="").update(
        pdf=credit_note.pdf.name, pdf_rendered_at=timezone.now()
    )
    if not stored:
        credit_note.pdf.storage.delete(credit_note.pdf.name)
    return bool(stored)
