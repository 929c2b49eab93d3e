"""The Executive Board's decision on a year's fee parameters (Procedures art. 3.2)."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.validation import validate_and_save
from fees.models import (
    FeeCall,
    FeeDecision,
)
from members.access import require_secretariat
from members.models import User

# --- Fee parameters -----------------------------------------------------------------------

#: What a decision records besides its year and date.
DECISION_FIELDS = (*FeeDecision.PARAMETER_FIELDS, "eurodyssey_fee", "summer_academy_fee", "notes")


@transaction.atomic
def fee_decision_record(
    *, year: int, decided_on: date, values: dict[str, object], actor: User | None
) -> FeeDecision:
    """Records (or corrects, until the year's call is issued) the Board's fee parameters.

    Procedures art. 3.2: the fee is "calculated and decided by the Executive Board".
    """
    require_secretariat(actor)
    if FeeCall.objects.filter(year=year).exists():
        raise DomainError(
            _(
                "The call for fees for %(year)s has been issued with these parameters; "
                "they can no longer change (correct an invoice with a credit note)."
            )
            % {"year": year},
            field="year",
        )
    decision = FeeDecision.objects.select_for_update().filter(year=year).first()
    if decision is None:
        decision = FeeDecision(year=year)
    decision.decided_on = decided_on
    decision.recorded_by = actor
    for name, value in values.items():
        if name not in DECISION_FIELDS:
            raise ValueError(f"values: unknown fee parameter {name!r}")
        setattr(decision, name, value)
    return validate_and_save(decision, actor=actor)
