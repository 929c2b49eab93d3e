"""What a bank and an accountant read on an invoice: the structured reference, the EPC QR
code, the billing address and VAT numbers, the Factur-X XML and the UBL (Peppol) XML."""

from __future__ import annotations

import io
import logging
from datetime import date
from decimal import Decimal

import pytest
import zxingcpp
from facturx import get_facturx_xml_from_pdf, xml_check_xsd
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from fees.einvoice import PEPPOL_CUSTOMIZATION, cii_xml, ubl_xml
from fees.models import Invoice
from fees.pdf import epc_qr, invoice_html, invoice_pdf
from fees.references import invoice_numbers_in
from fees.services.calls import fee_call_issue
from members.models import Member
from tests.fees.factories import fee_decision, paying_member

pytestmark = pytest.mark.django_db

UBL = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
CII = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}


def _issue(**billing: str) -> Invoice:
    fee_decision(2026)
    member = paying_member(name="Vojvodina")
    Member.objects.filter(pk=member.pk).update(**billing)
    (invoice,) = fee_call_issue(year=2026, actor=None, today=date(2026, 3, 2)).invoices
    return invoice


BILLING = {
    "billing_address": "Bulevar Mihajla Pupina 16\nFloor 2",
    "billing_postcode": "21000",
    "billing_city": "Novi Sad",
    "vat_number": "",
    "registration_number": "08068615",
}


def _scan(qr) -> str:  # type: ignore[no-untyped-def]
    """What a banking app reads from the QR code: decoded from its picture by zxing-cpp."""
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=6, border=4)
    buffer.seek(0)
    (found,) = zxingcpp.read_barcodes(Image.open(buffer))
    return str(found.text)


def test_the_epc_qr_code_carries_account_amount_and_reference_for_a_banking_app() -> None:
    invoice = _issue(**BILLING)
    lines = _scan(epc_qr(invoice)).split("\n")
    # EPC069-12: service tag, version, encoding, SCT, BIC, name, IBAN, amount, purpose, reference.
    assert (lines[0], lines[1], lines[3]) == ("BCD", "002", "SCT")
    assert lines[4] == "GKCCBEBB"
    assert lines[5] == "Assembly of European Regions"
    assert lines[6] == "BE71096123456769"
    assert lines[7] == "EUR5267"
    assert lines[9] == "202600000192"  # the Belgian structured communication's digits
    assert invoice_numbers_in(lines[9]) == ["2026-0001"]


def test_on_a_non_belgian_account_the_reference_is_an_rf_creditor_reference(settings) -> None:  # type: ignore[no-untyped-def]
    settings.FEES_IBAN = "FR14 2004 1010 0505 0001 3M02 606"
    settings.FEES_BIC = "PSSTFRPPLIL"
    invoice = _issue()
    assert invoice.payment_reference.startswith("RF")
    lines = _scan(epc_qr(invoice)).split("\n")
    assert lines[6] == "FR1420041010050500013M02606"
    assert lines[9] == invoice.payment_reference.replace(" ", "")
    assert invoice_numbers_in(lines[9]) == ["2026-0001"]
    assert invoice.payment_reference in invoice_html(invoice)


def test_the_printed_invoice_has_reference_qr_billing_address_and_registration_numbers() -> None:
    invoice = _issue(**BILLING)
    html = invoice_html(invoice)
    assert "+++202/6000/00192+++" in html
    assert epc_qr(invoice).svg_data_uri(scale=3, border=2) in html  # type: ignore[union-attr]
    assert "Bulevar Mihajla Pupina 16<br>Floor 2<br>21000 Novi Sad<br>" in html
    assert "Registration number: 08068615" in html
    assert "VAT number: BE0403170701" in html  # AER's, from FEES_ISSUER_VAT
    assert "Rue de la Loi 1, 1000 Brussels, Belgium" in html


def test_the_billing_details_are_those_of_the_day_of_issue() -> None:
    invoice = _issue(**BILLING)
    Member.objects.filter(pk=invoice.member_id).update(billing_city="Beograd")
    invoice.refresh_from_db()
    assert invoice.billing_address_lines == [
        "Bulevar Mihajla Pupina 16",
        "Floor 2",
        "21000 Novi Sad",
    ]


