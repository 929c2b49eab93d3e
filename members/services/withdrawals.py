"""A membership ends: a member's notice of withdrawal (Procedures art. 3.5) and an observer's
year over (art. 2.1)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError
from aer_portal.links import absolute_url
from aer_portal.mail import template_mail_send
from aer_portal.rules.applications import observer_status_ended, withdrawal_effective_day
from aer_portal.rules.membership import (
    MEMBER_CATEGORIES,
    MemberCategory,
    observer_status_last_day,
)
from aer_portal.validation import validate_and_save
from members.models import Member, Membership, User, WithdrawalNotice
from members.selectors.applications import may_give_notice

# --- Withdrawal -----------------------------------------------------------------------------


@transaction.atomic
def withdrawal_notice_give(
    *, member: Member, actor: User, today: date, reason: str = ""
) -> WithdrawalNotice:
    """A member's officer gives notice that the member leaves AER.

    The current membership ends on the effective day (settings.WITHDRAWAL_NOTICE_MONTHS after
    the notice, aer_portal.rules.applications.withdrawal_effective_day); the membership's
    history keeps every period; invoices already issued stay due (Procedures art. 3.5). A
    second notice (a double click) returns the first.
    """
    if not may_give_notice(user=actor, member_id=member.pk):
        raise DomainError(
            _("Only the member's international relations officer gives notice of withdrawal."),
            field="member",
        )
    Member.objects.select_for_update().filter(pk=member.pk).first()
    membership = (
        Membership.objects.filter(member=member, board_decision__lte=today)
        .filter(ended_on__isnull=True)
        .first()
    )
    if membership is None or membership.category not in MEMBER_CATEGORIES:
        existing = WithdrawalNotice.objects.filter(member=member).order_by("-given_on").first()
        if existing is not None and existing.effective_on >= today:
            return existing
        raise DomainError(
            _("%(member)s is not a member of AER today: there is nothing to withdraw from.")
            % {"member": member},
            field="member",
        )
    effective = withdrawal_effective_day(today, months=settings.WITHDRAWAL_NOTICE_MONTHS)
    notice = WithdrawalNotice(
        member=member,
        membership=membership,
        given_on=today,
        effective_on=effective,
        reason=reason.strip(),
        given_by=actor,
    )
    validate_and_save(notice, actor=actor)
    membership.ended_on = effective
    membership.end_reason = gettext("Withdrawal, notice given on %(day)s") % {"day": day(today)}
    validate_and_save(membership, actor=actor)
    transaction.on_commit(
        lambda: template_mail_send(
            template="members/applications/email/withdrawal",
            context={"notice": notice, "link": absolute_url("members:record", member.pk)},
            to=settings.SECRETARIAT_EMAIL,
        )
    )
    return notice


# --- Observer status ends by itself ---------------------------------------------------------


@transaction.atomic
def observer_status_expire(*, today: date) -> int:
    """Ends every observer status past its year, on its last day; returns how many ended.

    Procedures art. 2.1: observer status is granted for a determined and non-renewable period
    of one year (aer_portal.rules.applications.observer_status_ended); nobody has to end it.
    Run daily; running it twice ends nothing twice.
    """
    ended = 0
    observers = Membership.objects.select_for_update().filter(
        category=MemberCategory.OBSERVER, ended_on__isnull=True
    )
    for membership in observers:
        if not observer_status_ended(membership.board_decision, today=today):
            continue
        membership.ended_on = observer_status_last_day(membership.board_decision)
        membership.end_reason = gettext("Observer year ended (Procedures art. 2.1)")
        validate_and_save(membership)
        ended += 1
    return ended
