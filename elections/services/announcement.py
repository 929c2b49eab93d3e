"""Informing the member regions of the elections, six weeks ahead (Procedures art. 15.4)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError, Refused
from aer_portal.messages import render as render_message
from aer_portal.rules.elections import ElectionMailing, late_election_mailing_message
from elections.models import Election
from elections.reminders import announcement_reminder, election_context
from elections.selectors.people import current_member_ids, member_officers
from governance.selectors.roles import office_roles
from members.access import may_run_elections
from members.models import User


@transaction.atomic
def election_announce(
    *, election: Election, actor: User, today: date, late_confirmed: bool = False
) -> Election:
    """Sends the announcement of the elections to every member region's officer, once.

    Procedures art. 15.4: "The member regions shall be informed six weeks in advance of the
    elections". An explicit step of the election desk: after the deadline it goes out only when
    the person confirms the message quoting the article (``late_confirmed``), which the
    election keeps, as meetings do for their notice. The e-mails claim the same ledger rows as
    the announcement reminders, so nobody is told twice.
    """
    if not may_run_elections(office_roles(user=actor, on=today)):
        raise Refused(
            _("Only the Election Committee or the secretariat sends it."),
            field="announcement",
        )
    election = (
        Election.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=election.pk)
    )
    if not election.is_published:
        raise DomainError(
            _("Publish the election first, so that members can read it."),
            field="announcement",
        )
    if election.announced_on is not None:
        raise DomainError(
            _("The member regions were informed on %(day)s.") % {"day": day(election.announced_on)},
            field="announcement",
        )
    if today > election.election_day:
        raise DomainError(
            _("The election took place on %(day)s.") % {"day": day(election.election_day)},
            field="announcement",
        )
    late = late_election_mailing_message(
        ElectionMailing.ANNOUNCEMENT, timeline=election.timeline, today=today
    )
    if late is not None and not late_confirmed:
        raise DomainError(render_message(late), field="confirm_late")
    election.announced_on = today
    election.announcement_late_confirmation = late.render() if late is not None else ""
    election.save(update_fields=["announced_on", "announcement_late_confirmation"])
    election_id = election.pk
    transaction.on_commit(lambda: announcement_send(election_id=election_id, today=today))
    return election


def announcement_send(*, election_id: int, today: date) -> int:
    """E-mails the announcement to every member's officer; returns how many left now.

    Each e-mail claims its row of the reminder ledger in the transaction that sends it.
    """
    from governance.services.reminders import reminder_send

    election = Election.objects.select_related("meeting").get(pk=election_id)
    context = election_context(election)
    sent = 0
    for access in member_officers(member_ids=current_member_ids(on=today)):
        sent += reminder_send(reminder=announcement_reminder(election, access, context))
    return sent
