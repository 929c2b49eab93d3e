"""E-mailing invoices and credit notes to the member's billing contacts, each once.

The ledger of reminders (governance.services.reminders.ledger_send) is claimed in the same
transaction that sends, so a retried or redelivered task never mails a document twice.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models.fields.files import FieldFile
from django.template.loader import render_to_string
from django.utils import translation

from aer_portal.messages import portal_name
from fees.models import CreditNote, Invoice
from governance.services.reminders import ledger_send
from members.models import Member, Person
from members.selectors.memberships import billing_contacts

logger = logging.getLogger(__name__)


def contact_language(person: Person) -> str:
    """The first of the person's languages the portal writes in, English when none is."""
    for code in (part.strip().lower() for part in person.languages.split(",")):
        if code in ("en", "fr"):
            return code
    return "en"


def _send_once(
    *,
    kind: str,
    key: str,
    deadline: date,
    person: Person,
    template: str,
    context: dict[str, object],
    attachment: tuple[str, bytes],
) -> bool:
    with translation.override(contact_language(person)):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", {**context, "person": person})
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
    message.attach(attachment[0], attachment[1], "application/pdf")
    return ledger_send(kind=kind, deadline_key=key, deadline=deadline, message=message)


def _send_to_billing_contacts(
    *,
    member: Member,
    document: str,
    pdf: FieldFile,
    kind: str,
    key: str,
    deadline: date,
    template: str,
    context: dict[str, object],
) -> int:
    """Sends ``template`` with the PDF of ``document`` (its number) to each billing contact of
    the member, each once; returns how many were sent now."""
    contacts = billing_contacts(member_ids=[member.pk]).get(member.pk, [])
    if not contacts:
        logger.warning("AER-%s.pdf not mailed: %s has no billing contact", document, member)
        return 0
    with pdf.open("rb") as handle:
        attachment = (f"AER-{document}.pdf", handle.read())
    return sum(
        _send_once(
            kind=kind,
            key=key,
            deadline=deadline,
            person=person,
            template=template,
            context=context,
            attachment=attachment,
        )
        for person in contacts
    )


def invoice_email_send(*, invoice_id: int) -> int:
    """Sends the invoice with its PDF to each billing contact; returns how many were sent."""
    invoice = Invoice.objects.select_related("member").get(pk=invoice_id)
    return _send_to_billing_contacts(
        member=invoice.member,
        document=invoice.number,
        pdf=invoice.pdf,
        kind="fees.invoice.issued",
        key=f"invoice:{invoice.number}",
        deadline=invoice.due_on,
        template="fees/email/invoice_issued",
        context={"invoice": invoice, "portal_name": portal_name()},
    )


def credit_note_email_send(*, credit_note_id: int) -> int:
    """Sends the credit note with its PDF to each billing contact."""
    credit_note = CreditNote.objects.select_related("invoice__member").get(pk=credit_note_id)
    return _send_to_billing_contacts(
        member=credit_note.invoice.member,
        document=credit_note.number,
        pdf=credit_note.pdf,
        kind="fees.credit_note.issued",
        key=f"credit-note:{credit_note.number}",
        deadline=credit_note.issued_on,
        template="fees/email/credit_note_issued",
        context={
            "credit_note": credit_note,
            "invoice": credit_note.invoice,
            "portal_name": portal_name(),
        },
    )
