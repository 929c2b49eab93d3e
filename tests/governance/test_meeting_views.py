"""Every meeting URL, asked by an anonymous visitor, two regions, a Board member and staff."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import mail
from django.urls import reverse

from governance.models import Meeting, Motion
from tests.governance.world import ROLES, World, build_world
from tests.html_checks import page_problems
from tests.world import built_once

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def world(settings, tmp_path) -> Iterator[World]:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    yield build_world()


def _status(world: World, role: str, method: str, url: str, data: dict | None = None) -> int:
    client = world.client(role)
    response = client.get(url) if method == "get" else client.post(url, data or {})
    if response.status_code == 302 and response["Location"].startswith(LOGIN):
        return 401  # sent to log in
    return response.status_code


# (name of the URL, how to build it, method, data, expected status per role)
CASES = {
    "list": ("get", lambda w: reverse("governance:meeting_list"), None, (401, 200, 200, 200, 200)),
    "board meeting": (
        "get", lambda w: reverse("governance:meeting_detail", args=[w.board_meeting.pk]), None,
        (401, 404, 404, 200, 200),
    ),
    "bureau meeting": (
        "get", lambda w: reverse("governance:meeting_detail", args=[w.bureau_meeting.pk]), None,
        (401, 200, 404, 200, 200),
    ),
    "general assembly": (
        "get", lambda w: reverse("governance:meeting_detail", args=[w.assembly.pk]), None,
        (401, 200, 200, 200, 200),
    ),
    "manage": (
        "post", lambda w: reverse("governance:meeting_manage", args=[w.board_meeting.pk]),
        {"action": "agenda_add", "title": "Any other business"},
        (401, 403, 403, 403, 302),
    ),
    "vote": (
        "post", lambda w: reverse("governance:meeting_vote", args=[w.board_meeting.pk]),
        {"motion": "MOTION", "choice": "yes"},
        (401, 404, 404, 400, 400),  # the vote is not open: a clear refusal, nothing stored
    ),
    "proposal form": (
        "get", lambda w: reverse("governance:proposal_new", args=[w.assembly.pk]), None,
        (401, 200, 200, 403, 403),
    ),
    "agenda pdf": (
        "get", lambda w: reverse("governance:meeting_agenda_pdf", args=[w.board_meeting.pk]), None,
        (401, 404, 404, 200, 200),
    ),
    "minutes pdf before the meeting": (
        "get", lambda w: reverse("governance:meeting_minutes_pdf", args=[w.board_meeting.pk]), None,
        (401, 404, 404, 404, 200),
    ),
    "sent document": (
        "get", lambda w: reverse("governance:document_download", args=[w.sent_document.pk]), None,
        (401, 404, 404, 200, 200),
    ),
    "unsent document": (
        "get", lambda w: reverse("governance:document_download", args=[w.draft_document.pk]), None,
        (401, 404, 404, 404, 200),
    ),
    "attendance of the board meeting": (
        "get", lambda w: reverse("governance:meeting_attendance", args=[w.board_meeting.pk]), None,
        (401, 404, 404, 200, 200),
    ),
    "calendar page": (
        "get", lambda w: reverse("governance:calendar_settings"), None, (401, 200, 200, 200, 200),
    ),
}  # fmt: skip


class TestWhoGetsWhat:
    """Each case reads one status (a POST's writes are undone after its test), so the class
    builds the world once."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:  # type: ignore[no-untyped-def]
        with built_once(django_db_blocker, media_root=tmp_path_factory.mktemp("media")):
            yield build_world()

    @pytest.mark.parametrize("case", list(CASES))
    @pytest.mark.parametrize("role", ROLES)
    def test_who_gets_what(self, world: World, case: str, role: str) -> None:
        method, url, data, expected = CASES[case]
        if data and data.get("motion") == "MOTION":
            data = {**data, "motion": str(world.motion.pk)}
        assert _status(world, role, method, url(world), data) == expected[ROLES.index(role)]


def test_the_list_shows_each_role_its_own_meetings(world: World) -> None:
    titles = {
        role: world.client(role).get(reverse("governance:meeting_list")).content.decode()
        for role in ROLES[1:]
    }
    assert "Bureau, spring" in titles["region A"] and "General Assembly 2027" in titles["region A"]
    assert "Executive Board, spring" not in titles["region A"]
    assert "General Assembly 2027" in titles["region B"]
    assert "Bureau, spring" not in titles["region B"]
    for role in ("board member", "staff"):
        assert "Executive Board, spring" in titles[role] and "Bureau, spring" in titles[role]


def test_the_list_names_statuses_without_translating_every_status_per_row(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``get_status_display()`` translated each status's name for each of 70 rows: a third of
    the list's time (issue 16). ``Meeting.status_label`` translates one name."""

    def refuse(meeting: Meeting) -> str:
        raise AssertionError("get_status_display() per row")

    monkeypatch.setattr(Meeting, "get_status_display", refuse)
    client = world.client("staff")
    client.cookies["django_language"] = "fr"

    page = client.get(reverse("governance:meeting_list"), headers={"Accept-Language": "fr"})

    assert page.status_code == 200
    assert 'meeting-status-convened">Convoquée</span>' in page.content.decode()


def test_the_meeting_page_shows_deadlines_agenda_and_only_sent_documents(world: World) -> None:
    page = world.client("board member").get(
        reverse("governance:meeting_detail", args=[world.board_meeting.pk])
    )
    content = page.content.decode()
    assert "Notice deadlines" in content and "Procedures art. 6" in content
    assert "on time" in content  # the invitation went five days ago
    assert "due in" in content  # the documents: three days left
    assert "Budget 2027" in content and "Draft budget" in content
    assert "Unsent note" not in content
    assert "Send the invitation" not in content  # no staff form for the Board member
    staff = world.client("staff").get(
        reverse("governance:meeting_detail", args=[world.board_meeting.pk])
    )
    assert "Unsent note" in staff.content.decode()
    assert "Send the new documents" in staff.content.decode()


def test_a_meeting_of_a_body_without_notice_period_says_so(world: World) -> None:
    from aer_portal.rules.bodies import Body as BodyKind
    from tests.factories import BodyFactory
    from tests.governance.factories import MeetingFactory

    meeting = MeetingFactory(body=BodyFactory(kind=BodyKind.ELECTION_COMMITTEE))
    content = (
        world.client("staff")
        .get(reverse("governance:meeting_detail", args=[meeting.pk]))
        .content.decode()
    )
    assert "The Procedures set no notice period for this body." in content


def test_staff_send_late_only_after_confirming_the_article(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from tests.governance.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(
        body=world.board_meeting.body,
        title="Board, short notice",
        starts_at=timezone.now() + timedelta(days=5),
    )
    AgendaItemFactory(meeting=meeting, position=1)
    client = world.client("staff")
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    refused = client.post(url, {"action": "invitation", "confirm_send": "1"})
    assert refused.status_code == 409
    content = refused.content.decode()
    assert "This goes out late" in content and "Procedures art. 6: “Invitations" in content
    assert 'name="confirm_late" value="1"' in content
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"action": "invitation", "confirm_send": "1", "confirm_late": "1"})
    assert sent.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    assert meeting.mailings.get().late_days == 9
    assert len(mail.outbox) == 1  # the Vice-President


def test_a_mailing_to_every_member_is_sent_only_after_confirming_how_many_it_reaches(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from tests.governance.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(
        body=world.board_meeting.body, starts_at=timezone.now() + timedelta(days=40)
    )
    AgendaItemFactory(meeting=meeting, position=1)
    client = world.client("staff")
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url, {"action": "invitation"})
    assert asked.status_code == 200
    content = asked.content.decode()
    assert "Send to every member of the body?" in content
    assert "go by e-mail to 1 person" in content
    assert 'name="confirm_send" value="1"' in content and "confirm_late" not in content
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED and mail.outbox == []
    assert not meeting.mailings.exists()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {"action": "invitation", "confirm_send": "1"})
    assert sent.status_code == 302 and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url, {"action": "send_documents"})
    assert "The new documents go by e-mail to 1 person" in asked.content.decode()
    assert meeting.mailings.count() == 1


