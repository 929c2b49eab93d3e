"""The ordinary expenditure the Treasurer sets against the expected fees (art. 13)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError, Refused
from fees.models import OrdinaryExpenditure
from fees.selectors.balances import CENT
from governance.selectors.roles import office_roles
from members.access import may_see_treasury
from members.models import User


@transaction.atomic
def ordinary_expenditure_record(
    *, year: int, amount: Decimal | None, note: str, actor: User, today: date
) -> OrdinaryExpenditure:
    """Enters a year's ordinary expenditure (Procedures art. 13.1: the governing bodies, the
    Bureau and the Working Groups); by the Treasurer or the secretariat on their behalf."""
    if not may_see_treasury(office_roles(user=actor, on=today)):
        raise Refused(
            _("Only the Treasurer or the secretariat may enter the ordinary expenditure."),
        )
    if amount is None or amount < 0:
        raise DomainError(
            _("The ordinary expenditure is an amount of zero or more."), field="amount"
        )
    if amount != amount.quantize(CENT):
        raise DomainError(_("An amount has at most two decimals (cents)."), field="amount")
    row, _created = OrdinaryExpenditure.objects.update_or_create(
        year=year,
        defaults={"amount": amount, "note": note.strip(), "entered_by": actor, "entered_on": today},
    )
    return row
