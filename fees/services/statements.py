"""Importing a bank statement: every line that names or fits one invoice becomes its payment;
the others wait for a person (:func:`fees.services.payments.bank_line_resolve`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.rules.fee_collection import balance_due
from fees.models import BankLine, CsvProfile, Invoice, Payment, StatementImport
from fees.references import invoice_numbers_in
from fees.selectors.balances import CENT, with_balances
from fees.services.payments import suspensions_recheck
from fees.statements import StatementRejected, fingerprints, parse_statement
from fees.statements.checks import statement_problems
from fees.statements.matching import Candidate, match_line
from members.access import require_secretariat
from members.models import User


class StatementImportRefused(DomainError):
    """A statement file that cannot be imported; ``problems`` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0], field="file")
        self.problems = problems


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
    suspensions_recheck(sorted(touched), today=today)
    return ImportResult(statement=statement, matched=matched, to_resolve=to_resolve)


def _open_ids() -> list[int]:
    return list(
        with_balances(Invoice.objects.all()).filter(balance__gt=0).values_list("pk", flat=True)  # type: ignore[misc]
    )
