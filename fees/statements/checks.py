"""What a statement line must be before anything of its file is saved.

A line's amount must fit the ledger (twelve digits, two of them cents) and, when it is money
received, be no more than ten times the largest open invoice: nobody pays a fee with more, so
such a line is a misread file or a typing error. Its date must be in the statement's period
(when the file states one), not in the future, and not absurdly old. Every bad line is named;
the whole file is refused: a payment recorded wrongly would lift or keep a member's suspension
for unpaid fees (Procedures art. 3.5) on a figure nobody paid.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from aer_portal.dates import day
from fees.statements.base import ParsedStatement

#: The ledger stores twelve digits with two decimals: below ten thousand million euros.
LARGEST_AMOUNT = Decimal("9999999999.99")
#: A credit above this many times the largest open invoice cannot be a fee payment.
INVOICE_FACTOR = 10
#: A line older than this many years is not a statement the portal imports.
OLDEST_YEARS = 5


def _money(value: Decimal) -> str:
    return f"€ {value:,.2f}".replace(",", "\u202f")


def oldest_day(today: date) -> date:
    return date(today.year - OLDEST_YEARS, 1, 1)


def statement_problems(
    statement: ParsedStatement, *, today: date, largest_open: Decimal | None
) -> list[str]:
    """Every line's problems, one message each naming the line; empty when all is well."""
    problems: list[str] = []
    oldest = oldest_day(today)
    start, end = statement.period_start, statement.period_end
    if start is not None and end is not None and start > end:
        start, end = end, start
    for line in statement.lines:
        found: list[str] = []
        magnitude = abs(line.amount)
        if magnitude > LARGEST_AMOUNT or line.amount != line.amount.quantize(Decimal("0.01")):
            found.append(
                _("The amount %(amount)s cannot be a payment (at most %(largest)s, in cents)")
                % {"amount": line.amount, "largest": _money(LARGEST_AMOUNT)}
            )
        elif (
            line.is_credit
            and largest_open is not None
            and largest_open > 0
            and magnitude > largest_open * INVOICE_FACTOR
        ):
            found.append(
                _(
                    "%(amount)s is more than ten times the largest open invoice "
                    "(%(largest)s), so it is not a fee payment"
                )
                % {"amount": _money(magnitude), "largest": _money(largest_open)}
            )
        if line.booked_on > today:
            found.append(_("The date %(day)s is in the future") % {"day": day(line.booked_on)})
        elif line.booked_on < oldest:
            found.append(
                _("The date %(day)s is before %(oldest)s; a statement that old is not imported")
                % {"day": day(line.booked_on), "oldest": day(oldest)}
            )
        elif (start is not None and line.booked_on < start) or (
            end is not None and line.booked_on > end
        ):
            found.append(
                _("The date %(day)s is outside the statement's period (%(start)s to %(end)s)")
                % {
                    "day": day(line.booked_on),
                    "start": day(start) if start else "…",
                    "end": day(end) if end else "…",
                }
            )
        if found:
            problems.append(
                _("%(where)s: %(problems)s.") % {"where": line.where, "problems": "; ".join(found)}
            )
    return problems
