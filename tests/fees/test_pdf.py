"""Invoice and credit-note PDFs: rendered in the task, stored, readable, any script, EN and FR."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from fees.models import Invoice
from fees.pdf import invoice_pdf_store
from fees.services.calls import fee_call_issue
from fees.services.credit_notes import credit_note_issue
from fees.tasks import invoice_deliver
from tests.fees.factories import fee_decision, paying_member

pytestmark = pytest.mark.django_db


def _text_and_fonts(content: bytes) -> tuple[str, dict[str, set[int]]]:
    """The PDF's text (no-break spaces as spaces) and the characters each embedded font has."""
    from fontTools.ttLib import TTFont

    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    fonts: dict[str, set[int]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))
            fonts[str(font["/BaseFont"])] = set(embedded.getBestCmap() or {})
    return text.replace("\xa0", " ").replace("\u202f", " "), fonts


def _issue(**member: object) -> Invoice:
    fee_decision(2026)
    paying_member(**member)  # type: ignore[arg-type]
    (invoice,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    return invoice


def test_the_pdf_names_the_number_the_total_and_a_georgian_and_cyrillic_member() -> None:
    invoice = _issue(name="Imereti Region", native_name="იმერეთის მხარე — Імеретія")
    assert invoice_deliver(invoice.pk, False) == 0  # renders, mails nobody
    invoice.refresh_from_db()
    assert invoice.pdf_rendered_at is not None
    with invoice.pdf.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    text, fonts = _text_and_fonts(content)
    assert "Invoice 2026-0001" in text
    assert "Total due € 5,267.00" in text
    assert "იმერეთის მხარე — Імеретія" in text
    assert "Assembly of European Regions" in text and "Brussels · Strasbourg · Alba Iulia" in text
    assert "Due on 2 May 2026" in text
    assert "IBAN: BE71 0961 2345 6769 · BIC: GKCCBEBB" in text
    assert "Structured reference: +++202/6000/00192+++" in text
    assert "Basic fee = 3 250 (Procedures art. 3.2.1)" in text
    # The glyphs exist in an embedded font (DejaVu Sans or Noto Sans Georgian), not boxes.
    georgian = {ord(c) for c in "იმერეთის მხარე" if c != " "}
    cyrillic = {ord(c) for c in "Імеретія"}
    assert any(georgian <= chars for chars in fonts.values()), fonts.keys()
    assert any(cyrillic <= chars for chars in fonts.values()), fonts.keys()


def test_a_french_billing_contact_gets_a_french_invoice() -> None:
    invoice = _issue(name="Région Île-de-France", languages="fr")
    invoice_pdf_store(invoice_id=invoice.pk)
    invoice.refresh_from_db()
    with invoice.pdf.open("rb") as handle:
        text, _fonts = _text_and_fonts(handle.read())
    assert "2026-0001" in text and "€ 5 267,00" in text
    assert "Région Île-de-France" in text
    assert "2 mai 2026" in text  # Django's own French month names; the rest awaits the catalogue


def test_rendering_twice_keeps_the_first_pdf() -> None:
    invoice = _issue()
    assert invoice_pdf_store(invoice_id=invoice.pk) is True
    first = Invoice.objects.get(pk=invoice.pk).pdf.name
    assert invoice_pdf_store(invoice_id=invoice.pk) is False
    assert Invoice.objects.get(pk=invoice.pk).pdf.name == first


def test_a_credit_note_pdf_names_the_invoice_it_corrects(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    from django.core import mail

    invoice = _issue()
    with django_capture_on_commit_callbacks(execute=True):
        note = credit_note_issue(
            invoice=invoice,
            amount=Decimal("267"),
            reason="Population figure corrected by Eurostat",
            actor=None,
            today=date(2026, 4, 1),
        )
    note.refresh_from_db()
    with note.pdf.open("rb") as handle:
        text, _fonts = _text_and_fonts(handle.read())
    assert "Credit note CN-2026-0001" in text and "2026-0001" in text
    assert "€ 267.00" in text and "Population figure corrected by Eurostat" in text
    (message,) = mail.outbox
    assert message.subject == "AER credit note CN-2026-0001 for invoice 2026-0001"
    assert message.attachments[0][1].startswith(b"%PDF")


def test_a_redelivered_task_mails_nobody_twice() -> None:
    from django.core import mail

    invoice = _issue()
    assert invoice_deliver(invoice.pk) == 1
    assert invoice_deliver(invoice.pk) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [invoice.member.people.get().email]


def test_without_a_billing_contact_the_pdf_is_rendered_and_nobody_mailed(
    caplog: pytest.LogCaptureFixture,
) -> None:
    invoice = _issue(billing=False)
    assert invoice_deliver(invoice.pk) == 0
    invoice.refresh_from_db()
    assert invoice.pdf
    assert "has no billing contact" in caplog.text
