"""Celery tasks of the elections app: they take primary keys and may run more than once."""

from __future__ import annotations

from django.utils import timezone

from elections.services.portfolio import portfolio_generate, portfolio_send
from governance.pending import delivery_task
from members.models import User


@delivery_task("elections.portfolio.generate")
def portfolio_generate_task(election_id: int, actor_id: int | None = None) -> int:
    """Makes the candidates' portfolio and sends it to every member (Procedures art. 15.6).

    Running it again makes the same PDF again and mails nobody twice (the reminder ledger).
    Returns how many e-mails left in this run. ``actor_id`` is the account that asked, for the
    audit history (absent from runs queued before it was passed).
    """
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    election = portfolio_generate(election_id=election_id, now=timezone.now(), actor=actor)
    return portfolio_send(election=election, today=timezone.localdate())
