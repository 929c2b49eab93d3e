"""The Executive Board's pages on applications: the list and dashboard of those awaiting its
decision, each with its checks, fee and letter, the online vote from the Board member's page,
and the secretariat opening and closing it (issue 18)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fees.services.application_votes import application_vote_open
from governance.models import ApplicationBallot
from members.models import Member, MembershipApplication, User
from tests.factories import board_member, member_officer, staff_user, with_totp
from tests.fees.test_applications import PDF, letter, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rate_limit_left_over() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def on_vote(name: str = "Dâmbovița County") -> MembershipApplication:
    application = submit(name=name, request_key=uuid.uuid4(), letter=letter())
    application_vote_open(application=application, actor=staff_user(), today=timezone.localdate())
    return application


def logged_in(client: Client, user: User) -> User:
    client.force_login(with_totp(user))
    return user


def test_a_board_member_reads_checks_fee_and_letter_and_votes_once(client: Client) -> None:
    application = on_vote()
    voter = logged_in(client, board_member())
    board_member()  # a second Board member: one vote does not close it
    assert "awaiting your vote" in client.get(reverse("dashboard")).content.decode()
    listed = client.get(reverse("applications:board_list")).content.decode()
    assert "Dâmbovița County" in listed
    page = reverse("applications:board_detail", args=[application.pk])
    content = client.get(page).content.decode()
    assert "Nothing in the Procedures stands in the way" in content
    assert "Online vote of the Executive Board" in content
    letter_response = client.get(reverse("applications:board_letter", args=[application.pk]))
    assert b"".join(letter_response.streaming_content) == PDF  # type: ignore[attr-defined]
    # A double click: the same form sent twice is one vote.
    for _ in range(2):
        response = client.post(page, {"choice": "for", "seen_choice": ""})
        assert response.status_code == 302
    assert ApplicationBallot.objects.get().voter_id == voter.person_id
    content = client.get(page).content.decode()
    assert "Your vote: For." in content and "1 for, 0 against" in content
    assert "awaiting your vote" not in client.get(reverse("dashboard")).content.decode()


def test_a_vote_from_a_stale_tab_is_refused_and_the_form_kept(client: Client) -> None:
    application = on_vote()
    logged_in(client, board_member())
    board_member()
    page = reverse("applications:board_detail", args=[application.pk])
    client.post(page, {"choice": "for", "seen_choice": ""})
    response = client.post(page, {"choice": "against", "seen_choice": ""})
    assert response.status_code == 200
    content = response.content.decode()
    assert "recorded meanwhile in another window or tab: For" in content
    kept = re.search(r'<input[^>]*value="against"[^>]*>', content)
    assert kept is not None and "checked" in kept.group(0)  # what was chosen stays chosen
    assert ApplicationBallot.objects.get().choice == "for"


def test_the_secretariat_cannot_vote_but_opens_and_closes(client: Client) -> None:
    application = submit()
    voter = board_member()
    logged_in(client, staff_user())
    detail = reverse("applications:detail", args=[application.pk])
    assert client.post(detail, {"action": "vote_open"}).status_code == 302
    assert client.post(detail, {"action": "vote_open"}).status_code == 302  # a double click
    board_page = reverse("applications:board_detail", args=[application.pk])
    content = client.get(board_page).content.decode()
    assert 'name="choice"' not in content  # staff follow the vote, they do not vote
    refused = client.post(board_page, {"choice": "for", "seen_choice": ""})
    assert refused.status_code == 403
    assert "only members of the Executive Board vote" in refused.content.decode()
    # A tie (nobody voted): the page names art. 14 and asks for the casting vote.
    tied = client.post(detail, {"action": "vote_close"})
    assert tied.status_code == 200
    assert "Procedures art. 14" in tied.content.decode()
    assert MembershipApplication.objects.get().is_open
    other = Client()
    other.force_login(with_totp(voter))
    other.post(board_page, {"choice": "for", "seen_choice": ""})
    # A single Board member voted: the vote closed by itself, the application approved.
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.APPROVED
    assert Member.objects.filter(name="Dâmbovița County").exists()
    closed = client.post(detail, {"action": "vote_close"})  # closed already: nothing more
    assert closed.status_code == 302


def test_an_officer_sees_none_of_it(client: Client) -> None:
    application = on_vote()
    logged_in(client, member_officer())
    assert client.get(reverse("applications:board_list")).status_code == 403
    page = reverse("applications:board_detail", args=[application.pk])
    assert client.get(page).status_code == 403
    assert client.post(page, {"choice": "for"}).status_code == 403
    assert not ApplicationBallot.objects.exists()


def test_an_application_not_before_the_board_is_not_on_its_pages(client: Client) -> None:
    application = submit()
    logged_in(client, board_member())
    assert (
        client.get(reverse("applications:board_detail", args=[application.pk])).status_code == 404
    )


def test_the_board_pages_make_a_constant_number_of_queries(
    client: Client,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    application = on_vote()
    logged_in(client, board_member())
    page = reverse("applications:board_detail", args=[application.pk])
    client.get(page)
    with django_assert_num_queries(QUERIES_BOARD_DETAIL):
        client.get(page)
    with django_assert_num_queries(QUERIES_BOARD_LIST):
        client.get(reverse("applications:board_list"))
    with django_assert_num_queries(QUERIES_DASHBOARD) as before:
        client.get(reverse("dashboard"))
    for n in range(3):
        on_vote(name=f"Region {n}")
    with django_assert_num_queries(QUERIES_BOARD_LIST):
        client.get(reverse("applications:board_list"))
    with django_assert_num_queries(len(before.captured_queries)):
        client.get(reverse("dashboard"))


QUERIES_BOARD_DETAIL = 10
QUERIES_BOARD_LIST = 6
QUERIES_DASHBOARD = 10  # the member's votes come with the applications; the Treasurer question
# is the request's roles: no query of its own


def test_the_board_page_in_french(client: Client) -> None:
    application = on_vote()
    voter = logged_in(client, board_member())
    voter.preferred_language = "fr"
    voter.save(update_fields=["preferred_language"])
    page = reverse("applications:board_detail", args=[application.pk])
    content = client.get(page, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Vote en ligne du Bureau exécutif" in content
