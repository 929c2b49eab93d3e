"""Issuing invoices: first-year fees on admission, programme fees, and the invoices of a call.

Every invoice is created here and never changed afterwards; its PDF is rendered and e-mailed
to the member's billing contacts by a Celery task recorded as pending work in the same
transaction (governance.services.pending), so a broker outage or a killed worker delays the
delivery and never loses it. The yearly call that invoices every member is
:mod:`fees.services.calls`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.messages import render_with_article
from aer_portal.rules.fee_terms import payment_due_date
from aer_portal.rules.membership import MemberCategory
from fees.calculation import (
    PAYING_CATEGORIES,
    FeeDraft,
    is_new_member_in,
    member_fee_draft,
    programme_lines,
)
from fees.checks import issuer_require
from fees.delivery import contact_language
from fees.models import (
    Exemption,
    FeeCall,
    Invoice,
    InvoiceLine,
    ProgrammeParticipation,
    step_to_json,
)
from fees.selectors.invoices import MEMBERSHIP_KINDS
from fees.selectors.parameters import parameters_for
from fees.selectors.runs import DELIVER_TASK
from fees.services.numbering import (
    invoice_number,
    numbers_take,
)
from governance.services.pending import pending_tasks_schedule
from members.access import require_secretariat
from members.models import Member, Membership, Person, User
from members.selectors.memberships import billing_contacts
from members.services.records import membership_admit


def billing_language(contacts: Sequence[Person]) -> str:
    """French when the first billing contact lists French before English, else English."""
    return contact_language(contacts[0]) if contacts else "en"


# --- Creating invoices --------------------------------------------------------------------


def invoice_from_draft(
    draft: FeeDraft,
    *,
    kind: str,
    number: int,
    issued_on: date,
    due_on: date,
    language: str,
    actor: User | None,
    fee_call: FeeCall | None = None,
) -> Invoice:
    """The unsaved invoice of a draft, with the member's name and statistics copied on it."""
    member = draft.member
    stats = draft.statistics
    category = draft.category
    assert category is not None
    return Invoice(
        number=invoice_number(draft.year, number),
        year=draft.year,
        sequence=number,
        kind=kind,
        member=member,
        fee_call=fee_call,
        member_name=member.name,
        member_native_name=member.native_name,
        country_name=member.country.name_en,
        country_code=member.country.code,
        billing_address=member.billing_address.strip(),
        billing_postcode=member.billing_postcode.strip(),
        billing_city=member.billing_city.strip(),
        member_vat_number=member.vat_number,
        member_registration_number=member.registration_number,
        category=category.value,
        statistics_year=stats.year if stats else None,
        population=stats.population if stats else None,
        relative_gdp=stats.relative_gdp if stats else None,
        total_revenue=stats.total_revenue if stats else None,
        calculation=[step_to_json(s) for s in draft.calculation.steps] if draft.calculation else [],
        issued_on=issued_on,
        due_on=due_on,
        language=language,
        total=max(draft.total, Decimal(0)),
        issued_by=actor,
    )


def call_group(year: int) -> str:
    """The pending-work group of a year's call: its issue and its invoices' deliveries."""
    return f"fee-call:{year}"


def invoice_lines(invoice: Invoice, draft: FeeDraft) -> list[InvoiceLine]:
    """The unsaved lines of ``invoice``, numbered from 1 in the order of its draft's."""
    lines = [line.as_line(position) for position, line in enumerate(draft.lines, start=1)]
    for line in lines:
        line.invoice = invoice
    return lines


