"""Recording payments: by hand, from a bank statement, and resolving the lines that need a
person (partial payments, overpayments, lines that name no invoice)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.rules.fee_collection import balance_due
from fees.models import BankLine, Invoice, Payment, StatementImport
from fees.selectors import CENT, with_balances
from fees.services.suspensions import suspensions_update_for
from fees.statements import StatementRejected, fingerprints, parse_statement
from members.models import User


class StatementImportRefused(DomainError):
    """A statement file that cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0], field="file")
        self.problems = problems


def _checked_amount(amount: Decimal | None) -> Decimal:
    if amount is None or amount <= 0:
        raise DomainError(
            _("amount: a payment is an amount greater than zero (got %(amount)s).")
            % {"amount": amount if amount is not None else _("nothing")},
            field="amount",
        )
    if amount != amount.quantize(CENT):
        raise DomainError(_("amount: at most two decimals (cents)."), field="amount")
    return amount


def _invoice_by_number(number: str) -> Invoice:
    invoice = Invoice.objects.select_for_update().filter(number=number.strip()).first()
    if invoice is None:
        raise DomainError(
            _("invoice: there is no invoice numbered “%(number)s”.") % {"number": number.strip()},
            field="invoice",
        )
    return invoice


def _lift_or_keep(invoice_ids: list[int], *, today: date) -> None:
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
) -> Payment:
    """Records money received for an invoice; lifts the member's suspension once paid in full
    (Procedures art. 3.5)."""
    checked = _checked_amount(amount)
    if received_on > today:
        raise DomainError(
            _("received_on: %(day)s is in the future.") % {"day": received_on.isoformat()},
            field="received_on",
        )
    invoice = _invoice_by_number(invoice_number)
    payment = Payment.objects.create(
        invoice=invoice,
        amount=checked,
        received_on=received_on,
        reference=reference.strip(),
        source=Payment.Source.MANUAL,
        recorded_by=actor,
    )
    _lift_or_keep([invoice.pk], today=today)
    return payment


@dataclass(frozen=True)
class ImportResult:
    statement: StatementImport
    matched: int
    to_resolve: int


@transaction.atomic
def statement_import(*, name: str, content: bytes, actor: User | None, today: date) -> ImportResult:
    """Imports a bank statement: every credit line naming one invoice becomes a payment.

    All or nothing: a file with any unreadable line is refused with every problem listed, and
    a failure while saving leaves nothing behind. Lines already imported (the same statement
    twice) are skipped; debits are not fee payments and are only counted. Partial payments,
    overpayments and lines naming no (or several) invoices are kept for a person to resolve.
    """
    try:
        kind, lines = parse_statement(name=name, content=content)
    except StatementRejected as rejected:
        raise StatementImportRefused(rejected.problems) from None
    credits = [line for line in lines if line.is_credit]
    prints = fingerprints(credits)
    known = set(
        BankLine.objects.filter(fingerprint__in=prints).values_list("fingerprint", flat=True)
    )
    new = [(line, fp) for line, fp in zip(credits, prints, strict=True) if fp not in known]
    if not new:
        raise StatementImportRefused(
            [
                _(
                    "file: every payment in this statement was imported before (or it has "
                    "none); nothing was saved."
                )
            ]
        )
    wanted = {number for line, _fp in new for number in line.invoice_numbers()}
    invoices = {
        invoice.number: invoice
        for invoice in with_balances(Invoice.objects.select_for_update().filter(number__in=wanted))
    }
    balances = {number: Decimal(invoice.balance) for number, invoice in invoices.items()}  # type: ignore[attr-defined]
    statement = StatementImport(
        file_name=name[:255],
        format=kind,
        imported_by=actor,
        ignored_lines=len(lines) - len(credits),
        duplicate_lines=len(credits) - len(new),
    )
    statement.file.save(name, ContentFile(content), save=False)
    statement.save()
    matched = to_resolve = 0
    touched: set[int] = set()
    for line, fingerprint in new:
        found = [invoices[n] for n in line.invoice_numbers() if n in invoices]
        invoice = found[0] if len(found) == 1 else None
        if invoice is None:
            match = BankLine.Match.UNMATCHED
        else:
            before = balances[invoice.number]
            after = balance_due(total=before, paid=line.amount, credited=Decimal(0))
            balances[invoice.number] = after
            if after.quantize(CENT) == 0:
                match = BankLine.Match.PAID
            elif after > 0:
                match = BankLine.Match.PARTIAL
            else:
                match = BankLine.Match.OVERPAID
        bank_line = BankLine.objects.create(
            statement=statement,
            line_number=line.line_number,
            booked_on=line.booked_on,
            amount=line.amount,
            reference=line.reference[:500],
            counterparty=line.counterparty[:200],
            fingerprint=fingerprint,
            match=match,
            invoice=invoice,
        )
        if invoice is not None:
            Payment.objects.create(
                invoice=invoice,
                amount=line.amount,
                received_on=line.booked_on,
                reference=line.reference[:500],
                source=Payment.Source.STATEMENT,
                bank_line=bank_line,
                recorded_by=actor,
            )
            touched.add(invoice.pk)
            matched += 1
        if match != BankLine.Match.PAID:
            to_resolve += 1
    _lift_or_keep(sorted(touched), today=today)
    return ImportResult(statement=statement, matched=matched, to_resolve=to_resolve)


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
    line = BankLine.objects.select_for_update().get(pk=line.pk)
    if line.resolved_at is not None:
        raise DomainError(
            _("line: this line was resolved already, on %(day)s.")
            % {"day": timezone.localtime(line.resolved_at).date().isoformat()},
            field="line",
        )
    if invoice_number.strip():
        if line.invoice_id is not None:
            raise DomainError(
                _("invoice: this line already paid invoice %(number)s.")
                % {"number": line.invoice.number},  # type: ignore[union-attr]
                field="invoice",
            )
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
        _lift_or_keep([invoice.pk], today=today)
        note = note.strip() or _("Assigned to invoice %(number)s.") % {"number": invoice.number}
    if not note.strip():
        raise DomainError(
            _("note: say what was done about this line (or name the invoice it pays)."),
            field="note",
        )
    line.resolution = note.strip()
    line.resolved_at = timezone.now()
    line.resolved_by = actor
    line.save(update_fields=["invoice", "resolution", "resolved_at", "resolved_by"])
    return line
