"""Recording payments: by hand, and resolving the bank-statement lines that need a person
(partial payments, overpayments, lines that name no invoice). Importing the statement itself
is :mod:`fees.services.statements`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal.dates import day, moment
from aer_portal.errors import DomainError
from fees.models import BankLine, Invoice, Payment
from fees.selectors.balances import CENT, with_balances
from fees.services.suspensions import suspensions_update_for
from fees.statements.checks import LARGEST_AMOUNT, oldest_day
from members.access import require_secretariat
from members.models import User


def _checked_amount(amount: Decimal | None) -> Decimal:
    if amount is None or amount <= 0:
        raise DomainError(
            _("A payment is an amount greater than zero (got %(amount)s).")
            % {"amount": amount if amount is not None else _("nothing")},
            field="amount",
        )
    if amount > LARGEST_AMOUNT:
        raise DomainError(
            _("The amount %(amount)s is more than any payment the ledger can hold.")
            % {"amount": amount},
            field="amount",
        )
    if amount != amount.quantize(CENT):
        raise DomainError(_("An amount has at most two decimals (cents)."), field="amount")
    return amount


def _invoice_by_number(number: str) -> Invoice:
    invoice = Invoice.objects.select_for_update().filter(number=number.strip()).first()
    if invoice is None:
        raise DomainError(
            _("There is no invoice numbered “%(number)s”.") % {"number": number.strip()},
            field="invoice",
        )
    return invoice


def suspensions_recheck(invoice_ids: list[int], *, today: date) -> None:
    """Lifts or keeps the suspensions of the members whose invoices were paid (art. 3.5)."""
    suspensions_update_for(
        invoices=with_balances(Invoice.objects.filter(pk__in=invoice_ids)), today=today
    )


@transaction.atomic
def payment_record(
    *,
    invoice_number: str,
    amount: Decimal | None,
    received_on: date,
    reference: str,
    actor: User | None,
    today: date,
    request_key: UUID | None = None,
) -> Payment:
    """Records money received for an invoice; lifts the member's suspension once paid in full
    (Procedures art. 3.5).

    ``request_key`` identifies the form that was filled in: the same form sent again (a double
    click, a retry) returns the payment recorded the first time instead of recording another.
    The same payment typed again in another tab (same invoice, amount, day and reference) is
    refused with a message saying when it was recorded. Requests racing each other wait on the
    invoice's row, and a unique constraint on the key stands behind that.
    """
    require_secretariat(actor)
    checked = _checked_amount(amount)
    if received_on > today:
        raise DomainError(
            _("The day received, %(day)s, is in the future.") % {"day": day(received_on)},
            field="received_on",
        )
    if received_on < oldest_day(today):
        raise DomainError(
            _("The day received, %(day)s, is more than five years ago; check the year.")
            % {"day": day(received_on)},
            field="received_on",
        )
    if request_key is not None:
        earlier = _recorded_with(request_key)
        if earlier is not None:
            return earlier
    invoice = _invoice_by_number(invoice_number)  # locks the invoice: racing requests queue here
    if request_key is not None:
        earlier = _recorded_with(request_key)
        if earlier is not None:
            return earlier
    twin = (
        Payment.objects.filter(
            invoice=invoice,
            source=Payment.Source.MANUAL,
            amount=checked,
            received_on=received_on,
            reference=reference.strip(),
        )
        .select_related("recorded_by")
        .first()
    )
    if twin is not None:
        # The same payment typed in a second tab, or sent again from a page shown anew.
        raise DomainError(
            _(
                "This payment (€ %(amount)s received on %(day)s) was already recorded "
                "for invoice %(number)s on %(when)s by %(who)s; to record a second, equal "
                "payment, give it its own bank reference."
            )
            % {
                "amount": checked,
                "day": day(received_on),
                "number": invoice.number,
                "when": moment(twin.recorded_at),
                "who": twin.recorded_by or "—",
            },
            field="reference",
        )
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                invoice=invoice,
                amount=checked,
                received_on=received_on,
                reference=reference.strip(),
                source=Payment.Source.MANUAL,
                recorded_by=actor,
                request_key=request_key,
            )
    except IntegrityError:
        earlier = _recorded_with(request_key) if request_key is not None else None
        if earlier is None:
            raise
        return earlier
    suspensions_recheck([invoice.pk], today=today)
    return payment


def _recorded_with(request_key: UUID) -> Payment | None:
    return Payment.objects.select_related("invoice").filter(request_key=request_key).first()


@transaction.atomic
def bank_line_resolve(
    *,
    line: BankLine,
    actor: User | None,
    today: date,
    note: str,
    invoice_number: str = "",
) -> BankLine:
    """Resolves a statement line that needed a person.

    A line that named no invoice may be assigned to one (it becomes its payment); any line
    may be closed with a note saying what was done (refund, reminder, not a fee payment).
    """
    require_secretariat(actor)
    line = BankLine.objects.select_for_update().get(pk=line.pk)
    if line.resolved_at is not None:
        raise DomainError(
            _("This line was resolved already, on %(day)s.")
            % {"day": day(timezone.localtime(line.resolved_at).date())},
            field="line",
        )
    if invoice_number.strip():
        if line.invoice_id is not None:
            raise DomainError(
                _("This line already paid invoice %(number)s.") % {"number": line.invoice.number},  # type: ignore[union-attr]
                field="invoice",
            )
        if line.amount <= 0:
            raise DomainError(_("A debit is not a payment."), field="invoice")
        invoice = _invoice_by_number(invoice_number)
        Payment.objects.create(
            invoice=invoice,
            amount=line.amount,
            received_on=line.booked_on,
            reference=line.reference,
            source=Payment.Source.STATEMENT,
            bank_line=line,
            recorded_by=actor,
        )
        line.invoice = invoice
        line.matched_by = BankLine.MatchedBy.PERSON
        suspensions_recheck([invoice.pk], today=today)
        note = note.strip() or _("Assigned to invoice %(number)s.") % {"number": invoice.number}
    if not note.strip():
        raise DomainError(
            _("Say what was done about this line (or name the invoice it pays)."),
            field="note",
        )
    line.resolution = note.strip()
    line.resolved_at = timezone.now()
    line.resolved_by = actor
    line.save(update_fields=["invoice", "matched_by", "resolution", "resolved_at", "resolved_by"])
    return line


def _share_amount(text: str | Decimal | None) -> Decimal | None:
    if text is None or isinstance(text, Decimal):
        return text
    try:
        return Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        return None


@transaction.atomic
def bank_line_split(
    *,
    line: BankLine,
    shares: list[tuple[str, Decimal | None]],
    actor: User | None,
    today: date,
    note: str = "",
) -> BankLine:
    """Splits a statement line across several invoices, as a person decides (a region paying
    two fees in one transfer): one payment per invoice, the amounts adding up to the line.

    Every problem is reported at once and nothing is saved unless all is right. A payment the
    import had matched automatically to this line is replaced by the split.
    """
    require_secretariat(actor)
    line = BankLine.objects.select_for_update().get(pk=line.pk)
    if line.resolved_at is not None or line.match == BankLine.Match.SPLIT:
        raise DomainError(
            _("This line was resolved already; it cannot be split now."), field="shares"
        )
    if line.amount <= 0:
        raise DomainError(_("A debit is not a payment to split."), field="shares")
    rows = [(number.strip(), amount) for number, amount in shares if number.strip() or amount]
    problems: list[str] = []
    if len(rows) < 2:
        problems.append(
            _(
                "A split names at least two invoices and their amounts (to give the "
                "whole line to one invoice, assign it instead)"
            )
        )
    numbers = [number for number, _amount in rows]
    invoices = {
        invoice.number: invoice
        for invoice in Invoice.objects.select_for_update().filter(number__in=numbers)
    }
    total = Decimal(0)
    for index, (number, amount) in enumerate(rows, start=1):
        if not number:
            problems.append(_("share %(n)s: name the invoice") % {"n": index})
        elif number not in invoices:
            problems.append(
                _("share %(n)s: there is no invoice numbered “%(number)s”")
                % {"n": index, "number": number}
            )
        elif numbers.count(number) > 1 and numbers.index(number) != index - 1:
            problems.append(
                _("share %(n)s: invoice %(number)s is named twice") % {"n": index, "number": number}
            )
        if (
            amount is None
            or amount <= 0
            or amount > LARGEST_AMOUNT
            or amount != amount.quantize(CENT)
        ):
            problems.append(
                _("share %(n)s: the amount must be more than zero, in euros and cents")
                % {"n": index}
            )
        else:
            total += amount
    if not problems and total != line.amount:
        problems.append(
            _("The amounts add up to € %(total)s, not the line's € %(amount)s")
            % {"total": total.quantize(CENT), "amount": line.amount}
        )
    if problems:
        raise DomainError("; ".join(problems) + ".", field="shares")
    earlier = list(line.payments.all())
    touched = {payment.invoice_id for payment in earlier}
    for payment in earlier:
        payment.delete()
    for number, amount in rows:
        invoice = invoices[number]
        Payment.objects.create(
            invoice=invoice,
            amount=amount,
            received_on=line.booked_on,
            reference=line.reference,
            source=Payment.Source.STATEMENT,
            bank_line=line,
            recorded_by=actor,
        )
        touched.add(invoice.pk)
    summary = ", ".join(f"{number} € {amount}" for number, amount in rows)
    line.invoice = None
    line.match = BankLine.Match.SPLIT
    line.matched_by = BankLine.MatchedBy.PERSON
    line.resolution = (note.strip() + " " if note.strip() else "") + _("Split: %(shares)s.") % {
        "shares": summary
    }
    line.resolved_at = timezone.now()
    line.resolved_by = actor
    line.save(
        update_fields=["invoice", "match", "matched_by", "resolution", "resolved_at", "resolved_by"]
    )
    suspensions_recheck(sorted(touched), today=today)
    return line
