"""Correcting an issued invoice with a credit note; the invoice itself never changes."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError, Refused
from aer_portal.messages import euros
from fees.models import (
    CreditNote,
    Invoice,
)
from fees.selectors.balances import with_balances
from fees.services.numbering import (
    credit_note_number,
    numbers_take,
)
from fees.services.suspensions import suspensions_update_for
from governance.selectors.roles import office_roles
from governance.services.pending import pending_task_schedule
from members.access import may_decide_as_treasurer
from members.models import User

# --- Corrections --------------------------------------------------------------------------


@transaction.atomic
def credit_note_issue(
    *,
    invoice: Invoice,
    amount: Decimal | None,
    reason: str,
    actor: User | None,
    today: date,
    send_email: bool = True,
) -> CreditNote:
    """Corrects an issued invoice by crediting part or all of it; the invoice never changes.

    Credit notes have their own gapless series per year of issue (CN-2026-0001). A credit
    note reduces a fee, so only the Vice-President Treasurer issues one (Procedures art. 3.4):
    ``actor`` must hold the Treasurer's mandate on ``today``; other staff propose it
    (:func:`fees.services.reductions.reduction_propose`). ``actor=None`` is for code with no
    person behind it (data loading, tests).
    """
    if actor is not None and not may_decide_as_treasurer(office_roles(user=actor, on=today)):
        raise Refused(
            _(
                "Only the Vice-President Treasurer approves a credit note (Procedures art. "
                "3.4): propose it, and it takes effect when the Treasurer approves it."
            )
        )
    Invoice.objects.select_for_update().filter(pk=invoice.pk).first()
    if amount is None or amount <= 0:
        raise DomainError(_("A credit note credits an amount greater than zero."), field="amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("An amount has at most two decimals (cents)."), field="amount")
    if not reason.strip():
        raise DomainError(
            _("Say why the invoice is corrected; the credit note shows it."),
            field="reason",
        )
    credited = CreditNote.objects.filter(invoice=invoice).aggregate(total=Sum("amount"))["total"]
    room = invoice.total - (credited or Decimal(0))
    if amount > room:
        raise DomainError(
            _("At most %(room)s of invoice %(number)s can still be credited.")
            % {"room": euros(room), "number": invoice.number},
            field="amount",
        )
    (sequence,) = numbers_take(series=f"CN-{today.year}", count=1)
    credit_note = CreditNote.objects.create(
        number=credit_note_number(today.year, sequence),
        year=today.year,
        sequence=sequence,
        invoice=invoice,
        issued_on=today,
        amount=amount,
        reason=reason.strip(),
        language=invoice.language,
        issued_by=actor,
    )
    suspensions_update_for(
        invoices=with_balances(Invoice.objects.filter(pk=invoice.pk)), today=today
    )
    # Recorded in this transaction, delivered by the worker (governance.services.pending).
    pending_task_schedule(
        task="fees.credit_note.deliver",
        args=[credit_note.pk, send_email],
        group=f"invoice:{invoice.number}",
        label=f"credit note {credit_note.number}",
    )
    return credit_note
