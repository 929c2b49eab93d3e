"""Fee discounts and exemptions (Procedures art. 3.4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.messages import render as render_message
from aer_portal.rules.fee_collection import discount_applied, discount_refusal_reasons
from fees.models import CreditNote, Exemption, Invoice, InvoiceLine
from fees.selectors.invoices import MEMBERSHIP_KINDS
from fees.services.credit_notes import credit_note_issue
from governance.selectors.roles import office_roles
from members.access import may_decide_as_treasurer
from members.models import Member, User


@transaction.atomic
def exemption_approve(
    *,
    member: Member,
    year: int,
    amount: Decimal | None,
    justification: str,
    actor: User,
    today: date,
    send_email: bool = True,
) -> Exemption:
    """Approves a discount (``amount``) or a full exemption (``None``) for one year.

    Procedures art. 3.4: only in exceptional circumstances, duly justified, for a
    non-renewable period, approved by the Vice-President Treasurer: the approving account's
    person must hold the Treasurer's mandate on the Executive Board that day. When the year's
    invoice is already issued, a credit note for the discount is issued with it.
    """
    Member.objects.select_for_update().filter(pk=member.pk).first()
    earlier = list(Exemption.objects.filter(member=member).values_list("year", flat=True))
    approver = may_decide_as_treasurer(office_roles(user=actor, on=today))
    reasons = discount_refusal_reasons(
        member=member.name,
        year=year,
        earlier_years=earlier,
        justification=justification,
        approver_is_treasurer=approver,
        discount=amount,
    )
    if reasons:
        about, reason = reasons[0]
        field = None if about == "approver" else about
        text = render_message(reason)
        raise DomainError(text, field=field)
    exemption = Exemption.objects.create(
        member=member,
        year=year,
        amount=amount,
        justification=justification.strip(),
        approved_by=actor,
        approver_name=str(actor.person) if actor.person else actor.get_full_name(),
        approved_on=today,
    )
    invoice = (
        Invoice.objects.filter(member=member, year=year, kind__in=MEMBERSHIP_KINDS)
        .order_by("kind")
        .first()
    )
    if invoice is not None:
        fee = sum(
            (
                line.amount
                for line in InvoiceLine.objects.filter(
                    invoice=invoice, kind=InvoiceLine.Kind.MEMBERSHIP
                )
            ),
            Decimal(0),
        )
        credited = CreditNote.objects.filter(invoice=invoice).aggregate(total=Sum("amount"))
        room = invoice.total - (credited["total"] or Decimal(0))
        reduction = min(discount_applied(fee=fee, discount=amount), room)
        if reduction > 0:
            exemption.credit_note = credit_note_issue(
                invoice=invoice,
                amount=reduction,
                reason=_("Discount approved by the Treasurer (Procedures art. 3.4): %(why)s")
                % {"why": justification.strip()},
                actor=actor,
                today=today,
                send_email=send_email,
            )
            exemption.save(update_fields=["credit_note"])
    return exemption
