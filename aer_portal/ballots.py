"""Record a person's choice on a ballot, or change it: one vote each, two tabs never two votes.

The Board's online votes on membership applications (Procedures art. 2.4) and on Working Group
proposals (art. 9) keep one row per voter, with ``choice``, ``cast_at`` and ``changed_at``, and
answer a submission the same way:

- the same choice submitted again (a double click, a second tab with the same choice) is the
  same vote: nothing is written and the submission succeeds, also when it lost the race to
  insert the row;
- a different choice from a page that showed a choice since changed elsewhere is refused, and
  the refusal names the vote that stands;
- a different choice from an up-to-date page changes the vote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Protocol, TypeVar

from django.db import IntegrityError, transaction

from aer_portal.errors import DomainError


class BallotRow(Protocol):
    """What this module reads and writes of a voter's ballot row."""

    choice: str
    changed_at: datetime

    def save(self, *, update_fields: Iterable[str] | None = ...) -> None: ...


B = TypeVar("B", bound=BallotRow)


def ballot_record(
    *,
    stored: Callable[[], B | None],
    new: Callable[[], B],
    choice: str,
    now: datetime,
    seen_choice: str | None,
    changed_elsewhere: Callable[[str], DomainError],
) -> tuple[B, bool]:
    """The voter's ballot with ``choice``, and whether this submission inserted it.

    ``stored`` reads the voter's ballot row (None without one); ``new`` builds the unsaved row
    with ``choice``, ``cast_at`` and ``changed_at`` set to ``now``. The caller has locked what
    is voted on and checked that the vote is open and the choice one of the ballot's.

    ``seen_choice`` is the choice the person's page showed ("" for none, None when no page is
    involved): a different choice from a page that did not show the current one is refused
    with ``changed_elsewhere(choice that stands)`` ("" when the vote was withdrawn). A second
    request of the same person that inserts the row first (a database without row locks) wins:
    the same choice is then this vote too, a different one is refused likewise.
    """
    existing = stored()
    current = existing.choice if existing is not None else ""
    if existing is not None and current == choice:
        return existing, False
    if seen_choice is not None and seen_choice != current:
        raise changed_elsewhere(current)
    if existing is not None:
        existing.choice = choice
        existing.changed_at = now
        existing.save(update_fields=["choice", "changed_at"])
        return existing, False
    ballot = new()
    try:
        with transaction.atomic():
            ballot.save()
    except IntegrityError:
        winner = stored()
        if winner is not None and winner.choice == choice:
            return winner, False
        raise changed_elsewhere(winner.choice if winner is not None else "") from None
    return ballot, True
