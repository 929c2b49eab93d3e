"""Read-only queries about bodies, seats and mandates."""

from __future__ import annotations

from datetime import date

from django.db.models import Q

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Mandate


def current_mandates_q(on: date, prefix: str = "") -> Q:
    """Mandates running on the given day (an open end means still running)."""
    return Q(**{f"{prefix}starts_on__lte": on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": on})
    )


def person_holds_seat_in(*, person_id: int, kind: BodyKind, on: date) -> bool:
    """Whether a person holds any seat in a body of this kind on the given day."""
    return Mandate.objects.filter(
        current_mandates_q(on), person_id=person_id, seat__body__kind=kind
    ).exists()
