"""Putting membership applications before the Executive Board at one of its meetings."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from aer_portal.dates import day
from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from governance.models import ApplicationOnAgenda, Meeting
from governance.services.meetings import agenda_item_add
from members.models import MembershipApplication, User
from members.services.applications import application_mark_on_agenda


def board_meeting_label(meeting: Meeting) -> str:
    """How the application's record names the meeting: "Executive Board meeting of 15 March
    2026" (the day in the active language, in Brussels time)."""
    return gettext("%(body)s meeting of %(day)s") % {
        "body": meeting.body.name,
        "day": day(timezone.localtime(meeting.starts_at).date()),
    }


@transaction.atomic
def application_schedule(
    *, application: MembershipApplication, meeting: Meeting, actor: User
) -> ApplicationOnAgenda:
    """Adds the application to the agenda of an Executive Board meeting not yet held.

    Procedures arts. 2.1 and 3.1.1: the Executive Board decides on observer status and on
    membership. Scheduling it again at the same meeting (a double click) changes nothing;
    at a later meeting (postponed) it is added there too.
    """
    if not (actor.is_authenticated and actor.is_staff):
        raise DomainError(_("Only the secretariat puts applications on an agenda."))
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    if meeting.body.kind != BodyKind.EXECUTIVE_BOARD:
        raise DomainError(
            _(
                "Meeting: applications are decided by the Executive Board; choose one of its "
                "meetings."
            ),
            field="meeting",
        )
    if meeting.status not in (
        Meeting.Status.PLANNED,
        Meeting.Status.CONVENED,
        Meeting.Status.DOCUMENTS_SENT,
    ):
        raise DomainError(
            _("Meeting: the meeting is “%(status)s”; choose one that is still to be held.")
            % {"status": Meeting.Status(meeting.status).label},
            field="meeting",
        )
    existing = ApplicationOnAgenda.objects.filter(
        application=application, agenda_item__meeting=meeting
    ).first()
    if existing is not None:
        return existing
    item = agenda_item_add(
        meeting=meeting,
        actor=actor,
        title=gettext("Membership application: %(name)s (%(category)s)")
        % {"name": application.name, "category": application.get_category_display()},
        description=gettext("Applied on %(day)s from %(country)s.")
        % {
            "day": day(application.submitted_at.date()),
            "country": application.country.name,
        },
    )
    entry = ApplicationOnAgenda.objects.create(application=application, agenda_item=item)
    application_mark_on_agenda(
        application=application, meeting_label=board_meeting_label(meeting), actor=actor
    )
    return entry
