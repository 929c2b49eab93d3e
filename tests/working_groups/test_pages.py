"""What the pages show each reader, bad input on the pages, and their constant query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import PersonFactory
from tests.working_groups.conftest import World
from tests.working_groups.factories import (
    board_meeting,
    board_meeting_begins,
    copies_of,
    draft,
    officer,
    region,
    submitted,
)
from tests.world import client_for
from working_groups.models import (
    GroupActivity,
    GroupMembership,
    ReviewVote,
    WorkingGroup,
    WorkingGroupProposal,
)
from working_groups.services.groups import (
    group_activity_record,
    group_dissolve,
    group_join,
    group_meeting_schedule,
    group_seconded_officer_appoint,
)
from working_groups.services.proposals import proposal_submit, proposal_support_invite
from working_groups.services.review import proposal_comment_add, proposal_decide, proposal_vote_cast

pytestmark = pytest.mark.django_db


def _text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- What each reader sees ---------------------------------------------------------------


def test_the_draft_says_what_is_missing_and_how_many_supporters_are_needed(world: World) -> None:
    page = _text(
        client_for(world.lead_officer).get(
            reverse("working_groups:proposal", args=[world.draft.proposal.pk])
        )
    )
    assert "1 more supporting region must confirm." in page
    assert (
        "The proposal needs at least 3 supporting regions besides the lead region; 1 more needed."
        in page
    )
    assert "Innlandet County" in page and "Invited, no answer yet" in page
    assert "Submit to the Executive Board" in page
    assert "The Executive Board&#x27;s review" not in page


def test_the_invited_region_is_asked_to_confirm_or_decline(world: World) -> None:
    page = _text(
        client_for(world.invited_officer).get(
            reverse("working_groups:proposal", args=[world.draft.proposal.pk])
        )
    )
    assert "Does Innlandet County support this proposal?" in page
    assert "Confirm support" in page and "Decline" in page
    assert "Submit to the Executive Board" not in page and "Edit the draft" not in page


def test_board_members_see_votes_and_comments_and_regions_do_not(world: World) -> None:
    proposal = world.submitted.proposal
    proposal_comment_add(
        proposal_id=proposal.pk,
        actor=world.staff,
        text="Budget line 4 covers it.",
        now=timezone.now(),
    )
    proposal_vote_cast(
        proposal_id=proposal.pk, actor=world.board.president, choice="reject", now=timezone.now()
    )
    url = reverse("working_groups:proposal", args=[proposal.pk])
    board_page = _text(client_for(world.board.vice_presidents[0]).get(url))
    assert "Budget line 4 covers it." in board_page
    assert "0 approve · 1 reject · 0 abstain" in board_page
    assert 'name="choice"' in board_page
    for user in (world.lead_officer, world.invited_officer):
        page = _text(client_for(user).get(url))
        assert "Budget line 4 covers it." not in page
        assert "1 reject" not in page and 'name="choice"' not in page


def test_the_lead_region_sees_the_decision_and_its_reason_but_not_the_votes(world: World) -> None:
    url = reverse("working_groups:proposal", args=[world.approved.proposal.pk])
    lead_page = _text(client_for(world.lead_officer).get(url))
    assert "Decision: approved" in lead_page
    assert "In line with AER values: solidarity between regions." in lead_page
    assert "to approve" not in lead_page and "Votes:" not in lead_page
    staff_page = _text(client_for(world.staff).get(url))
    assert "Votes: 2 to approve, 0 to reject, 0 abstentions." in staff_page


def test_the_public_page_announces_the_group_as_the_seed_asks(world: World) -> None:
    group = world.group
    group_seconded_officer_appoint(
        group_id=group.pk,
        person=PersonFactory(member=world.lead, first_name="Sofie", last_name="Berg"),
        starts_on=timezone.localdate(),
        actor=world.lead_officer,
        today=timezone.localdate(),
    )
    group_meeting_schedule(
        group_id=group.pk,
        title="First meeting",
        starts_at=timezone.now() + timedelta(days=40),
        actor=world.staff,
        today=timezone.localdate(),
        online_url="https://meet.example.org/youth",
    )
    group_activity_record(
        group_id=group.pk,
        kind="event",
        title="Youth summit in Gothenburg",
        happened_on=timezone.localdate(),
        actor=world.staff,
        today=timezone.localdate(),
    )
    page = _text(client_for(None).get(reverse("working_groups:group", args=[group.slug])))
    assert "Youth participation" in page
    assert "The Executive Board established this working group on" in page
    for heading in ("Focus", "Objectives", "Envisioned activities", "How to join", "Meetings"):
        assert f">{heading}<" in page
    assert "Remote care in sparsely populated regions" in page  # the focus
    assert "Study visit to Norrbotten" in page  # an envisioned activity
    assert (
        "Västra Götaland Region" in page and "Lead region" in page and "Supporting region" in page
    )
    assert "First meeting:" in page and "Invitations by" in page
    assert "Ingrid Andersson" in page and "Sofie Berg" in page
    assert "Youth — " not in page or "Vice-President in charge" in page
    assert "Vice-President in charge" in page and "Youth" in page
    assert "Youth summit in Gothenburg" in page
    assert "Log in to join" in page


def test_a_dissolved_groups_page_says_so_and_takes_no_members(world: World) -> None:
    group_dissolve(
        group_id=world.group.pk,
        dissolved_on=timezone.localdate(),
        reason="Merged into the youth network.",
        actor=world.staff,
        today=timezone.localdate(),
    )
    page = _text(
        client_for(world.other_officer).get(
            reverse("working_groups:group", args=[world.group.slug])
        )
    )
    assert "The Executive Board dissolved this working group on" in page
    assert "Merged into the youth network." in page
    assert "Join as" not in page
    listing = _text(client_for(None).get(reverse("working_groups:list")))
    assert "Past working groups" in listing
    assert "Show the 1 past working group" in listing
    assert world.group.name not in listing
    past = _text(client_for(None).get(reverse("working_groups:list") + "?past=1"))
    assert world.group.name in past and "dissolved on" in past


def test_another_regions_officer_joins_and_leaves_from_the_public_page(world: World) -> None:
    client = client_for(world.other_officer)
    url = reverse("working_groups:group", args=[world.group.slug])
    assert "Join as Catalonia" in _text(client.get(url))
    response = client.post(
        reverse("working_groups:group_join", args=[world.group.slug]),
        {"region": world.other.pk},
        follow=True,
    )
    page = _text(response)
    assert "Catalonia is now a member of the working group." in page
    assert "Leave as Catalonia" in page
    client.post(
        reverse("working_groups:group_leave", args=[world.group.slug]), {"region": world.other.pk}
    )
    assert not GroupMembership.objects.filter(
        group=world.group, region=world.other, left_on=None
    ).exists()


def test_the_board_members_dashboard_lists_what_awaits_their_review(world: World) -> None:
    client = client_for(world.board.vice_presidents[0])
    page = _text(client.get(reverse("dashboard")))
    assert "Awaiting your review" in page and "Rural telemedicine" in page
    proposal_vote_cast(
        proposal_id=world.submitted.proposal.pk,
        actor=world.board.vice_presidents[0],
        choice="approve",
        now=timezone.now(),
    )
    assert "Nothing awaits your vote." in _text(client.get(reverse("dashboard")))


def test_the_officers_dashboard_lists_invitations_and_groups(world: World) -> None:
    page = _text(client_for(world.invited_officer).get(reverse("dashboard")))
    assert (
        "Invitations to support, awaiting your answer" in page and "Green hydrogen valleys" in page
    )
    page = _text(client_for(world.lead_officer).get(reverse("dashboard")))
    assert "Youth participation" in page  # its group


def test_the_officers_dashboard_lists_the_regions_proposals_with_their_status(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = client_for(world.lead_officer)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as before:
        page = _text(client.get(reverse("dashboard")))
    assert "Your region's proposals" in page
    assert "Green hydrogen valleys</a> — Draft" in page and "Rural telemedicine" in page
    draft(board=world.board, supporters=2, lead=world.draft.lead, topic="Coastal erosion")
    with django_assert_num_queries(len(before.captured_queries)):
        page = _text(client.get(reverse("dashboard")))
    assert "Coastal erosion</a> — Draft" in page


# --- Bad input on the pages --------------------------------------------------------------


def test_submitting_with_two_supporters_says_why_and_changes_nothing(world: World) -> None:
    response = client_for(world.lead_officer).post(
        reverse("working_groups:proposal_submit", args=[world.draft.proposal.pk])
    )
    assert response.status_code == 400
    assert "1 more needed" in _text(response)
    assert WorkingGroupProposal.objects.get(pk=world.draft.proposal.pk).status == "draft"


def test_a_vote_from_a_second_tab_is_refused_with_the_vote_that_stands(world: World) -> None:
    url = reverse("working_groups:proposal_vote", args=[world.submitted.proposal.pk])
    member = world.board.vice_presidents[0]
    first_tab, second_tab = client_for(member), client_for(member)
    assert first_tab.post(url, {"choice": "approve", "seen": ""}).status_code == 302
    response = second_tab.post(url, {"choice": "reject", "seen": ""})
    assert response.status_code == 400
    assert "Your vote was recorded meanwhile in another window or tab: Approve" in _text(response)
    assert list(ReviewVote.objects.values_list("choice", flat=True)) == ["approve"]
    # Reloaded, the page knows the vote: changing it now works.
    assert second_tab.post(url, {"choice": "reject", "seen": "approve"}).status_code == 302
    assert list(ReviewVote.objects.values_list("choice", flat=True)) == ["reject"]


def test_a_vote_after_the_review_closed_is_refused_on_the_page(world: World, time_machine) -> None:  # type: ignore[no-untyped-def]
    meeting = world.submitted.proposal.board_meeting
    time_machine.move_to(meeting.starts_at + timedelta(minutes=5))
    url = reverse("working_groups:proposal", args=[world.submitted.proposal.pk])
    client = client_for(world.board.vice_presidents[0])
    assert "The online review is closed" in _text(client.get(url))
    response = client.post(
        reverse("working_groups:proposal_vote", args=[world.submitted.proposal.pk]),
        {"choice": "approve", "seen": ""},
    )
    assert response.status_code == 400
    assert "The online review closed when the Board meeting of" in _text(response)
    assert not ReviewVote.objects.exists()


def test_a_refused_draft_keeps_what_was_typed(world: World) -> None:
    response = client_for(world.lead_officer).post(
        reverse("working_groups:proposal_new"),
        {
            "lead_region": world.lead.pk,
            "topic": "Blue economy",
            "focus": "Ports",
            "policy_area": 999999,
        },
    )
    assert response.status_code == 400
    page = _text(response)
    assert 'value="Blue economy"' in page and "Ports</textarea>" in page
    assert "Select a valid choice" in page


def test_a_tie_without_casting_vote_keeps_the_decision_form(world: World) -> None:
    board_meeting_begins(world.submitted.proposal)
    url = reverse("working_groups:proposal_decide", args=[world.submitted.proposal.pk])
    data = {
        "decided_on": timezone.localdate().isoformat(),
        "approve_votes": 1,
        "reject_votes": 1,
        "abstentions": 1,
        "reason": "Discussed at length.",
    }
    response = client_for(world.staff).post(url, data)
    assert response.status_code == 400
    page = _text(response)
    assert "not decided until the President of the body casts the casting vote" in page
    assert "Procedures art. 14" in page
    assert "Discussed at length." in page
    data["casting_vote"] = "reject"
    response = client_for(world.staff).post(url, data)
    assert response.status_code == 302
    assert WorkingGroupProposal.objects.get(pk=world.submitted.proposal.pk).status == "rejected"


def test_staff_approve_and_land_on_the_new_groups_page(world: World) -> None:
    board_meeting_begins(world.submitted.proposal)
    url = reverse("working_groups:proposal_decide", args=[world.submitted.proposal.pk])
    form = client_for(world.staff).get(url)
    assert form.context["form"].initial["approve_votes"] == 0
    data = {
        "decided_on": timezone.localdate().isoformat(),
        "approve_votes": 3,
        "reject_votes": 0,
        "abstentions": 0,
        "reason": "Telemedicine serves AER's value of solidarity.",
    }
    response = client_for(world.staff).post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "working_groups:group", args=["rural-telemedicine"]
    )
    assert "Rural telemedicine" in _text(response)


# --- Constant query counts ---------------------------------------------------------------


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_under_review(world: World, count: int) -> None:
    for index in range(count):
        result = submitted(board=world.board, meeting_days=None, topic=f"Topic {index}")
        for member in world.board.members[: 1 + index % 3]:
            proposal_vote_cast(
                proposal_id=result.proposal.pk, actor=member, choice="approve", now=timezone.now()
            )
        proposal_comment_add(
            proposal_id=result.proposal.pk, actor=world.staff, text="Seen.", now=timezone.now()
        )


REVIEW_QUEUE_QUERIES = 8


def test_the_review_queue_makes_the_same_queries_for_3_or_30_proposals(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    client = client_for(world.board.vice_presidents[0])
    url = reverse("working_groups:review_queue")
    _more_under_review(world, 2)
    with django_assert_num_queries(REVIEW_QUEUE_QUERIES):
        page = client.get(url)
    assert _text(page).count('class="wg-queue-entry"') == 3
    _more_under_review(world, 27)
    with django_assert_num_queries(REVIEW_QUEUE_QUERIES):
        page = client.get(url)
    assert _text(page).count('class="wg-queue-entry"') == 25
    assert "30 proposals" in _text(page)
    second = _text(client.get(url + "?page=2"))
    assert second.count('class="wg-queue-entry"') == 5
    with django_assert_num_queries(REVIEW_QUEUE_QUERIES - 1):  # no count: every row is shown
        printed = client.get(url + "?all=1")
    assert _text(printed).count('class="wg-queue-entry"') == 30


GROUP_PAGE_QUERIES = {"anonymous": 5, "officer": 8}


def test_the_group_page_makes_the_same_queries_for_few_or_many_members(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    url = reverse("working_groups:group", args=[world.group.slug])
    anonymous, officer_client = client_for(None), client_for(world.other_officer)
    with django_assert_num_queries(GROUP_PAGE_QUERIES["anonymous"]):
        anonymous.get(url)
    with django_assert_num_queries(GROUP_PAGE_QUERIES["officer"]):
        officer_client.get(url)
    today = timezone.localdate()
    for index in range(30):
        member = region()
        group_join(group_id=world.group.pk, region=member, actor=officer(member), today=today)
        GroupActivity.objects.create(
            group=world.group, kind="event", title=f"Event {index}", happened_on=today
        )
    for days in (30, 60, 90):
        group_meeting_schedule(
            group_id=world.group.pk,
            title=f"Meeting {days}",
            starts_at=timezone.now() + timedelta(days=days),
            actor=world.staff,
            today=today,
            place="Brussels",
        )
    with django_assert_num_queries(GROUP_PAGE_QUERIES["anonymous"]):
        page = anonymous.get(url)
    assert _text(page).count('class="wg-member"') == 4 + 30
    with django_assert_num_queries(GROUP_PAGE_QUERIES["officer"]):
        officer_client.get(url)


PROPOSAL_PAGE_QUERIES = {"board": 10, "lead": 6}


def test_the_proposal_page_makes_the_same_queries_with_more_supporters_and_votes(
    world: World,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    proposal = world.submitted.proposal
    url = reverse("working_groups:proposal", args=[proposal.pk])
    board_client, lead_client = (
        client_for(world.board.vice_presidents[0]),
        client_for(world.lead_officer),
    )
    with django_assert_num_queries(PROPOSAL_PAGE_QUERIES["board"]):
        board_client.get(url)
    with django_assert_num_queries(PROPOSAL_PAGE_QUERIES["lead"]):
        lead_client.get(url)
    for member in world.board.members:
        proposal_vote_cast(
            proposal_id=proposal.pk, actor=member, choice="abstain", now=timezone.now()
        )
    for index in range(10):
        proposal_comment_add(
            proposal_id=proposal.pk, actor=world.staff, text=f"Note {index}", now=timezone.now()
        )
    with django_assert_num_queries(PROPOSAL_PAGE_QUERIES["board"]):
        board_client.get(url)
    with django_assert_num_queries(PROPOSAL_PAGE_QUERIES["lead"]):
        lead_client.get(url)


def test_the_public_list_makes_the_same_queries_for_few_or_many_groups(world: World) -> None:
    client = client_for(world.other_officer)
    url = reverse("working_groups:list")
    before = _queries(client, url)
    staff = world.staff
    for index in range(5):
        result = submitted(board=world.board, meeting_days=None, topic=f"Group {index}")
        board_meeting_begins(result.proposal)
        proposal_decide(
            proposal_id=result.proposal.pk,
            actor=staff,
            decided_on=timezone.localdate(),
            approve_votes=1,
            reject_votes=0,
            abstentions=0,
            reason="Fine",
            now=timezone.now(),
        )
    assert _queries(client, url) == before
    assert _queries(client_for(None), url) <= before


def test_the_public_list_shows_25_running_groups_a_page_and_all_for_printing(
    world: World,
) -> None:
    copies_of(world.group, 29)
    client = client_for(None)
    url = reverse("working_groups:list")
    running = WorkingGroup.objects.filter(dissolved_on__isnull=True).count()

    first = _text(client.get(url))
    second = _text(client.get(url + "?page=2"))
    printed = _text(client.get(url + "?all=1"))

    rows = '<th scope="row"><a href="/working-groups/groups/'
    assert first.count(rows) == 25 and second.count(rows) == running - 25
    assert "Page 1 of 2" in first and "?page=2" in first and "?all=1" in first
    assert printed.count(rows) == running and "Page 1 of" not in printed
    assert _queries(client, url) == _queries(client, url + "?page=2")


def test_a_board_meeting_without_date_shows_the_next_one_in_the_queue(world: World) -> None:
    result = draft(board=world.board, supporters=3, topic="Late proposal")
    # No Board meeting far enough ahead: the proposal waits for one.
    for meeting in type(world.submitted.proposal.board_meeting).objects.all():
        meeting.starts_at = timezone.now() + timedelta(days=2)
        meeting.save()
    proposal_submit(proposal_id=result.proposal.pk, actor=result.lead_officer, now=timezone.now())
    assert result.refresh().board_meeting is None
    later = board_meeting(days=40, board=world.board)
    page = _text(client_for(world.staff).get(reverse("working_groups:review_queue")))
    assert later.starts_at.strftime("%Y") in page


def test_the_lead_region_sees_which_invited_regions_nobody_can_answer_for(world: World) -> None:
    """AER Working Groups page, step 1: only officers answer; the lead sees who cannot."""
    silent = region("Region without accounts")
    proposal_support_invite(
        proposal_id=world.draft.proposal.pk,
        region=silent,
        actor=world.lead_officer,
        now=timezone.now(),
    )
    url = reverse("working_groups:proposal", args=[world.draft.proposal.pk])
    page = _text(client_for(world.lead_officer).get(url))
    assert page.count("nobody with a portal account can answer") == 1
    row = next(line for line in page.splitlines() if "Region without accounts" in line)
    assert "nobody with a portal account can answer" in row
    assert "cannot answer until the secretariat gives them an account" in page
    invited_page = _text(client_for(world.invited_officer).get(url))
    assert "nobody with a portal account can answer" not in invited_page


# --- The secretariat's list of proposals -------------------------------------------------


def _more_drafts(world: World, count: int, topic: str = "Copy") -> None:
    for index in range(count):
        copy = WorkingGroupProposal.objects.get(pk=world.draft.proposal.pk)
        copy.pk = None
        copy._state.adding = True
        copy.topic = f"{topic} {index:03d}"
        copy.save()


def test_the_secretariats_proposals_come_25_a_page_in_the_same_queries(world: World) -> None:
    client = client_for(world.staff)
    url = reverse("working_groups:proposals")
    _more_drafts(world, 5)
    small = _queries(client, url)
    _more_drafts(world, 60, topic="More")
    large = _queries(client, url)
    total = WorkingGroupProposal.objects.count()
    pages = -(-total // 25)
    first = _text(client.get(url))
    last = _text(client.get(url + f"?page={pages}"))
    beyond = client.get(url + "?page=abc")

    assert small == large
    assert first.count('<th scope="row"><a href="/working-groups/proposals/') == 25
    assert last.count('<th scope="row"><a href="/working-groups/proposals/') == total - 25 * (
        pages - 1
    )
    assert f"Page 1 of {pages}" in first and "?q=&amp;status=&amp;page=2" in first
    assert f"Page {pages} of {pages}" in last
    assert beyond.status_code == 200
    assert f"{total} proposals" in first


def test_the_secretariat_filters_proposals_by_status_and_searches_topic_or_region(
    world: World,
) -> None:
    client = client_for(world.staff)
    url = reverse("working_groups:proposals")
    _more_drafts(world, 3, topic="Hydrogen valleys")

    hydrogen = _text(client.get(url, {"q": "hydrogen"}))
    by_region = _text(client.get(url, {"q": world.lead.name, "status": "submitted"}))
    none = _text(client.get(url, {"q": "no such topic"}))
    unknown = client.get(url, {"status": "<nonsense>", "q": "x" * 5000})

    matching = WorkingGroupProposal.objects.filter(topic__icontains="hydrogen").count()
    assert hydrogen.count("Hydrogen valleys 00") == 3
    assert f"{matching} proposals" in hydrogen
    assert str(world.submitted.proposal) not in hydrogen
    assert str(world.submitted.proposal) in by_region
    assert "Hydrogen valleys" not in by_region
    assert "No proposal matches." in none
    assert unknown.status_code == 200


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("data", "initial"),
    [
        (None, {}),
        (None, {"choice": "abstain", "seen": "abstain"}),
        ({"choice": "reject", "seen": ""}, {}),
        ({"choice": "nonsense", "seen": ""}, {}),
        ({"seen": "approve"}, {}),
    ],
    ids=["blank", "voted", "bound", "invalid", "missing"],
)
def test_the_vote_radios_are_djangos_own(
    data: dict[str, str] | None, initial: dict[str, str], language: str
) -> None:
    """The page writes each radio of the vote in Python (issue 16): the same markup as
    Django's ``{{ radio.tag }}``, id and label, whether the form is blank, shows the vote,
    or comes back with an error."""
    from django.utils import translation

    from working_groups.forms import VoteForm
    from working_groups.views.proposals import radio_inputs

    with translation.override(language):
        form = VoteForm(data, initial=initial)
        form.is_valid() if data is not None else None
        ours = [
            {"tag": str(r["tag"]), "id": r["id"], "label": str(r["label"])}
            for r in radio_inputs(form["choice"])
        ]
        djangos = [
            {"tag": str(radio.tag()), "id": radio.id_for_label, "label": str(radio.choice_label)}
            for radio in form["choice"]
        ]
    assert ours == djangos
    assert len(ours) == len(ReviewVote.Choice.choices)
    assert ("checked" in "".join(str(r["tag"]) for r in ours)) == bool(
        (data or initial).get("choice") in {"approve", "reject", "abstain"}
    )