def test_the_pdf_is_a_factur_x_pdf_a_3_whose_xml_passes_the_en16931_xsd() -> None:
    invoice = _issue(**BILLING)
    content = invoice_pdf(invoice)
    reader = PdfReader(io.BytesIO(content))
    metadata = reader.xmp_metadata
    assert metadata is not None
    xmp = metadata.stream.get_data().decode()  # type: ignore[union-attr]
    assert "<pdfaid:part>3</pdfaid:part>" in xmp or 'pdfaid:part="3"' in xmp
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "+++202/6000/00192+++" in text
    filename, xml = get_facturx_xml_from_pdf(content, check_xsd=False)
    assert filename == "factur-x.xml"
    assert xml_check_xsd(xml, flavor="factur-x", level="en16931") is True
    root = etree.fromstring(xml)
    assert root.findtext(".//rsm:ExchangedDocument/ram:ID", namespaces=CII) == "2026-0001"
    settlement = ".//ram:ApplicableHeaderTradeSettlement/"
    assert root.findtext(settlement + "ram:PaymentReference", namespaces=CII) == (
        "+++202/6000/00192+++"
    )
    assert (
        root.findtext(
            settlement + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount",
            namespaces=CII,
        )
        == "5267.00"
    )
    account = "ram:SpecifiedTradeSettlementPaymentMeans/ram:PayeePartyCreditorFinancialAccount"
    iban = root.findtext(settlement + account + "/ram:IBANID", namespaces=CII)
    assert iban == "BE71096123456769"
    buyer = root.find(".//ram:BuyerTradeParty", namespaces=CII)
    assert buyer.findtext("ram:Name", namespaces=CII) == "Vojvodina"
    assert buyer.findtext(".//ram:CityName", namespaces=CII) == "Novi Sad"
    assert buyer.findtext(".//ram:PostcodeCode", namespaces=CII) == "21000"
    assert buyer.findtext(".//ram:LineTwo", namespaces=CII) == "Floor 2"


def test_the_ubl_xml_is_peppol_bis_3_and_valid_against_the_ubl_xsd() -> None:
    invoice = _issue(**{**BILLING, "vat_number": "BE0403170701"})
    xml = ubl_xml(invoice)
    assert xml_check_xsd(xml, flavor="ubl-2.1-invoice") is True
    root = etree.fromstring(xml)
    assert root.findtext("cbc:CustomizationID", namespaces=UBL) == PEPPOL_CUSTOMIZATION
    assert root.findtext("cbc:ID", namespaces=UBL) == "2026-0001"
    assert root.findtext("cac:LegalMonetaryTotal/cbc:PayableAmount", namespaces=UBL) == "5267.00"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=UBL) == (
        "+++202/6000/00192+++"
    )
    customer = root.find("cac:AccountingCustomerParty/cac:Party", namespaces=UBL)
    endpoint = customer.find("cbc:EndpointID", namespaces=UBL)
    assert (endpoint.get("schemeID"), endpoint.text) == ("9925", "BE0403170701")
    address = customer.find("cac:PostalAddress", namespaces=UBL)
    assert address.findtext("cbc:StreetName", namespaces=UBL) == "Bulevar Mihajla Pupina 16"
    assert address.findtext("cbc:CityName", namespaces=UBL) == "Novi Sad"
    assert address.findtext("cbc:PostalZone", namespaces=UBL) == "21000"


def test_a_discount_larger_than_the_fee_still_gives_a_valid_einvoice() -> None:
    invoice = _issue()
    from fees.models import InvoiceLine

    InvoiceLine.objects.create(
        invoice=invoice, position=9, kind="discount", template="Exemption", amount=Decimal("-6000")
    )
    assert xml_check_xsd(cii_xml(invoice), flavor="factur-x", level="en16931") is True
    assert xml_check_xsd(ubl_xml(invoice), flavor="ubl-2.1-invoice") is True


def test_a_members_eu_vat_number_is_checked_and_others_are_kept_as_typed() -> None:
    from django.core.exceptions import ValidationError

    member = paying_member(name="Wallonia")
    member.vat_number = "BE 0403.170.702"
    with pytest.raises(ValidationError) as refused:
        member.full_clean()
    assert "VAT number: BE0403170702 is not a valid EU VAT number" in str(
        refused.value.message_dict["vat_number"]
    )
    member.vat_number = "be 0403.170.701"
    member.full_clean()
    assert member.vat_number == "BE0403170701"
    member.vat_number = "UA12345678"  # outside the EU: not checked
    member.full_clean()


def test_writing_an_invoice_pdf_logs_nothing_from_the_einvoice_library_at_info(caplog) -> None:  # type: ignore[no-untyped-def]
    invoice = _issue(**BILLING)
    caplog.set_level(logging.INFO)
    invoice_pdf(invoice)
    assert [r.getMessage() for r in caplog.records if r.name == "factur-x"] == []
