"""Electronic invoices (EN 16931): the Factur-X CII XML embedded in the invoice PDF and the UBL
(Peppol BIS Billing 3.0) XML that public bodies may ask for, made by the factur-x library
from one EN 16931 data set and checked against the standard's XSD before they leave.

Membership fees of an association are outside the scope of VAT: every line is in VAT category
"O" (not subject to VAT, exemption code VATEX-EU-O), so no VAT identifier may appear as such
(EN 16931 rule BR-O-02). AER's and the member's VAT or registration numbers are given as their
legal registration identifiers (BT-30, BT-47) and printed on the PDF.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from facturx import generate_cii_xml, generate_ubl_xml
from lxml import etree

from fees.checks import Issuer, issuer
from fees.models import Invoice

PEPPOL_CUSTOMIZATION = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
PEPPOL_PROFILE = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
UBL_NAMESPACES = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
}
# Peppol electronic address schemes (EAS) of the VAT numbers of some countries.
_VAT_SCHEMES = {
    "AT": "9914",
    "BE": "9925",
    "BG": "9926",
    "CY": "9928",
    "CZ": "9929",
    "DE": "9930",
    "EE": "9931",
    "EL": "9933",
    "ES": "9920",
    "FR": "9957",
    "GB": "9932",
    "HR": "9934",
    "HU": "9910",
    "IE": "9935",
    "IT": "0211",
    "LT": "9937",
    "LU": "9938",
    "LV": "9939",
    "MT": "9943",
    "NL": "9944",
    "PL": "9945",
    "PT": "9946",
    "RO": "9947",
    "SE": "9955",
    "SI": "9949",
    "SK": "9950",
}
_NOT_SUBJECT = "O"
_EXEMPTION_CODE = "VATEX-EU-O"
_EXEMPTION_REASON = "Not subject to VAT: membership fee of an association"


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01'))}"


def _day(value: date) -> datetime:
    return datetime(value.year, value.month, value.day)  # noqa: DTZ001  (a calendar date)


def _compact(number: str) -> str:
    return re.sub(r"[\s.\-/]", "", number).upper()


def _endpoint(number: str) -> tuple[str, str] | None:
    """The Peppol electronic address (scheme, id) of a VAT number, if its country has one."""
    compact = _compact(number)
    scheme = _VAT_SCHEMES.get(compact[:2])
    return (scheme, compact) if scheme else None


def data_dict(
    invoice: Invoice, details: Issuer | None = None, *, buyer_email: str = ""
) -> dict[str, Any]:
    """The EN 16931 data of an invoice, keyed by business term (BT-…, BG-…).

    Each party's electronic address (BT-34, BT-49, which Peppol requires) is its VAT number
    where its country has a Peppol scheme for it, else an e-mail address (scheme "EM"): the
    secretariat's for AER, the billing contact's for the member, when known.
    """
    details = details or issuer()
    lines = list(invoice.lines.order_by("position"))
    total = _money(invoice.total)
    seller_id = details.vat_number or details.registration_number
    buyer_id = invoice.member_vat_number or invoice.member_registration_number
    street = details.street.splitlines() or [""]
    buyer_street = invoice.billing_street_lines
    seller: dict[str, Any] = {
        "name": details.name,
        "country_code": details.country,
        "city": details.city,
        "addr_l1": street[0],
    }
    if len(street) > 1:
        seller["addr_l2"] = ", ".join(street[1:])
    if details.postcode:
        seller["postcode"] = details.postcode
    if seller_id:
        seller["legal_identifier"] = _compact(seller_id)
    buyer: dict[str, Any] = {
        "name": invoice.member_name,
        "country_code": invoice.country_code or details.country,
    }
    if buyer_street:
        buyer["addr_l1"] = buyer_street[0]
        if len(buyer_street) > 1:
            buyer["addr_l2"] = ", ".join(buyer_street[1:])
    if invoice.billing_postcode:
        buyer["postcode"] = invoice.billing_postcode
    if invoice.billing_city:
        buyer["city"] = invoice.billing_city
    if buyer_id:
        buyer["legal_identifier"] = _compact(buyer_id)
    # Peppol asks for each party's electronic address (BT-34, BT-49), where one is known.
    for party, number, email in (
        (seller, details.vat_number, settings.SECRETARIAT_EMAIL),
        (buyer, invoice.member_vat_number, buyer_email),
    ):
        endpoint = _endpoint(number) if number else None
        if endpoint is None and email:
            endpoint = ("EM", email)
        if endpoint is not None:
            party["einvoicing_addr_schemeid"], party["einvoicing_addr"] = endpoint
    lines_total = sum((line.amount for line in lines), Decimal(0))
    data: dict[str, Any] = {
        "BT-1": invoice.number,
        "BT-2": _day(invoice.issued_on),
        "BT-3": "380",
        "BT-5": "EUR",
        "BT-9": _day(invoice.due_on),
        "BT-10": invoice.number,
        # The membership year invoiced, "supplied" on the day of issue.
        "BT-72": _day(invoice.issued_on),
        "BT-73": _day(date(invoice.year, 1, 1)),
        "BT-74": _day(date(invoice.year, 12, 31)),
        "BT-20": f"Due on {invoice.due_on.isoformat()} (Procedures art. 3.1.2)",
        "BG-4": seller,
        "BG-7": buyer,
        "BT-81": "58",  # SEPA credit transfer
        "BT-83": invoice.payment_reference,
        "BT-84": details.iban_compact,
        "BT-85": details.account_holder,
        "BT-86": details.bic,
        "BT-106": _money(lines_total),
        "BT-109": total,
        "BT-110": "0.00",
        "BT-112": total,
        "BT-115": total,
        "BG-23": [
            {
                "BT-116": total,
                "BT-117": "0.00",
                "BT-118": _NOT_SUBJECT,
                "BT-120": _EXEMPTION_REASON,
                "BT-121": _EXEMPTION_CODE,
            }
        ],
        "BG-25": [
            {
                "BT-126": str(line.position),
                "BT-153": line.description()[:200] or line.get_kind_display(),
                "BT-146": _money(abs(line.amount)),
                # A discount is a negative line: EN 16931 allows a negative quantity and net
                # amount, never a negative price.
                "BT-129": "-1" if line.amount < 0 else "1",
                "BT-130": "C62",
                "BT-131": _money(line.amount),
                "BT-151": _NOT_SUBJECT,
            }
            for line in lines
        ],
    }
    if invoice.total != lines_total:
        # The invoice total is never below zero (a discount larger than the fee): the
        # difference is a document-level charge so that the totals add up.
        charge = invoice.total - lines_total
        data["BG-21"] = [
            {"amount": _money(charge), "reason": "Total not below zero", "vat_category_code": "O"}
        ]
        data["BT-108"] = _money(charge)
    return data


def cii_xml(invoice: Invoice) -> bytes:
    """The Factur-X (EN 16931 profile) CII XML of an invoice, valid against its XSD."""
    return bytes(generate_cii_xml(data_dict(invoice), level="en16931", check_schematron=False))


def ubl_xml(invoice: Invoice, *, buyer_email: str = "") -> bytes:
    """The UBL 2.1 invoice of Peppol BIS Billing 3.0, valid against the UBL XSD."""
    xml = generate_ubl_xml(
        data_dict(invoice, buyer_email=buyer_email), level="en16931", check_schematron=False
    )
    root = etree.fromstring(xml)
    cbc = UBL_NAMESPACES["cbc"]
    customization = root.find(f"{{{cbc}}}CustomizationID")
    assert customization is not None
    customization.text = PEPPOL_CUSTOMIZATION
    profile = root.find(f"{{{cbc}}}ProfileID")
    if profile is None:
        profile = etree.Element(f"{{{cbc}}}ProfileID")
        customization.addnext(profile)
    profile.text = PEPPOL_PROFILE
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
