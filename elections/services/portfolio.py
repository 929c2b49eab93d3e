"""Making the candidates' portfolio and sending it to every member (Procedures art. 15.6)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError, Refused
from aer_portal.history import history_author
from aer_portal.links import absolute_url
from aer_portal.messages import render as render_message
from aer_portal.rules.elections import ElectionMailing, late_election_mailing_message
from elections.models import Candidacy, Election
from elections.portfolio import portfolio_pdf
from elections.selectors.candidacies import accepted_candidacies
from elections.selectors.people import current_member_ids, member_officers
from governance.reminders import DueReminder
from governance.selectors.roles import office_roles
from governance.services.pending import pending_task_schedule
from members.access import may_run_elections
from members.models import User

PORTFOLIO_KIND = "elections.portfolio"
PORTFOLIO_TASK = "elections.portfolio.generate"


@transaction.atomic
def portfolio_request(
    *, election: Election, actor: User, today: date, late_confirmed: bool = False
) -> Election:
    """Asks for the portfolio to be made and sent; a Celery task does both after commit.

    Only once the candidacies are closed (art. 15.5) and every candidacy has been reviewed
    by the Election Committee, so that the portfolio holds the accepted candidates only.
    After the art. 15.6 deadline (two weeks before) it goes out only when the person confirms
    the message quoting the article (``late_confirmed``); the election keeps it.
    """
    if not may_run_elections(office_roles(user=actor, on=today)):
        raise Refused(_("Only the Election Committee or the secretariat sends the portfolio."))
    election = Election.objects.select_related("meeting").get(pk=election.pk)
    due = election.timeline.candidacies_due
    if today <= due:
        raise DomainError(
            _(
                "Candidacies are open until %(day)s (Procedures art. 15.5); the "
                "portfolio follows once they close."
            )
            % {"day": day(due)}
        )
    pending = election.candidacies.filter(status=Candidacy.Status.SUBMITTED).count()
    if pending:
        raise DomainError(
            _("%(count)d candidacies still await the Election Committee's review.")
            % {"count": pending}
        )
    if not election.candidacies.filter(status=Candidacy.Status.ACCEPTED).exists():
        raise DomainError(_("No candidacy has been accepted."))
    late = late_election_mailing_message(
        ElectionMailing.PORTFOLIO, timeline=election.timeline, today=today
    )
    if late is not None and election.portfolio_sent_on is None:
        if not late_confirmed:
            raise DomainError(render_message(late), field="confirm_late")
        election.portfolio_late_confirmation = late.render()
        election.save(update_fields=["portfolio_late_confirmation"])
    # Recorded in this transaction, made and sent by the worker (governance.services.pending).
    pending_task_schedule(
        task=PORTFOLIO_TASK,
        args=[election.pk, actor.pk],
        group=portfolio_group(election.pk),
        label=f"portfolio of {election}"[:200],
    )
    return election


def portfolio_group(election_id: int) -> str:
    """The pending-work group of an election's portfolio runs, for its progress."""
    return f"portfolio:{election_id}"


@transaction.atomic
def portfolio_generate(*, election_id: int, now: datetime, actor: User | None = None) -> Election:
    """Makes the portfolio PDF again from the accepted candidacies and stores it.

    ``actor`` is the person who asked for it (:func:`portfolio_request`); the worker passes
    them on so that the election's audit history names who had the portfolio made, and it is
    asked again whether they run the elections (``None``: the portal itself).
    """
    if actor is not None and not may_run_elections(
        office_roles(user=actor, on=timezone.localdate(now))
    ):
        raise Refused(_("Only the Election Committee or the secretariat sends the portfolio."))
    election = (
        Election.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=election_id)
    )
    content = portfolio_pdf(
        election=election,
        candidacies=accepted_candidacies(election=election),
        base_url=absolute_url("/"),
        now=now,
    )
    old = election.portfolio.name if election.portfolio else ""
    election.portfolio.save("portfolio.pdf", ContentFile(content), save=False)
    election.portfolio_generated_at = now
    history_author(election, actor)
    election.save(update_fields=["portfolio", "portfolio_generated_at"])
    if old:
        storage = election.portfolio.storage
        transaction.on_commit(lambda: storage.delete(old))
    return election


def portfolio_recipients(*, today: date) -> list[tuple[str, str]]:
    """(e-mail, language) of the officer of every member, once each (art. 15.6: all members)."""
    seen: dict[str, str] = {}
    for access in member_officers(member_ids=current_member_ids(on=today)):
        seen.setdefault(access.user.email, access.user.preferred_language)
    return sorted(seen.items())


def portfolio_send(*, election: Election, today: date) -> int:
    """E-mails the portfolio's link to every member's officer; returns how many left now.

    Each e-mail claims a row of the reminder ledger in the transaction that sends it, so a
    retried task never mails anyone twice.
    """
    from governance.services.reminders import reminder_send

    url = absolute_url("elections:portfolio", election.pk)
    sent = 0
    for email, language in portfolio_recipients(today=today):
        sent += reminder_send(
            reminder=DueReminder(
                kind=PORTFOLIO_KIND,
                deadline_key=f"election:{election.pk}:portfolio",
                deadline=election.timeline.portfolio_distributed,
                recipient=email,
                template="elections/email/portfolio",
                context={
                    "election": election.title,
                    "election_day": election.election_day.isoformat(),
                    "url": url,
                },
                language=language,
            )
        )
    with transaction.atomic():
        locked = Election.objects.select_for_update().get(pk=election.pk)
        if locked.portfolio_sent_on is None:
            locked.portfolio_sent_on = today
            locked.save(update_fields=["portfolio_sent_on"])
            election.portfolio_sent_on = today
    return sent


def portfolio_file_name(election: Election) -> str:
    """The name a downloaded portfolio gets."""
    day = timezone.localtime(election.meeting.starts_at).date()
    return f"AER-candidates-portfolio-{day.isoformat()}.pdf"