def save_invoices(
    drafts: Sequence[FeeDraft],
    *,
    kind: str,
    issued_on: date,
    actor: User | None,
    contacts: dict[int, list[Person]],
    send_email: bool,
    fee_call: FeeCall | None = None,
    deliver: bool = True,
) -> list[Invoice]:
    """Numbers, saves and schedules the delivery of one invoice per draft, in a few queries."""
    if not drafts:
        return []
    issuer_require()
    years = {draft.year for draft in drafts}
    assert len(years) == 1, "one series per call"
    numbers = numbers_take(series=str(years.pop()), count=len(drafts))
    due_on = payment_due_date(call_sent=issued_on)
    invoices = Invoice.objects.bulk_create(
        invoice_from_draft(
            draft,
            kind=kind,
            number=number,
            issued_on=issued_on,
            due_on=due_on,
            language=billing_language(contacts.get(draft.member.pk, [])),
            actor=actor,
            fee_call=fee_call,
        )
        for draft, number in zip(drafts, numbers, strict=True)
    )
    lines = []
    participations = []
    for invoice, draft in zip(invoices, drafts, strict=True):
        lines += invoice_lines(invoice, draft)
        for participation in draft.participations:
            participation.invoice = invoice
            participations.append(participation)
    InvoiceLine.objects.bulk_create(lines)
    if participations:
        ProgrammeParticipation.objects.bulk_update(participations, ["invoice"])
    if deliver:
        # Recorded in this transaction and completed by the worker: a broker outage or a
        # killed worker delays the PDF and e-mail, never loses them (governance.services.pending).
        pending_tasks_schedule(
            task=DELIVER_TASK,
            calls=[([invoice.pk, send_email], f"invoice {invoice.number}") for invoice in invoices],
            group=call_group(fee_call.year) if fee_call else f"invoice:{invoices[0].number}",
        )
    return invoices


def save_invoice(
    draft: FeeDraft,
    *,
    kind: str,
    today: date,
    actor: User | None,
    send_email: bool,
    deliver: bool = True,
) -> Invoice:
    """:func:`save_invoices` for one member's draft, issued today, to its billing contacts."""
    contacts = billing_contacts(member_ids=[draft.member.pk])
    (invoice,) = save_invoices(
        [draft],
        kind=kind,
        issued_on=today,
        actor=actor,
        contacts=contacts,
        send_email=send_email,
        deliver=deliver,
    )
    return invoice


def _member_data(member: Member) -> Member:
    """The member with what a fee draft reads, fetched fresh."""
    return (
        Member.objects.select_related("country", "fee_exemption")
        .prefetch_related("memberships", "statistics", "programme_participations")
        .get(pk=member.pk)
    )


@transaction.atomic
def first_year_invoice_issue(
    *,
    member: Member,
    decision: date,
    actor: User | None,
    today: date,
    send_email: bool = True,
) -> Invoice | None:
    """Invoices the first-year fee of a member admitted by the Board on ``decision``.

    Procedures art. 3.1.1: the remaining twelfths of the annual fee, from the month after the
    decision. ``None`` when nothing is owed for that year (a December decision, a category
    that pays no fee). Paid within two months of the invoice, as art. 3.1.2 gives existing
    members (*interpretation*: art. 3.1.1 says when the fee falls due, not how long to pay).
    """
    require_secretariat(actor)
    Member.objects.select_for_update().filter(pk=member.pk).first()
    year = decision.year
    existing = Invoice.objects.filter(member=member, year=year, kind__in=MEMBERSHIP_KINDS).first()
    if existing is not None:
        raise DomainError(
            _("%(member)s is already invoiced for %(year)s (invoice %(number)s).")
            % {"member": member, "year": year, "number": existing.number},
            field="member",
        )
    fresh = _member_data(member)
    parameters = parameters_for(year=year)
    exemption = getattr(fresh, "fee_exemption", None)
    draft = member_fee_draft(
        member=fresh,
        year=year,
        on=decision,
        params=parameters.params,
        programme_fees=parameters.programme_fees,
        memberships=list(fresh.memberships.all()),
        statistics=fresh.statistics.all(),
        exemption=exemption if isinstance(exemption, Exemption) else None,
        participations=fresh.programme_participations.all(),
        first_year_decision=decision,
    )
    if draft.problem is not None:
        raise DomainError(render_with_article(draft.problem))
    if not draft.invoiceable:
        return None
    return save_invoice(
        draft, kind=Invoice.Kind.FIRST_YEAR, today=today, actor=actor, send_email=send_email
    )


@dataclass(frozen=True)
class Admission:
    """What recording an admission did."""

    membership: Membership
    invoice: Invoice | None
    note: str = ""


