"""A working group's meetings belong to its member regions (AER Working Groups page, art. 11.4)."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from aer_portal.dates import day
from governance.selectors.meetings import meetings_visible_to
from governance.selectors.roles import PortalRoles
from governance.selectors.seated import meeting_invitees
from governance.services import convening
from governance.services.meetings import calendar_feed_renew
from members.models import User
from tests.governance.factories import AgendaItemFactory
from tests.working_groups.conftest import World
from tests.working_groups.factories import officer, region
from tests.world import client_for
from working_groups.services.groups import group_join, group_meeting_schedule


def _roles(user: User) -> PortalRoles:
    from governance.selectors.roles import portal_roles

    return portal_roles(user=user, on=timezone.localdate())


def _meeting(world: World):  # type: ignore[no-untyped-def]
    meeting = group_meeting_schedule(
        group_id=world.group.pk,
        title="Youth participation: planning",
        starts_at=timezone.now() + timedelta(days=40),
        place="Gothenburg",
        actor=world.staff,
        today=timezone.localdate(),
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Work plan")
    return meeting


def test_the_member_regions_see_their_groups_meetings(world: World) -> None:
    meeting = _meeting(world)
    group_join(
        group_id=world.group.pk,
        region=world.other,
        actor=world.other_officer,
        today=timezone.localdate(),
    )
    supporter_officer = world.approved.supporters[0][1]
    outsider = officer(region("Outsider region"))
    url = reverse("governance:meeting_detail", args=[meeting.pk])
    for user in (world.lead_officer, supporter_officer, world.other_officer):
        visible = meetings_visible_to(user=user, roles=_roles(user), on=timezone.localdate())
        assert meeting in visible
        client = client_for(user)
        assert client.get(url).status_code == 200
        assert meeting.title in client.get(reverse("governance:meeting_list")).content.decode()
        token = calendar_feed_renew(user=user).token
        feed = client.get(reverse("governance:calendar_feed", args=[token])).content.decode()
        assert "Youth participation: planning" in feed
    assert client_for(outsider).get(url).status_code == 404
    assert meeting not in meetings_visible_to(
        user=outsider, roles=_roles(outsider), on=timezone.localdate()
    )


def test_the_invitation_reaches_every_member_region(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    meeting = _meeting(world)
    expected = {world.lead_officer.email.lower()} | {
        user.email.lower() for _region, user in world.approved.supporters
    }
    assert expected <= {invitee.email for invitee in meeting_invitees(meeting=meeting)}
    with django_capture_on_commit_callbacks(execute=True):
        mailing = convening.meeting_invitation_send(
            meeting=meeting, actor=world.staff, now=timezone.now()
        )
    assert mailing.recipients >= len(expected)
    assert expected <= {message.to[0].lower() for message in mail.outbox}


def test_planning_a_meeting_names_its_day_in_words_and_in_brussels_time(world: World) -> None:
    """Half past midnight in Brussels is still the previous day in UTC: the message names the
    day the members read on the invitation, in words."""
    on = timezone.localdate() + timedelta(days=40)
    response = client_for(world.staff).post(
        reverse("working_groups:group_meeting_add", args=[world.group.slug]),
        {
            "title": "Youth participation: planning",
            "starts_at": f"{on.isoformat()} 00:30",
            "place": "Gothenburg",
        },
        follow=True,
    )
    assert f"The meeting of {day(on)} is planned." in response.content.decode()
