"""The yearly call for fees (Procedures art. 3.1.2): confirmed by the secretariat in a request,
issued by the worker.

The call numbers and saves its invoices with :func:`fees.services.invoices.save_invoices`, as
the first-year and programme fees do. Requests are serialised on the year's number series, so
a double click or a second tab issues once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.messages import euros
from fees.checks import issuer_require
from fees.models import FeeCall, FeeDecision, Invoice
from fees.selectors.calls import fee_call_preview
from fees.selectors.previews import RowStatus
from fees.selectors.runs import ISSUE_TASK
from fees.services.invoices import call_group, save_invoices
from fees.services.numbering import series_lock
from governance.models import PendingTask
from governance.services.pending import pending_task_schedule
from members.access import require_secretariat
from members.models import User


@dataclass
class FeeCallResult:
    """What issuing a call did: the invoices it created and the members it left out."""

    call: FeeCall
    invoices: list[Invoice] = field(default_factory=list)
    left_out: int = 0


@transaction.atomic
def fee_call_issue(
    *,
    year: int,
    actor: User | None,
    today: date,
    member_ids: Iterable[int] | None = None,
    send_email: bool = True,
    deliver: bool = True,
) -> FeeCallResult:
    """Issues the call for fees of ``year``: one invoice per member the preview invoices.

    Procedures art. 3.1.2: the full annual fee is due within two months of the call
    (aer_portal.rules.fee_terms.payment_due_date). Issuing again creates invoices only for members
    not invoiced yet (e.g. whose statistics were missing the first time): never a second one.
    ``member_ids`` limits the call to some members; ``deliver=False`` schedules neither PDF
    nor e-mail, the PDF being rendered when first downloaded (the demo data uses both).
    """
    require_secretariat(actor)
    decision = _call_checks(year=year, today=today)
    # Taking the series' lock first makes a second, simultaneous issue wait and then see
    # the invoices of the first, so nobody is invoiced twice.
    series_lock(series=str(year))
    call, _created = FeeCall.objects.get_or_create(
        year=year, defaults={"decision": decision, "issued_on": today, "issued_by": actor}
    )
    preview = fee_call_preview(year=year, on=today, member_ids=member_ids)
    drafts = [row.draft for row in preview.rows if row.status is RowStatus.TO_INVOICE]
    contacts = {row.member.pk: list(row.contacts) for row in preview.rows}
    invoices = save_invoices(
        drafts,
        kind=Invoice.Kind.ANNUAL,
        issued_on=today,
        actor=actor,
        contacts=contacts,
        send_email=send_email,
        fee_call=call,
        deliver=deliver,
    )
    return FeeCallResult(call=call, invoices=invoices, left_out=len(preview.rows) - len(drafts))


def _call_checks(*, year: int, today: date) -> FeeDecision:
    issuer_require()
    decision = FeeDecision.objects.filter(year=year).first()
    if decision is None:
        raise DomainError(
            _(
                "No Executive Board decision on the fee parameters of %(year)s is "
                "recorded; record it first (Procedures art. 3.2)."
            )
            % {"year": year},
            field="year",
        )
    if year > today.year + 1:
        raise DomainError(
            _("A call for %(year)s cannot be issued in %(now)s.")
            % {"year": year, "now": today.year},
            field="year",
        )
    return decision


@dataclass(frozen=True)
class FeeCallRequest:
    """The issue the secretariat confirmed, recorded for the worker; ``created`` is False when
    an issue of the same year was already under way (a double click, a second tab)."""

    task: PendingTask
    created: bool


@transaction.atomic
def fee_call_request(
    *,
    year: int,
    actor: User | None,
    today: date,
    confirmed_count: int,
    confirmed_total: Decimal,
) -> FeeCallRequest:
    """Records that the call of ``year`` is to be issued, as confirmed; the worker issues it.

    The confirmation named how many invoices and their total: when the preview no longer
    says the same (someone recorded statistics meanwhile), nothing is recorded and the
    message asks to confirm again. Requests are serialised on the year's number series: while
    one issue is pending or running, another request returns it instead of a second one, and
    once it is done nothing is left to invoice. So eight identical requests issue once.
    """
    require_secretariat(actor)
    _call_checks(year=year, today=today)
    series_lock(series=str(year))
    running = (
        PendingTask.objects.filter(
            task=ISSUE_TASK, group=call_group(year), done_at__isnull=True, failed_at__isnull=True
        )
        .order_by("-pk")
        .first()
    )
    if running is not None:
        return FeeCallRequest(running, created=False)
    preview = fee_call_preview(year=year, on=today)
    count, total = len(preview.to_invoice), preview.total_to_invoice
    if not count:
        raise DomainError(
            _("Every member the call invoices for %(year)s has its invoice already.")
            % {"year": year},
            field="year",
        )
    if count != confirmed_count or total != confirmed_total:
        raise DomainError(
            _(
                "The call has changed since you confirmed it; it now issues "
                "%(count)s invoices totalling %(total)s. Check and confirm again."
            )
            % {"count": count, "total": euros(total)},
            field="confirmation",
        )
    task = pending_task_schedule(
        task=ISSUE_TASK,
        args=[year, actor.pk if actor else None, today.isoformat()],
        group=call_group(year),
        label=gettext("call for fees %(year)s: %(count)s invoices")
        % {"year": year, "count": count},
    )
    return FeeCallRequest(task, created=True)


def fee_call_run(*, year: int, actor_id: int | None, today: date) -> int:
    """The worker's side of :func:`fee_call_request`: issues the call, returns how many
    invoices it created (0 when run again: nobody is invoiced twice)."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return len(fee_call_issue(year=year, actor=actor, today=today).invoices)
