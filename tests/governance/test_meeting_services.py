"""Planning, convening, documents, holding and minutes of a meeting, through the services."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.models import Meeting, MeetingMailing, ReminderSent, Seat
from governance.selectors.seated import seated_people
from governance.services import convening
from governance.services import meetings as services
from governance.services.mailings import meeting_mailing_deliver
from tests.factories import CountryFactory, MemberFactory, PersonFactory, staff_user
from tests.governance.factories import (
    AgendaItemFactory,
    MeetingFactory,
    brussels,
    full_member_with_delegate,
    seated,
)

pytestmark = pytest.mark.django_db

NOW = brussels(2026, 5, 1, 9)
BOARD_DAY = brussels(2026, 6, 18, 10)  # invitation due 2026-06-04, documents 2026-06-11


def board_meeting(**kwargs: object) -> Meeting:
    person = seated(BodyKind.EXECUTIVE_BOARD)
    meeting = MeetingFactory(
        body=person.mandates.get().seat.body, starts_at=BOARD_DAY, title="Board in June", **kwargs
    )
    AgendaItemFactory(meeting=meeting, position=1, title="Budget 2027")
    return meeting


def test_sending_the_invitation_mails_every_member_with_ics_and_agenda_pdf(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    meeting = board_meeting()
    other = seated(BodyKind.EXECUTIVE_BOARD, role=Seat.Role.TREASURER)
    actor = staff_user()
    with django_capture_on_commit_callbacks(execute=True):
        mailing = convening.meeting_invitation_send(meeting=meeting, actor=actor, now=NOW)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert meeting.invitation_sent_at == NOW
    assert (mailing.recipients, mailing.late_days, mailing.sent_by) == (2, 0, actor)
    from governance.models import Mandate

    expected = {m.person.email for m in Mandate.objects.select_related("person")}
    assert {m.to[0] for m in mail.outbox} == expected and other.email in expected
    message = mail.outbox[0]
    assert "Board in June" in message.subject
    (pdf_name, pdf, pdf_type), (ics_name, ics, ics_type) = message.attachments
    assert (pdf_name, pdf_type) == ("agenda.pdf", "application/pdf")
    assert "Budget 2027" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert ics_name == "meeting.ics" and ics_type.startswith("text/calendar")
    assert f"UID:meeting-{meeting.pk}@aer-portal\r\n" in ics
    assert "DTSTART:20260618T080000Z" in ics  # 10:00 in Brussels in summer
    assert ReminderSent.objects.filter(kind="governance.meeting.invitation").count() == 2


def test_delivering_twice_mails_nobody_twice(django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    meeting = board_meeting()
    with django_capture_on_commit_callbacks(execute=True):
        mailing = convening.meeting_invitation_send(meeting=meeting, actor=None, now=NOW)
    assert meeting_mailing_deliver(mailing_id=mailing.pk) == 0
    assert len(mail.outbox) == 1


def test_a_late_invitation_needs_the_confirmation_quoting_the_article() -> None:
    meeting = board_meeting()
    late = brussels(2026, 6, 7, 9)
    with pytest.raises(DomainError) as refused:
        convening.meeting_invitation_send(meeting=meeting, actor=None, now=late)
    assert refused.value.field == "confirm_late"
    assert "3 day(s) late" in refused.value.message
    assert "Procedures art. 6: “Invitations and draft agendas should be sent" in (
        refused.value.message
    )
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and not meeting.mailings.exists()
    mailing = convening.meeting_invitation_send(
        meeting=meeting, actor=None, now=late, late_confirmed=True
    )
    assert mailing.late_days == 3
    assert "Procedures art. 6" in mailing.late_confirmation


def test_sending_on_the_deadline_is_in_time() -> None:
    meeting = board_meeting()
    mailing = convening.meeting_invitation_send(
        meeting=meeting, actor=None, now=brussels(2026, 6, 4, 23, 30)
    )
    assert mailing.late_days == 0 and mailing.late_confirmation == ""


@pytest.mark.parametrize(
    ("setup", "field"),
    [("no_agenda", "agenda"), ("convened", "status"), ("nobody", "recipients")],
)
def test_an_invitation_that_cannot_go_says_why(setup: str, field: str) -> None:
    meeting = board_meeting()
    if setup == "no_agenda":
        meeting.agenda_items.all().delete()
    elif setup == "convened":
        convening.meeting_invitation_send(meeting=meeting, actor=None, now=NOW)
    else:
        from governance.models import Mandate

        Mandate.objects.all().delete()
    with pytest.raises(DomainError) as refused:
        convening.meeting_invitation_send(meeting=meeting, actor=None, now=NOW)
    assert refused.value.field == field
    assert not refused.value.message.startswith(f"{field}:")  # the field travels apart


def _pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n%test\n", content_type="application/pdf")


def test_documents_are_stored_under_generated_names_and_sent_once(
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
    settings,  # type: ignore[no-untyped-def]
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    settings.MEDIA_ROOT = tmp_path
    meeting = board_meeting()
    convening.meeting_invitation_send(meeting=meeting, actor=None, now=NOW)
    document = services.meeting_document_add(
        meeting=meeting, upload=_pdf("Budget Ärende.pdf"), title="Budget", actor=None, now=NOW
    )
    assert document.file.name.startswith("meetings/2026/") or document.file.name.startswith(
        "meetings/"
    )
    assert "Budget" not in document.file.name and document.original_name == "Budget Ärende.pdf"
    with django_capture_on_commit_callbacks(execute=True):
        convening.meeting_documents_send(meeting=meeting, actor=None, now=NOW + timedelta(hours=1))
    meeting.refresh_from_db()
    document.refresh_from_db()
    assert meeting.status == Meeting.Status.DOCUMENTS_SENT
    assert document.sent_at == NOW + timedelta(hours=1)
    (message,) = mail.outbox
    assert f"/meetings/documents/{document.pk}/" in message.body
    with pytest.raises(DomainError, match="There is no new document"):
        convening.meeting_documents_send(meeting=meeting, actor=None, now=NOW)


def test_an_executable_named_pdf_is_refused(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    meeting = board_meeting()
    fake = SimpleUploadedFile("agenda.pdf", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(DomainError) as refused:
        services.meeting_document_add(meeting=meeting, upload=fake, title="", actor=None, now=NOW)
    assert refused.value.field == "file"
    assert "is not a PDF file" in refused.value.message
    assert not meeting.documents.exists()
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(DomainError, match="Only PDF, DOCX, XLSX, ODT"):
        services.meeting_document_add(meeting=meeting, upload=exe, title="", actor=None, now=NOW)


def test_documents_go_late_only_with_confirmation(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    meeting = board_meeting()
    convening.meeting_invitation_send(meeting=meeting, actor=None, now=NOW)
    services.meeting_document_add(meeting=meeting, upload=_pdf(), title="", actor=None, now=NOW)
    late = brussels(2026, 6, 13, 9)
    with pytest.raises(DomainError, match="working documents of this Executive Board meeting"):
        convening.meeting_documents_send(meeting=meeting, actor=None, now=late)
    mailing = convening.meeting_documents_send(
        meeting=meeting, actor=None, now=late, late_confirmed=True
    )
    assert mailing.late_days == 2 and mailing.notice == MeetingMailing.Notice.DOCUMENTS


def test_agenda_points_are_added_moved_and_removed_in_order() -> None:
    meeting = MeetingFactory()
    first = services.agenda_item_add(meeting=meeting, title="Opening", actor=None)
    second = services.agenda_item_add(meeting=meeting, title="Budget", actor=None)
    third = services.agenda_item_add(meeting=meeting, title="AOB", actor=None)
    services.agenda_item_move(item=third, up=True, actor=None)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Opening",
        "AOB",
        "Budget",
    ]
    services.agenda_item_move(item=first, up=True, actor=None)  # already first: unchanged
    services.agenda_item_remove(item=first, actor=None)
    assert list(meeting.agenda_items.values_list("position", "title")) == [
        (1, "AOB"),
        (2, "Budget"),
    ]
    second.refresh_from_db()
    assert second.position == 2


def test_the_status_moves_only_forward() -> None:
    meeting = board_meeting()
    with pytest.raises(DomainError, match="The meeting has not begun"):
        services.meeting_mark_held(meeting=meeting, actor=None, now=NOW)
    with pytest.raises(DomainError, match="cannot become “Held”"):
        services.meeting_mark_held(meeting=meeting, actor=None, now=BOARD_DAY + timedelta(hours=1))
    convening.meeting_invitation_send(meeting=meeting, actor=None, now=NOW)
    services.meeting_mark_held(meeting=meeting, actor=None, now=BOARD_DAY + timedelta(hours=1))
    with pytest.raises(DomainError, match="cannot become “Cancelled”"):
        services.meeting_cancel(meeting=meeting, actor=None)


def test_minutes_are_approved_at_a_later_held_meeting_of_the_same_body() -> None:
    meeting = board_meeting()
    convening.meeting_invitation_send(meeting=meeting, actor=None, now=NOW)
    services.meeting_mark_held(meeting=meeting, actor=None, now=BOARD_DAY + timedelta(hours=2))
    services.meeting_minutes_save(meeting=meeting, notes="  Budget adopted. ", actor=None)
    meeting.refresh_from_db()
    assert meeting.minutes_notes == "Budget adopted."
    nextone = MeetingFactory(body=meeting.body, starts_at=BOARD_DAY + timedelta(days=60))
    other_body = MeetingFactory(starts_at=BOARD_DAY + timedelta(days=61))
    for wrong in (nextone, other_body):
        with pytest.raises(DomainError, match="Minutes are approved at a later"):
            services.meeting_minutes_approve(meeting=meeting, approved_at=wrong, actor=None)
    nextone.status = Meeting.Status.HELD
    nextone.save()
    services.meeting_minutes_approve(meeting=meeting, approved_at=nextone, actor=None)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert meeting.minutes_approved_at == nextone


def test_the_bureau_is_its_seats_and_the_executive_board() -> None:
    country = CountryFactory(code="RO")
    board = seated(BodyKind.EXECUTIVE_BOARD)
    representative = seated(BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE, country=country)
    seated(BodyKind.ELECTION_COMMITTEE, role=Seat.Role.MEMBER)
    bureau = representative.mandates.get().seat.body
    meeting = MeetingFactory(body=bureau, starts_at=BOARD_DAY)
    assert {s.person for s in seated_people(meeting=meeting)} == {board, representative}


def test_the_general_assembly_is_the_delegates_of_full_members_on_the_day() -> None:
    from tests.factories import MembershipFactory

    _member, delegate = full_member_with_delegate(name="Västra Götaland Region")
    observer = MemberFactory()
    MembershipFactory(member=observer, category=MemberCategory.OBSERVER)
    PersonFactory(member=observer)
    ga_holder = seated(BodyKind.GENERAL_ASSEMBLY, role=Seat.Role.MEMBER)
    ga = MeetingFactory(body=ga_holder.mandates.get().seat.body, starts_at=BOARD_DAY)
    people = seated_people(meeting=ga)
    assert {s.person for s in people} == {delegate, ga_holder}
    assert next(s for s in people if s.person == delegate).member.name == "Västra Götaland Region"


def test_a_meeting_that_began_unconvened_gets_attendance_votes_and_minutes() -> None:
    """Procedures arts. 6, 14: a meeting not convened through the portal is still recorded,
    marked as convened outside the portal with the article on notice."""
    from governance.services.attendance import attendance_record
    from governance.services.votes import motion_propose, motion_record_show_of_hands

    meeting = board_meeting()
    person = seated_people(meeting=meeting)[0].person
    started = BOARD_DAY + timedelta(minutes=30)
    with pytest.raises(DomainError, match="Attendance is recorded once"):
        attendance_record(meeting=meeting, present_person_ids=[person.pk], actor=None)
    with pytest.raises(DomainError, match="The meeting has not begun"):
        convening.meeting_record_convened_outside(meeting=meeting, actor=None, now=NOW)
    with pytest.raises(DomainError) as refused:
        convening.meeting_record_convened_outside(meeting=meeting, actor=None, now=started)
    assert refused.value.field == "confirm_late"
    assert "convened outside the portal" in refused.value.message
    assert "by 4 June 2026. Procedures art. 6: “Invitations" in refused.value.message
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and not meeting.convened_outside_portal
    meeting = convening.meeting_record_convened_outside(
        meeting=meeting, actor=None, now=started, confirmed=True
    )
    assert "Procedures art. 6" in meeting.convened_outside_portal
    attendance_record(meeting=meeting, present_person_ids=[person.pk], actor=None)
    motion = motion_propose(meeting=meeting, text="Adopt", method="show_of_hands", actor=None)
    motion = motion_record_show_of_hands(
        motion=motion, votes_for=1, votes_against=0, abstentions=0, actor=None, now=started
    )
    assert motion.outcome == "adopted"
    services.meeting_mark_held(meeting=meeting, actor=None, now=started)
    meeting = services.meeting_minutes_save(meeting=meeting, notes="Discussed.", actor=None)
    assert meeting.minutes_notes == "Discussed."
    with pytest.raises(DomainError, match="Only a meeting not convened"):
        convening.meeting_record_convened_outside(
            meeting=meeting, actor=None, now=started, confirmed=True
        )