def test_a_rejected_form_keeps_what_was_typed(world: World) -> None:
    client = world.client("staff")
    url = reverse("governance:meeting_manage", args=[world.board_meeting.pk])
    response = client.post(
        url,
        {
            "action": "counts",
            "motion": world.motion.pk,
            "votes_for": "3",
            "votes_against": "",
            "abstentions": "0",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert 'name="votes_for" value="3"' in content
    response = client.post(
        url,
        {
            "action": "motion_add",
            "text": "Secret please",
            "method": "secret",
            "secret_requested_by": "",
        },
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "Votes are by show of hands" in content
    assert "Secret please" in content


def test_staff_run_a_show_of_hands_from_the_page(world: World) -> None:
    client = world.client("staff")
    url = reverse("governance:meeting_manage", args=[world.board_meeting.pk])
    vice_president = world.board.person
    assert (
        client.post(url, {"action": "attendance", "present": [vice_president.pk]}).status_code
        == 302
    )
    response = client.post(
        url,
        {"action": "counts", "motion": world.motion.pk, "votes_for": "1", "votes_against": "0",
         "abstentions": "0", "casting_vote": ""},
    )  # fmt: skip
    assert response.status_code == 302
    world.motion.refresh_from_db()
    assert world.motion.outcome == "adopted"
    page = world.client("board member").get(
        reverse("governance:meeting_detail", args=[world.board_meeting.pk])
    )
    assert "1 for, 0 against, 0 abstaining" in page.content.decode()


def test_a_board_member_votes_online_once_and_sees_results_after_closing(world: World) -> None:
    staff = world.client("staff")
    manage = reverse("governance:meeting_manage", args=[world.board_meeting.pk])
    staff.post(manage, {"action": "attendance", "present": [world.board.person.pk]})
    staff.post(
        manage,
        {"action": "motion_add", "text": "Hold the GA in Alba Iulia", "method": "secret",
         "secret_requested_by": "Region of Lviv"},
    )  # fmt: skip
    motion = Motion.objects.get(text="Hold the GA in Alba Iulia")
    assert staff.post(manage, {"action": "open_vote", "motion": motion.pk}).status_code == 302
    board = world.client("board member")
    detail = reverse("governance:meeting_detail", args=[world.board_meeting.pk])
    page = board.get(detail).content.decode()
    assert "The vote is open; results show when it closes." in page
    # With JavaScript the form's own dialog confirms and its button casts (issue 19: one
    # request fewer a voter); without, "Continue" gets the confirmation page below.
    form = page[page.index("data-vote-form") : page.index("</form>", page.index("data-vote-form"))]
    assert 'name="confirm" value="yes"' in form and "data-vote-chosen" in form
    assert "This cannot be changed." in form and "elections/vote" in page.split("</main>")[1]
    vote = reverse("governance:meeting_vote", args=[world.board_meeting.pk])
    asked = board.post(vote, {"motion": motion.pk, "choice": "yes"})
    assert asked.status_code == 200
    assert "You vote: For. This cannot be changed." in asked.content.decode()
    assert reverse("elections:secrecy") in asked.content.decode()
    assert not motion.casts.exists()  # nothing is cast before the confirmation
    confirm = {"motion": motion.pk, "choice": "yes", "confirm": "yes"}
    assert board.post(vote, confirm).status_code == 302
    again = board.post(vote, {"motion": motion.pk, "choice": "no", "confirm": "yes"})
    assert again.status_code == 400
    assert "You have voted on this motion already" in again.content.decode()
    assert "You have voted." in board.get(detail).content.decode()
    assert staff.post(manage, {"action": "close_vote", "motion": motion.pk}).status_code == 302
    assert "1 for, 0 against, 0 abstaining" in board.get(detail).content.decode()


def test_a_region_submits_a_proposal_and_staff_put_it_on_the_agenda(world: World) -> None:
    officer = world.client("region A")
    url = reverse("governance:proposal_new", args=[world.assembly.pk])
    empty = officer.post(
        url, {"member": world.officer_a.accesses.get().member_id, "title": "Youth", "text": ""}
    )
    assert empty.status_code == 400 and 'value="Youth"' in empty.content.decode()
    response = officer.post(
        url,
        {"member": world.officer_a.accesses.get().member_id, "title": "Youth mobility",
         "text": "AER launches a youth mobility scheme."},
    )  # fmt: skip
    assert response.status_code == 302
    proposal = world.assembly.proposals.get()
    # Region B does not see region A's proposal before the Board's opinion.
    detail = reverse("governance:meeting_detail", args=[world.assembly.pk])
    assert "Youth mobility" not in world.client("region B").get(detail).content.decode()
    assert "Youth mobility" in officer.get(detail).content.decode()
    staff = world.client("staff")
    manage = reverse("governance:meeting_manage", args=[world.assembly.pk])
    response = staff.post(
        manage,
        {
            "action": "opinion",
            "proposal": proposal.pk,
            "board_opinion": "Supports it.",
            "accepted": "1",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.agenda_item is not None
    assert (
        "Proposal of Västra Götaland Region: Youth mobility"
        in world.client("region B").get(detail).content.decode()
    )


def test_the_minutes_pdf_has_attendance_and_decisions(world: World) -> None:
    import io

    from pypdf import PdfReader

    client = world.client("staff")
    manage = reverse("governance:meeting_manage", args=[world.board_meeting.pk])
    client.post(manage, {"action": "attendance", "present": [world.board.person.pk]})
    client.post(
        manage,
        {"action": "counts", "motion": world.motion.pk, "votes_for": "1", "votes_against": "0",
         "abstentions": "0"},
    )  # fmt: skip
    response = client.get(reverse("governance:meeting_minutes_pdf", args=[world.board_meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert str(world.board.person) in text, text
    assert "Adopt the budget 2027" in text and "Adopted" in text


def test_a_document_downloads_under_its_title_not_its_stored_name(world: World) -> None:
    response = world.client("board member").get(
        reverse("governance:document_download", args=[world.sent_document.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="draft-budget.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_every_staff_action_runs_from_the_page(
    world: World,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from tests.governance.factories import AgendaItemFactory, MeetingFactory

    client = world.client("staff")
    meeting = MeetingFactory(
        body=world.board_meeting.body, starts_at=timezone.now() + timedelta(days=40)
    )
    first = AgendaItemFactory(meeting=meeting, position=1, title="First")
    second = AgendaItemFactory(meeting=meeting, position=2, title="Second")
    url = reverse("governance:meeting_manage", args=[meeting.pk])

    def post(data: dict) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data).status_code

    assert post({"action": "agenda_move", "item": second.pk, "direction": "up"}) == 302
    first.refresh_from_db()
    assert first.position == 2
    assert post({"action": "agenda_remove", "item": first.pk}) == 302
    assert post({"action": "invitation", "confirm_send": "1"}) == 302
    upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    assert post({"action": "document_upload", "title": "Minutes", "file": upload}) == 302
    bad = SimpleUploadedFile("evil.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = client.post(url, {"action": "document_upload", "title": "Evil", "file": bad})
    assert refused.status_code == 400 and "is not a PDF file" in refused.content.decode()
    assert post({"action": "send_documents", "confirm_send": "1"}) == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.DOCUMENTS_SENT
    assert len(mail.outbox) == 2  # invitation and documents to the Vice-President
    meeting.starts_at = timezone.now() - timedelta(hours=1)
    meeting.save()
    assert post({"action": "held"}) == 302
    assert post({"action": "minutes", "minutes_notes": "All went well."}) == 302
    later = MeetingFactory(
        body=meeting.body,
        starts_at=timezone.now() + timedelta(days=1),
        status=Meeting.Status.HELD,
    )
    assert post({"action": "approve", "approved_at": later.pk}) == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    assert meeting.minutes_notes == "All went well."
    other = MeetingFactory(body=meeting.body, starts_at=timezone.now() + timedelta(days=9))
    cancel = reverse("governance:meeting_manage", args=[other.pk])
    assert client.post(cancel, {"action": "cancel"}).status_code == 302
    assert client.post(cancel, {"action": "fly"}).status_code == 400
    refused = client.post(cancel, {"action": "held"})
    assert refused.status_code == 400
    assert "The meeting has not begun yet." in refused.content.decode()


def _after_the_proposal_deadline(world: World) -> None:
    """The Assembly is in five days and the Board meeting before it was yesterday: the
    deadline (the evening before that Board meeting) has passed."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    Meeting.objects.filter(pk=world.assembly.pk).update(starts_at=now + timedelta(days=5))
    Meeting.objects.filter(title="Executive Board before the Assembly").update(
        starts_at=now - timedelta(days=1)
    )
    world.assembly.refresh_from_db()


def test_the_proposal_deadline_is_shown_before_the_form(world: World) -> None:
    officer = world.client("region A")
    detail = officer.get(reverse("governance:meeting_detail", args=[world.assembly.pk]))
    content = detail.content.decode()
    assert "Member regions submit proposals until" in content and "Submit a proposal" in content
    form = officer.get(reverse("governance:proposal_new", args=[world.assembly.pk]))
    page = form.content.decode()
    assert page.index("Proposals are accepted until") < page.index('<form method="post"')


def test_after_the_deadline_there_is_no_link_and_no_form(world: World) -> None:
    _after_the_proposal_deadline(world)
    officer = world.client("region A")
    detail = officer.get(reverse("governance:meeting_detail", args=[world.assembly.pk]))
    content = detail.content.decode()
    assert "Submit a proposal" not in content
    assert "the deadline has passed" in content
    url = reverse("governance:proposal_new", args=[world.assembly.pk])
    response = officer.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The deadline has passed: no more proposals are accepted." in page
    assert 'name="title"' not in page and "Submit the proposal" not in page
    late = officer.post(
        url,
        {"member": world.officer_a.accesses.get().member_id, "title": "Late", "text": "Too late."},
    )
    assert late.status_code == 400 and "The deadline has passed" in late.content.decode()
    assert not world.assembly.proposals.exists()


def test_the_meeting_page_shows_how_far_the_last_mailing_got(
    world: World, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from tests.governance.factories import AgendaItemFactory, MeetingFactory

    meeting = MeetingFactory(
        body=world.board_meeting.body, starts_at=timezone.now() + timedelta(days=40)
    )
    AgendaItemFactory(meeting=meeting, position=1)
    client = world.client("staff")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("governance:meeting_manage", args=[meeting.pk]),
            {"action": "invitation", "confirm_send": "1"},
        )
    mailing = meeting.mailings.get()
    url = reverse("governance:mailing_progress", args=[mailing.pk])
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert f'data-hx-get="{url}" data-hx-trigger="load"' in page
    assert "Waiting for the worker…" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()  # the worker sends it
    done = client.get(url).content.decode()
    assert "1 of 1 done, 0 failed." in done and "hx-trigger" not in done
    assert world.client("region A").get(url).status_code == 403


def test_a_begun_unconvened_meeting_is_recorded_after_confirming(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from tests.governance.factories import AgendaItemFactory, MeetingFactory

    client = world.client("staff")
    meeting = MeetingFactory(
        body=world.board_meeting.body, starts_at=timezone.now() - timedelta(hours=1)
    )
    AgendaItemFactory(meeting=meeting, position=1, title="First")
    detail = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Record it as convened outside the portal" in detail
    assert "Send the invitation and draft agenda" not in detail
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    asked = client.post(url, {"action": "convened_outside"})
    assert asked.status_code == 409
    assert "I confirm: record it as convened outside the portal" in asked.content.decode()
    assert client.post(url, {"action": "convened_outside", "confirm_late": "1"}).status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED
    page = client.get(reverse("governance:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Convened outside the portal." in page and "Procedures art. 6" in page


def test_the_meeting_page_gives_every_form_its_own_ids(world: World) -> None:
    """The agenda, document and motion forms each had `id_title`/`id_agenda_item`, and every
    show-of-hands motion repeated the counts form's ids (issue 15)."""
    Motion.objects.create(meeting=world.board_meeting, text="Adopt the accounts 2026")
    page = world.client("staff").get(
        reverse("governance:meeting_detail", args=[world.board_meeting.pk])
    )
    content = page.content.decode()
    assert content.count('name="votes_for"') == 2
    assert page_problems(content) == []


def test_the_meeting_page_counts_attendance_and_lists_it_on_demand(world: World) -> None:
    """A member's reload renders counts, not 60 rows; the list comes a page at a time."""
    from aer_portal.rules.bodies import Body as BodyKind
    from governance.models import Attendance
    from tests.governance.factories import seated

    meeting = world.board_meeting
    people = [seated(BodyKind.EXECUTIVE_BOARD) for _ in range(60)]
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=p, member=p.member, present=i % 3 != 0, votes=1)
        for i, p in enumerate(people)
    )
    detail = reverse("governance:meeting_detail", args=[meeting.pk])
    board = world.client("board member").get(detail).content.decode()
    assert "40 people present out of 60 recorded." in board
    assert "40 votes among those present." in board
    assert str(people[0]) not in board
    listing_url = reverse("governance:meeting_attendance", args=[meeting.pk])
    assert listing_url in board
    first = world.client("board member").get(listing_url, headers={"HX-Request": "true"})
    assert "<html" not in first.content.decode()
    assert first.content.decode().count('<th scope="row">') == 50
    assert "Page 1 of 2" in first.content.decode()
    second = world.client("board member").get(listing_url, {"page": "2"}).content.decode()
    assert second.count('<th scope="row">') == 10
    assert "<html" in second  # without htmx the list is a page of its own
    wrong = world.client("board member").get(listing_url, {"page": "nonsense"})
    assert wrong.status_code == 200
    staff = world.client("staff").get(detail).content.decode()
    assert all(str(p) in staff for p in people)  # the secretariat sees every row


def test_the_list_shows_the_next_25_meetings_and_every_one_on_show_all(world: World) -> None:
    """The meetings ahead grow with the working groups (issue 16): the list cuts them in the
    database, soonest first, and "show all" lists every one, for printing."""
    from datetime import timedelta

    from django.utils import timezone

    from tests.governance.factories import MeetingFactory

    client = world.client("staff")
    url = reverse("governance:meeting_list")
    link = '<a href="?all=1">Show all (for printing)</a>'
    assert link not in client.get(url).content.decode()  # the world's few meetings
    body = world.board_meeting.body
    soon = timezone.now() + timedelta(hours=1)
    for n in range(30):
        MeetingFactory(body=body, title=f"Ahead {n:02d}", starts_at=soon + timedelta(minutes=n))
    ahead = Meeting.objects.filter(starts_at__gte=timezone.now()).count()

    first = client.get(url).content.decode()
    every = client.get(url + "?all=1").content.decode()

    assert first.count("meeting-status-") - every.count("meeting-status-") == 25 - ahead
    assert "Ahead 00" in first and "Ahead 24" in first and "Ahead 25" not in first
    assert link in first
    assert "Ahead 29" in every and link not in every
