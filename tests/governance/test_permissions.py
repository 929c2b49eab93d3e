"""The secretariat runs meetings: every meeting, attendance, vote and opinion service refuses
anyone else, whatever page or task calls it (members.access)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from aer_portal.errors import DomainError, Refused
from aer_portal.rules.bodies import Body as BodyKind
from governance.models import AgendaItem, GeneralAssemblyProposal, Meeting, Motion
from governance.services import attendance, convening, meetings, proposals, votes
from members.models import User
from tests.factories import BodyFactory, board_member, member_officer, staff_user
from tests.governance.factories import AgendaItemFactory, MeetingFactory, brussels

pytestmark = pytest.mark.django_db

NOW = brussels(2026, 5, 1, 9)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _meeting(status: str = Meeting.Status.PLANNED) -> Meeting:
    meeting = MeetingFactory(
        body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD),
        starts_at=brussels(2026, 6, 18),
        status=status,
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Budget 2027")
    return meeting


def _item(m: Meeting) -> AgendaItem:
    return m.agenda_items.get()


def _motion(m: Meeting) -> Motion:
    return Motion.objects.create(meeting=m, text="Adopt the budget.", method="show_of_hands")


def _proposal(m: Meeting) -> GeneralAssemblyProposal:
    from tests.governance.factories import full_member_with_delegate

    member, _ = full_member_with_delegate()
    return GeneralAssemblyProposal.objects.create(
        meeting=m, member=member, title="Water", text="A charter.", submitted_at=NOW
    )


CALLS: dict[str, Callable[[Meeting, User], Any]] = {
    "agenda_item_add": lambda m, u: meetings.agenda_item_add(meeting=m, title="More", actor=u),
    "agenda_item_move": lambda m, u: meetings.agenda_item_move(item=_item(m), up=True, actor=u),
    "agenda_item_remove": lambda m, u: meetings.agenda_item_remove(item=_item(m), actor=u),
    "meeting_document_add": lambda m, u: meetings.meeting_document_add(
        meeting=m,
        upload=SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
        title="A",
        actor=u,
        now=NOW,
    ),
    "meeting_invitation_send": lambda m, u: convening.meeting_invitation_send(
        meeting=m, actor=u, now=NOW
    ),
    "meeting_documents_send": lambda m, u: convening.meeting_documents_send(
        meeting=m, actor=u, now=NOW
    ),
    "meeting_record_convened_outside": lambda m, u: convening.meeting_record_convened_outside(
        meeting=m, actor=u, now=brussels(2026, 6, 19), confirmed=True
    ),
    "meeting_mark_held": lambda m, u: meetings.meeting_mark_held(
        meeting=m, actor=u, now=brussels(2026, 6, 19)
    ),
    "meeting_cancel": lambda m, u: meetings.meeting_cancel(meeting=m, actor=u),
    "meeting_minutes_save": lambda m, u: meetings.meeting_minutes_save(
        meeting=m, notes="Notes", actor=u
    ),
    "meeting_minutes_approve": lambda m, u: meetings.meeting_minutes_approve(
        meeting=m, approved_at=m, actor=u
    ),
    "attendance_record": lambda m, u: attendance.attendance_record(
        meeting=m, present_person_ids=[], actor=u
    ),
    "motion_propose": lambda m, u: votes.motion_propose(
        meeting=m, text="Adopt.", method="show_of_hands", actor=u
    ),
    "motion_record_show_of_hands": lambda m, u: votes.motion_record_show_of_hands(
        motion=_motion(m), votes_for=0, votes_against=0, abstentions=0, actor=u, now=NOW
    ),
    "motion_open": lambda m, u: votes.motion_open(motion=_motion(m), actor=u, now=NOW),
    "motion_close": lambda m, u: votes.motion_close(motion=_motion(m), actor=u, now=NOW),
    "ga_proposal_opinion_record": lambda m, u: proposals.ga_proposal_opinion_record(
        proposal=_proposal(m), opinion="Yes.", accepted=True, actor=u, today=date(2026, 5, 1)
    ),
}

REFUSED_PEOPLE: dict[str, Callable[[], User]] = {
    "officer": member_officer,
    "board member": board_member,
}


@pytest.mark.parametrize("who", sorted(REFUSED_PEOPLE))
@pytest.mark.parametrize("service", sorted(CALLS))
def test_only_the_secretariat_runs_meetings(service: str, who: str) -> None:
    meeting = _meeting()
    before = Meeting.history.count()  # type: ignore[attr-defined]
    with pytest.raises(Refused) as refused:
        CALLS[service](meeting, REFUSED_PEOPLE[who]())
    assert "secretariat" in refused.value.message
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.agenda_items.count() == 1
    assert Meeting.history.count() == before  # type: ignore[attr-defined]


@pytest.mark.parametrize("service", sorted(CALLS))
def test_the_secretariat_passes_the_check(service: str) -> None:
    """Staff reach the service's own rules: any refusal is about the meeting, not the person."""
    meeting = _meeting()
    try:
        CALLS[service](meeting, staff_user())
    except Refused:  # pragma: no cover - the failure this test is for
        pytest.fail(f"{service} refused a staff member")
    except DomainError:
        pass


def test_a_refusal_is_a_403_with_the_sentence(client: Any) -> None:
    meeting = _meeting()
    client.force_login(member_officer())
    response = client.post(
        f"/meetings/{meeting.pk}/manage/", {"action": "cancel"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 403
    assert "Only the secretariat runs meetings." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_the_history_names_the_actor_even_without_a_request() -> None:
    """A service called from a task or a command has no request for the history to read the
    user from: the service records its ``actor`` itself."""
    meeting = _meeting()
    staff = staff_user()
    meetings.meeting_cancel(meeting=meeting, actor=staff)
    assert meeting.history.latest("history_date").history_user == staff
