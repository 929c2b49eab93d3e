"""Celery tasks of the elections app: they take primary keys and may run more than once."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from elections.services.portfolio import portfolio_generate, portfolio_send
from governance.pending import PendingWorkTask


@shared_task(
    name="elections.portfolio.generate",
    base=PendingWorkTask,
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
)
def portfolio_generate_task(election_id: int) -> int:
    """Makes the candidates' portfolio and sends it to every member (Procedures art. 15.6).

    Running it again makes the same PDF again and mails nobody twice (the reminder ledger).
    Returns how many e-mails left in this run.
    """
    election = portfolio_generate(election_id=election_id, now=timezone.now())
    return portfolio_send(election=election, today=timezone.localdate())
