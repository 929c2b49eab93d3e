"""Credit notes and discounts proposed by staff and approved by the Treasurer (art. 3.4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError, Refused
from aer_portal.messages import euros
from aer_portal.messages import render as render_message
from aer_portal.rules.fee_collection import discount_refusal_reasons
from fees.models import CreditNote, Exemption, Invoice, ReductionProposal
from fees.services.credit_notes import credit_note_issue
from fees.services.exemptions import exemption_approve
from governance.selectors.roles import office_roles
from members.access import may_decide_as_treasurer, may_see_treasury, require
from members.models import Member, User

Kind = ReductionProposal.Kind
Status = ReductionProposal.Status


def _name(user: User) -> str:
    return str(user.person) if user.person_id else (user.get_full_name() or user.get_username())


def _check_amount(amount: Decimal | None, *, required: bool) -> None:
    if amount is None and not required:
        return
    if amount is None or amount <= 0:
        message = (
            _("A credit note credits an amount greater than zero.")
            if required
            else _("A discount is an amount greater than zero (empty: full exemption).")
        )
        raise DomainError(message, field="amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("An amount has at most two decimals (cents)."), field="amount")


def _credit_room(invoice: Invoice) -> Decimal:
    """What can still be credited on ``invoice``: its total less issued and proposed credits."""
    credited = CreditNote.objects.filter(invoice=invoice).aggregate(total=Sum("amount"))["total"]
    pending = ReductionProposal.objects.filter(
        invoice=invoice, kind=Kind.CREDIT_NOTE, status=Status.PROPOSED
    ).aggregate(total=Sum("amount"))["total"]
    return invoice.total - (credited or Decimal(0)) - (pending or Decimal(0))


@transaction.atomic
def reduction_propose(
    *,
    kind: ReductionProposal.Kind | str,
    member: Member,
    year: int,
    amount: Decimal | None,
    reason: str,
    actor: User,
    today: date,
    invoice: Invoice | None = None,
    approve_at_once: bool = False,
) -> ReductionProposal:
    """Records a credit note (on ``invoice``) or a discount (``member``, ``year``) proposed by
    staff; nothing takes effect until the Treasurer approves it (Procedures art. 3.4).
    ``approve_at_once``: the Treasurer's own proposal, approved in the same transaction
    (:func:`reduction_approve`), so that it is recorded approved or not at all.

    A discount proposal is checked as the approval will be (justified, non-renewable, one per
    member); a credit note proposal may not credit more than the invoice still owes after
    the credit notes issued and proposed.
    """
    require(
        may_see_treasury(office_roles(user=actor, on=today)),
        _("Only the secretariat and the Treasurer propose a discount or a credit note."),
    )
    kind = Kind(kind)
    Member.objects.select_for_update().filter(pk=member.pk).first()
    reason = reason.strip()
    if kind is Kind.CREDIT_NOTE:
        if invoice is None or invoice.member_id != member.pk:
            raise DomainError(_("A credit note corrects one of the member's invoices."))
        _check_amount(amount, required=True)
        assert amount is not None
        if not reason:
            raise DomainError(
                _("Say why the invoice is corrected; the credit note shows it."),
                field="reason",
            )
        room = _credit_room(invoice)
        if amount > room:
            raise DomainError(
                _(
                    "At most %(room)s of invoice %(number)s can still be credited "
                    "(credit notes issued and proposed included)."
                )
                % {"room": euros(max(room, Decimal(0))), "number": invoice.number},
                field="amount",
            )
        year = invoice.year
    else:
        _check_amount(amount, required=False)
        earlier = list(Exemption.objects.filter(member=member).values_list("year", flat=True))
        earlier += ReductionProposal.objects.filter(
            member=member, kind=Kind.DISCOUNT, status=Status.PROPOSED
        ).values_list("year", flat=True)
        reasons = discount_refusal_reasons(
            member=member.name,
            year=year,
            earlier_years=earlier,
            justification=reason,
            approver_is_treasurer=True,  # checked when the Treasurer approves
            discount=amount,
        )
        if reasons:
            about, message = reasons[0]
            field = "reason" if about == "justification" else about
            raise DomainError(render_message(message), field=field)
        invoice = None
    proposal = ReductionProposal.objects.create(
        kind=kind,
        member=member,
        year=year,
        invoice=invoice,
        amount=amount,
        reason=reason,
        proposed_by=actor,
        proposer_name=_name(actor),
        proposed_on=today,
    )
    if approve_at_once:
        return reduction_approve(proposal=proposal, actor=actor, today=today)
    return proposal


def _pending(proposal: ReductionProposal, *, actor: User, today: date) -> ReductionProposal:
    if not may_decide_as_treasurer(office_roles(user=actor, on=today)):
        raise Refused(
            _(
                "Only the Vice-President Treasurer approves or rejects a credit note or a "
                "discount (Procedures art. 3.4)."
            )
        )
    locked = ReductionProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != Status.PROPOSED:
        raise DomainError(
            _("This proposal was already decided: %(status)s.")
            % {"status": locked.get_status_display()}
        )
    return locked


def _decided(
    locked: ReductionProposal, status: str, *, actor: User, today: date, reason: str
) -> ReductionProposal:
    """Records the Treasurer's decision on a pending proposal, with the Treasurer's words."""
    locked.status = status
    locked.decided_by = actor
    locked.decider_name = _name(actor)
    locked.decided_on = today
    locked.decision_reason = reason.strip()
    locked.save()
    return locked


@transaction.atomic
def reduction_approve(
    *,
    proposal: ReductionProposal,
    actor: User,
    today: date,
    reason: str = "",
    send_email: bool = True,
) -> ReductionProposal:
    """The Treasurer approves a proposed credit note or discount: it takes effect now.

    Procedures art. 3.4. A credit note is issued with the proposal's reason; a discount is
    recorded as :func:`exemption_approve` does (an invoice already issued gets a credit note).
    ``reason`` is the Treasurer's own words, shown with the approval.
    """
    locked = _pending(proposal, actor=actor, today=today)
    if locked.kind == Kind.CREDIT_NOTE:
        assert locked.invoice is not None and locked.amount is not None
        locked.credit_note = credit_note_issue(
            invoice=locked.invoice,
            amount=locked.amount,
            reason=locked.reason,
            actor=actor,
            today=today,
            send_email=send_email,
        )
    else:
        locked.exemption = exemption_approve(
            member=locked.member,
            year=locked.year,
            amount=locked.amount,
            justification=locked.reason,
            actor=actor,
            today=today,
            send_email=send_email,
        )
    return _decided(locked, Status.APPROVED, actor=actor, today=today, reason=reason)


@transaction.atomic
def reduction_reject(
    *, proposal: ReductionProposal, actor: User, today: date, reason: str
) -> ReductionProposal:
    """The Treasurer rejects a proposed credit note or discount, saying why (art. 3.4)."""
    if not reason.strip():
        raise DomainError(
            _("Say why the proposal is rejected; the staff and the invoice show it."),
            field="reason",
        )
    locked = _pending(proposal, actor=actor, today=today)
    return _decided(locked, Status.REJECTED, actor=actor, today=today, reason=reason)
