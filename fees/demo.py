"""Demo data of the fees app: this year's call for fees, issued through the real services.

- the Executive Board's fee parameters for the year (the Procedures' values);
- the call, sent about four months ago, to every demo member that has a billing contact and
  the statistics its fee needs (members without them are skipped, and the log says which);
- every invoice paid, except one left overdue, so that one member's rights are suspended;
- the officer's region (Västra Götaland) on the Summer Academy Organising Committee since ten
  days ago: an open programme invoice it can open and download;
- the year's ordinary expenditure, for the Treasurer's view;
- two applications to join AER, submitted through the public form's service: Istria County,
  waiting for the secretariat's checks, and Harghita County, on an online vote of the
  Executive Board that the Board's demo login has not voted in yet.

Idempotent: a second run finds everything and creates nothing. No e-mail is sent, and no PDF
is rendered while seeding (forty of them would slow every seed down): each is rendered by
fees.tasks the first time someone downloads it.
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from aer_portal.rules.dates import add_months
from fees.models import FeeDecision, Invoice, OrdinaryExpenditure, Payment, ProgrammeParticipation
from fees.selectors.calls import fee_call_preview
from fees.selectors.previews import RowStatus
from fees.services.application_votes import application_vote_open
from fees.services.calls import fee_call_issue
from fees.services.invoices import programme_participation_record
from fees.services.payments import payment_record
from fees.services.suspensions import suspensions_update
from members.models import Country, Member, MembershipApplication, Suspension, User
from members.services.applications import application_submit

logger = logging.getLogger(__name__)

OFFICER_REGION = "Västra Götaland Region"
#: The member left unpaid, when it is among the invoiced ones; else the last invoiced by name.
OVERDUE_REGION = "Vrancea County"
STAFF_EMAIL = "staff@demo.aer.eu"


def call_day(today: date) -> date:
    """About four months ago, within the year (early in the year: its first days)."""
    return min(today, max(date(today.year, 1, 5), today - timedelta(days=120)))


def seed(*, today: date) -> int:
    """Creates the fees demo data; returns how many records it created."""
    year = today.year
    actor = User.objects.filter(email=STAFF_EMAIL).first()
    created = 0
    _decision, new = FeeDecision.objects.get_or_create(
        year=year, defaults={"decided_on": min(date(year, 1, 20), today), "recorded_by": actor}
    )
    created += new

    sent_on = call_day(today)
    preview = fee_call_preview(year=year, on=sent_on)
    ready = [row for row in preview.rows if row.status is RowStatus.TO_INVOICE and row.contacts]
    skipped = [
        row.member.name
        for row in preview.rows
        if row.status is RowStatus.CANNOT_COMPUTE
        or (row.status is RowStatus.TO_INVOICE and not row.contacts)
    ]
    if skipped:
        logger.warning(
            "Fees demo: %d members skipped, without a billing contact or the statistics their "
            "fee needs: %s",
            len(skipped),
            ", ".join(skipped),
        )
    if ready:
        issued = fee_call_issue(
            year=year,
            actor=actor,
            today=sent_on,
            member_ids=[row.member.pk for row in ready],
            send_email=False,
            deliver=False,
        )
        created += len(issued.invoices)

    created += _payments(year=year, today=today, sent_on=sent_on, actor=actor)
    created += _programme_invoice(year=year, today=today, actor=actor)
    before = Suspension.objects.count()
    suspensions_update(today=today)
    created += Suspension.objects.count() - before
    created += _expenditure(year=year, today=today, actor=actor)
    created += _applications(today=today, actor=actor)
    return created


#: The demo applications: name, native name, country, population, relative GDP, contact,
#: submitted that many days ago; the second goes to an online vote of the Board.
_APPLICATIONS = (
    (
        "Istria County",
        "Istarska županija",
        "HR",
        195_000,
        Decimal("0.78"),
        "Marko",
        "Ivić",
        "marko.ivic@example.org",
        6,
    ),
    (
        "Harghita County",
        "Județul Harghita",
        "RO",
        291_000,
        Decimal("0.48"),
        "Ana",
        "Kovács",
        "ana.kovacs@example.org",
        30,
    ),
)
_DEMO_LETTER = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _applications(*, today: date, actor: User | None) -> int:
    """Two applications through the real services; the second on an online vote."""
    created = 0
    for index, (name, native, country, population, gdp, first, last, email, days) in enumerate(
        _APPLICATIONS
    ):
        found = Country.objects.filter(code=country).first()
        if found is None:
            continue  # a data set without the demo's countries (the fees tests)
        key = uuid.uuid5(uuid.NAMESPACE_URL, f"aer-demo-application-{name}")
        new = not MembershipApplication.objects.filter(request_key=key).exists()
        application = application_submit(
            request_key=key,
            name=name,
            native_name=native,
            kind=Member.Kind.REGION,
            category="full",
            country=found,
            population=population,
            relative_gdp=gdp,
            contact_first_name=first,
            contact_last_name=last,
            contact_email=email,
            contact_title="International relations officer",
            letter=SimpleUploadedFile(
                "Letter of intent.pdf", _DEMO_LETTER, content_type="application/pdf"
            ),
            now=datetime.combine(today - timedelta(days=days), time(9), tzinfo=UTC),
        )
        created += new
        if index == 1 and actor is not None and application.is_open:
            application_vote_open(
                application=application, actor=actor, today=today - timedelta(days=2)
            )
    return created


def _payments(*, year: int, today: date, sent_on: date, actor: User | None) -> int:
    """Everybody pays within weeks, except the one member left overdue."""
    invoices = list(
        Invoice.objects.filter(year=year, kind=Invoice.Kind.ANNUAL).order_by("member_name")
    )
    if not invoices:
        return 0
    due = add_months(sent_on, 2)
    names = [invoice.member_name for invoice in invoices]
    unpaid = OVERDUE_REGION if OVERDUE_REGION in names else names[-1]
    paid_ids = set(Payment.objects.filter(invoice__in=invoices).values_list("invoice", flat=True))
    count = 0
    for position, invoice in enumerate(invoices):
        if invoice.member_name == unpaid or invoice.pk in paid_ids or invoice.total <= 0:
            continue
        received = min(today, sent_on + timedelta(days=14 + position % 30))
        if today <= due and position % 2:
            continue  # before the due date, only some have paid yet
        payment_record(
            invoice_number=invoice.number,
            amount=invoice.total,
            received_on=received,
            reference=f"AER {invoice.number}",
            actor=actor,
            today=today,
        )
        count += 1
    if today <= due:
        logger.warning("Fees demo: the call is not due yet (%s): nobody is overdue.", due)
    return count


def _programme_invoice(*, year: int, today: date, actor: User | None) -> int:
    """The officer's region joined the Summer Academy Organising Committee ten days ago."""
    member = Member.objects.filter(name=OFFICER_REGION).first()
    if member is None or not Invoice.objects.filter(member=member, year=year).exists():
        return 0
    if ProgrammeParticipation.objects.filter(member=member, year=year).exists():
        return 0
    result = programme_participation_record(
        member=member,
        year=year,
        programme=ProgrammeParticipation.Programme.SUMMER_ACADEMY,
        actor=actor,
        today=max(date(year, 1, 1), today - timedelta(days=10)),
        send_email=False,
        deliver=False,
    )
    return 1 + (result.invoice is not None)


def _expenditure(*, year: int, today: date, actor: User | None) -> int:
    """Ordinary expenditure a little above the fees invoiced: the Treasurer has a point."""
    if OrdinaryExpenditure.objects.filter(year=year).exists():
        return 0
    invoiced = sum(
        (i.total for i in Invoice.objects.filter(year=year, kind=Invoice.Kind.ANNUAL)),
        Decimal(0),
    )
    thousands = (invoiced * Decimal("1.08") / 1000).quantize(Decimal(1))
    amount = thousands * 1000 or Decimal("350000")
    OrdinaryExpenditure.objects.create(
        year=year,
        amount=amount,
        note="Governing bodies, Bureau and Working Groups (demo figure)",
        entered_by=actor,
        entered_on=today,
    )
    return 1
