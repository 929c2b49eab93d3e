"""Recording payments: by hand, from a bank statement, and resolving the lines that need a
person (partial payments, overpayments, lines that name no invoice)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from uuid import UUID

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal.dates import day, moment
from aer_portal.errors import DomainError
from aer_portal.rules.fee_collection import balance_due
from fees.models import BankLine, CsvProfile, Invoice, Payment, StatementImport
from fees.references import invoice_numbers_in
from fees.selectors.invoices import CENT, with_balances
from fees.services.suspensions import suspensions_update_for
from fees.statements import StatementRejected, fingerprints, parse_statement
from fees.statements.checks import LARGEST_AMOUNT, oldest_day, statement_problems
from fees.statements.matching import Candidate, match_line
from members.access import require_secretariat
from members.models import User


class StatementImportRefused(DomainError):
    """A statement file that cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0], field="file")
        self.problems = problems


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
    _lift_or_keep([invoice.pk], today=today)
    return payment


def _recorded_with(request_key: UUID) -> Payment | None:
    return Payment.objects.select_related("invoice").filter(request_key=request_key).first()


@dataclass(frozen=True)
class ImportResult:
    statement: StatementImport
    matched: int
    to_resolve: int


def _largest_open_invoice() -> Decimal | None:
    """The largest open invoice's total, else the largest invoice's (None: no invoice yet)."""
    invoices = with_balances(Invoice.objects.all())
    largest = invoices.filter(balance__gt=0).aggregate(largest=Max("total"))["largest"]  # type: ignore[misc]
    if largest is None:
        largest = Invoice.objects.aggregate(largest=Max("total"))["largest"]
    return Decimal(largest) if largest is not None else None


def _refused(problems: list[str]) -> StatementImportRefused:
    return StatementImportRefused(problems)


def statement_import(
    *,
    name: str,
    content: bytes,
    actor: User | None,
    today: date,
    profile: CsvProfile | None = None,
) -> ImportResult:
    """Imports a bank statement (see :func:`_statement_import`). The same file sent twice at
    once (a double click on Import) imports once: the second waits on the first's lines and is
    refused, saying so, instead of failing."""
    require_secretariat(actor)
    try:
        return _statement_import(
            name=name, content=content, actor=actor, today=today, profile=profile
        )
    except IntegrityError:
        raise _refused(
            [
                _(
                    "Lines of this statement were being imported by another request at "
                    "the same moment; nothing was saved twice. See the statements page."
                )
            ]
        ) from None


@transaction.atomic
def _statement_import(
    *,
    name: str,
    content: bytes,
    actor: User | None,
    today: date,
    profile: CsvProfile | None = None,
) -> ImportResult:
    """Imports a bank statement: every credit line that names or fits one invoice becomes a
    payment of it (Procedures art. 3.5: a member is in arrears until the fee is paid).

    The format is read from the content (camt.053, camt.054, MT940, CODA, CSV through
    ``profile`` or a saved profile whose columns the header names). All or nothing: a file with
    any unreadable line, an amount no invoice could be, or a date outside the statement's period
    or in the future is refused with every bad line named, and a failure while saving leaves
    nothing behind. Lines already imported (the same statement twice) are skipped; debits are
    not fee payments and are only counted. Partial payments, overpayments and lines naming no
    (or several) invoices are kept for a person to resolve or split.
    """
    layouts = tuple(p.layout() for p in CsvProfile.objects.order_by("bank_name"))
    try:
        parsed = parse_statement(
            content, layout=profile.layout() if profile is not None else None, layouts=layouts
        )
    except StatementRejected as rejected:
        raise _refused(rejected.problems) from None
    problems = statement_problems(parsed, today=today, largest_open=_largest_open_invoice())
    if problems:
        raise _refused(problems)
    lines = parsed.lines
    credits = [line for line in lines if line.is_credit]
    prints = fingerprints(credits)
    known = set(
        BankLine.objects.filter(fingerprint__in=prints).values_list("fingerprint", flat=True)
    )
    new = [(line, fp) for line, fp in zip(credits, prints, strict=True) if fp not in known]
    if not new:
        raise _refused(
            [
                _(
                    "Every payment in this statement was imported before (or it has "
                    "none); nothing was saved."
                )
            ]
        )
    wanted = {
        number
        for line, _fp in new
        for number in (*invoice_numbers_in(line.reference), *line.invoice_numbers())
    }
    rows = with_balances(
        Invoice.objects.select_for_update().filter(Q(number__in=wanted) | Q(pk__in=_open_ids()))
    ).only("pk", "number", "member_name", "total")
    invoices = {row.number: row for row in rows}
    candidates = {
        number: Candidate(number=number, balance=Decimal(row.balance), payer=row.member_name)  # type: ignore[attr-defined]
        for number, row in invoices.items()
    }
    statement = StatementImport(
        file_name=name[:255],
        format=parsed.format,
        csv_profile=profile,
        period_start=parsed.period_start,
        period_end=parsed.period_end,
        imported_by=actor,
        ignored_lines=len(lines) - len(credits),
        duplicate_lines=len(credits) - len(new),
    )
    statement.file.save(name or "statement", ContentFile(content), save=False)
    statement.save()
    matched = to_resolve = 0
    touched: set[int] = set()
    for line, fingerprint in new:
        candidate, how = match_line(line, candidates)
        invoice = invoices[candidate.number] if candidate is not None else None
        if candidate is None:
            match = BankLine.Match.UNMATCHED
        else:
            after = balance_due(total=candidate.balance, paid=line.amount, credited=Decimal(0))
            candidate.balance = after
            if after.quantize(CENT) == 0:
                match = BankLine.Match.PAID
            elif after > 0:
                match = BankLine.Match.PARTIAL
            else:
                match = BankLine.Match.OVERPAID
        bank_line = BankLine.objects.create(
            statement=statement,
            line_number=line.line_number,
            position=line.position[:80],
            booked_on=line.booked_on,
            amount=line.amount,
            reference=line.reference[:500],
            counterparty=line.counterparty[:200],
            fingerprint=fingerprint,
            match=match,
            matched_by=how,
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


def _open_ids() -> list[int]:
    return list(
        with_balances(Invoice.objects.all()).filter(balance__gt=0).values_list("pk", flat=True)  # type: ignore[misc]
    )


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
        _lift_or_keep([invoice.pk], today=today)
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
    _lift_or_keep(sorted(touched), today=today)
    return line
