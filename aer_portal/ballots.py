"""Record a person's choice on a ballot, or change it: one vote each, two tabs never two votes.

The Board's online votes on membership applications (Procedures art. 2.4) and on Working Group
proposals (art. 9) keep one row per voter, with ``choice``, ``cast_at`` and ``changed_at``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Model

from aer_portal.errors import DomainError

B = TypeVar("B", bound=Model)


def ballot_record(
    model: type[B],
    *,
    key: Mapping[str, object],
    choice: str,
    now: datetime,
    seen_choice: str | None,
    changed_elsewhere: Callable[[str], DomainError],
) -> tuple[B, bool]:
    """The voter's ballot of ``model`` (found by ``key``, e.g. the vote and the voter) with
    ``choice``, and whether it is a new one. The caller has locked what is voted on and
    checked that the vote is open and the choice one of the ballot's.

    The same choice again (a double click) keeps the ballot as it is. ``seen_choice`` is the
    choice the person's page showed ("" for none): when another tab or window changed it
    since, the submission is refused with ``changed_elsewhere(choice that stands)``; a second
    request that inserts the same voter's ballot first is refused likewise.
    """
    existing = model._default_manager.filter(**key).first()
    current: str = existing.choice if existing is not None else ""  # type: ignore[attr-defined]
    if existing is not None and current == choice:
        return existing, False
    if seen_choice is not None and seen_choice != current:
        raise changed_elsewhere(current)
    if existing is not None:
        existing.choice = choice  # type: ignore[attr-defined]
        existing.changed_at = now  # type: ignore[attr-defined]
        existing.save(update_fields=["choice", "changed_at"])
        return existing, False
    ballot = model(**key, choice=choice, cast_at=now, changed_at=now)
    try:
        with transaction.atomic():
            ballot.save()
    except IntegrityError:
        # Another request of the same person won the race (a database without row locks).
        stored = model._default_manager.filter(**key).first()
        raise changed_elsewhere(stored.choice if stored else "") from None  # type: ignore[attr-defined]
    return ballot, True