@transaction.atomic
def member_admission_record(
    *,
    member: Member,
    category: MemberCategory | str,
    board_decision: date,
    actor: User | None,
    today: date,
    ga_ratification: date | None = None,
    send_email: bool = True,
) -> Admission:
    """Records the Board's decision to admit a member and invoices its first-year fee.

    Both in one transaction: when the fee cannot be computed (statistics missing), the
    admission is not recorded either, and the message says what to record first.
    """
    require_secretariat(actor)
    category = MemberCategory(category)
    membership = membership_admit(
        member=member,
        category=category,
        board_decision=board_decision,
        actor=actor,
        ga_ratification=ga_ratification,
    )
    if category not in PAYING_CATEGORIES:
        return Admission(membership, None, gettext("This category pays no membership fee."))
    memberships = list(Membership.objects.filter(member=member))
    if not is_new_member_in(memberships, year=board_decision.year):
        return Admission(
            membership,
            None,
            gettext(
                "%(member)s was a paying member before %(year)s: its annual fee stands, "
                "no first-year fee is invoiced."
            )
            % {"member": member, "year": board_decision.year},
        )
    existing = Invoice.objects.filter(
        member=member, year=board_decision.year, kind__in=MEMBERSHIP_KINDS
    ).first()
    if existing is not None:
        # Readmitted after a gap in the year it was already invoiced for (art. 3.1.1): the
        # invoice of that year stands; nothing is owed twice.
        return Admission(
            membership,
            None,
            gettext(
                "%(member)s is already invoiced for %(year)s (invoice %(number)s): no "
                "first-year fee is invoiced."
            )
            % {"member": member, "year": board_decision.year, "number": existing.number},
        )
    invoice = first_year_invoice_issue(
        member=member, decision=board_decision, actor=actor, today=today, send_email=send_email
    )
    if invoice is None:
        return Admission(
            membership,
            None,
            gettext(
                "Admitted in December: no fee for %(year)s; the next call invoices the full fee "
                "(Procedures art. 3.1.1)."
            )
            % {"year": board_decision.year},
        )
    return Admission(membership, invoice)


# --- Programme fees -----------------------------------------------------------------------


@dataclass(frozen=True)
class Participation:
    participation: ProgrammeParticipation
    invoice: Invoice | None


@transaction.atomic
def programme_participation_record(
    *,
    member: Member,
    year: int,
    programme: str,
    actor: User | None,
    today: date,
    send_email: bool = True,
    deliver: bool = True,
) -> Participation:
    """Records that a member takes part in a programme in ``year`` (Procedures art. 3.3).

    Before the member's invoice of the year is issued, the fee becomes a line of it; after,
    it is invoiced at once on a programme invoice (when the fee is more than zero:
    Eurodyssey's is 0, art. 3.3.1).
    """
    require_secretariat(actor)
    programme = ProgrammeParticipation.Programme(programme)
    if ProgrammeParticipation.objects.filter(
        member=member, year=year, programme=programme
    ).exists():
        raise DomainError(
            _("%(member)s is already recorded for %(programme)s in %(year)s.")
            % {"member": member, "programme": programme.label, "year": year},
            field="programme",
        )
    participation = ProgrammeParticipation.objects.create(
        member=member, year=year, programme=programme
    )
    invoiced = Invoice.objects.filter(member=member, year=year, kind__in=MEMBERSHIP_KINDS).exists()
    if not invoiced:
        return Participation(participation, None)
    parameters = parameters_for(year=year)
    lines = programme_lines([participation], fees=parameters.programme_fees)
    if sum((line.amount for line in lines), Decimal(0)) <= 0:
        return Participation(participation, None)
    fresh = _member_data(member)
    periods = sorted(fresh.memberships.all(), key=lambda m: m.board_decision)
    membership = next(
        (m for m in periods if m.is_current_on(today)), periods[-1] if periods else None
    )
    if membership is None:
        raise DomainError(
            _("%(member)s has no membership recorded.") % {"member": member},
            field="member",
        )
    draft = FeeDraft(
        member=fresh,
        year=year,
        membership=membership,
        lines=lines,
        participations=(participation,),
    )
    invoice = save_invoice(
        draft,
        kind=Invoice.Kind.PROGRAMME,
        today=today,
        actor=actor,
        send_email=send_email,
        deliver=deliver,
    )
    return Participation(participation, invoice)
