"""The pages at work: nominating through the form, voting, the desk, and their query counts."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from aer_portal.rules.bodies import Body as BodyKind
from elections.models import (
    Ballot,
    Candidacy,
    Election,
    Position,
    Round,
    RoundCandidate,
    RoundVoter,
    SealedBallot,
)
from elections.services.rounds import ballot_cast, round_close, round_open, round_record_counts
from elections.views.candidacies import CANDIDACY_ROWS
from governance.models import Mandate
from members.models import PortalAccess
from tests.elections.factories import (
    BEFORE_DEADLINE,
    GA_DAY,
    at,
    committee_member,
    delegate,
    docx_upload,
    election,
    executable_upload,
    full_member,
    nominate,
    officer,
    pdf_upload,
    voter,
)
from tests.factories import BodyFactory, UserFactory, board_member, staff_user, with_totp
from tests.html_checks import page_problems

pytestmark = pytest.mark.django_db


def _logged_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


# --- Nominating ---------------------------------------------------------------------------


def test_only_those_the_form_accepts_see_nominate_a_candidate(  # type: ignore[no-untyped-def]
    time_machine,
) -> None:
    time_machine.move_to(at(BEFORE_DEADLINE))
    vote = election()
    member = full_member(name="Västra Götaland Region")
    reader = UserFactory()
    PortalAccess.objects.create(user=reader, member=member, role=PortalAccess.Role.DELEGATE)
    list_url = reverse("elections:candidacy_list", args=[vote.pk])
    client = _logged_in(reader)
    assert "Nominate a candidate" not in client.get(list_url).content.decode()
    assert client.get(reverse("elections:candidacy_new", args=[vote.pk])).status_code == 403
    assert "Nominate a candidate" in _logged_in(officer(member)).get(list_url).content.decode()


def test_an_officer_nominates_through_the_form(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(BEFORE_DEADLINE))
    vote = election()
    member = full_member(name="Västra Götaland Region")
    person = delegate(member, first_name="Åsa", last_name="Lindqvist")
    client = _logged_in(officer(member))
    page = client.get(reverse("elections:candidacy_new", args=[vote.pk]))
    assert page.status_code == 200 and "Åsa Lindqvist" in page.content.decode()
    response = client.post(
        reverse("elections:candidacy_new", args=[vote.pk]),
        {
            "member": member.pk,
            "position": vote.positions.get().pk,
            "person": person.pk,
            "letter": pdf_upload(),
            "cv": docx_upload(),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("elections:candidacy_list", args=[vote.pk])
    candidacy = Candidacy.objects.get()
    assert candidacy.person == person and candidacy.status == Candidacy.Status.SUBMITTED
    listing = client.get(response["Location"]).content.decode()
    assert "Åsa Lindqvist" in listing and "Awaiting review" in listing


def _post_nomination(client, vote, member, person, **files):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("elections:candidacy_new", args=[vote.pk]),
        {
            "member": member.pk,
            "position": vote.positions.get().pk,
            "person": person.pk,
            "letter": files.get("letter", pdf_upload()),
            "cv": files.get("cv", pdf_upload("cv.pdf")),
        },
    )


def test_an_executable_renamed_pdf_is_refused_and_the_form_keeps_the_choices(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(BEFORE_DEADLINE))
    vote = election()
    member = full_member()
    person = delegate(member)
    response = _post_nomination(
        _logged_in(officer(member)), vote, member, person, letter=executable_upload()
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "The content of “letter.pdf” is not a PDF file." in content
    assert f'<option value="{person.pk}" selected>' in content
    assert not Candidacy.objects.exists()


def test_a_candidate_without_a_regional_mandate_is_refused_in_the_form(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(BEFORE_DEADLINE))
    vote = election()
    member = full_member()
    person = delegate(member, mandate=False)
    response = _post_nomination(_logged_in(officer(member)), vote, member, person)
    assert response.status_code == 400
    assert (
        "does not hold a regional political mandate. (Procedures art. 15.2)"
        in response.content.decode()
    )
    assert not Candidacy.objects.exists()


def test_a_candidacy_after_the_deadline_is_refused_in_the_form(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(date(2026, 9, 18)))
    vote = election()
    member = full_member()
    response = _post_nomination(_logged_in(officer(member)), vote, member, delegate(member))
    assert response.status_code == 400
    assert (
        "after the deadline of 17 September 2026. (Procedures art. 15.5)"
        in response.content.decode()
    )
    assert not Candidacy.objects.exists()


def test_the_committee_accepts_and_the_region_withdraws_through_the_pages(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(BEFORE_DEADLINE))
    vote = election()
    first, second = nominate(vote), nominate(vote)
    committee = _logged_in(committee_member())
    response = committee.post(
        reverse("elections:candidacy_review", args=[first.pk]), {"decision": "accept"}
    )
    assert response.status_code == 302
    refused = committee.post(
        reverse("elections:candidacy_review", args=[second.pk]), {"decision": "reject"}, follow=True
    )
    assert "The Election Committee gives the reason of a rejection." in refused.content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Candidacy.Status.ACCEPTED and second.status == Candidacy.Status.SUBMITTED
    region = _logged_in(officer(second.member))
    region.post(reverse("elections:candidacy_withdraw", args=[second.pk]))
    second.refresh_from_db()
    assert second.status == Candidacy.Status.WITHDRAWN


# --- Voting -------------------------------------------------------------------------------


@pytest.fixture
def online_round(time_machine) -> Round:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(GA_DAY, 11))
    vote = election(online=True, talliers=True)
    for name in ("Ahlberg", "Berg", "Carlsson"):
        nominate(vote, accept=True, last_name=name, today=BEFORE_DEADLINE)
    return round_open(
        position=vote.positions.get(),
        method=Round.Method.ONLINE,
        actor=committee_member(),
        now=at(GA_DAY, 11),
    )


def test_a_delegate_votes_once_and_checks_the_receipt(online_round: Round) -> None:
    client = _logged_in(voter())
    url = reverse("elections:vote", args=[online_round.pk])
    page = client.get(url).content.decode()
    assert "Ahlberg" in page and "Blank vote" in page
    assert reverse("elections:secrecy") in page
    confirm = client.post(url, {"choice": "2"})
    assert confirm.status_code == 200 and not RoundVoter.objects.exists()  # not cast yet
    assert re.search(r"You vote for [^<]*Berg", confirm.content.decode())
    assert "This cannot be changed." in confirm.content.decode()
    assert reverse("elections:secrecy") in confirm.content.decode()
    response = client.post(url, {"choice": "2", "confirm": "yes"})
    assert response.status_code == 200
    assert reverse("elections:secrecy") in response.content.decode()
    code = re.search(r'id="receipt-code">([A-Z2-7-]{19})<', response.content.decode()).group(1)  # type: ignore[union-attr]
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    for data in ({"choice": "1"}, {"choice": "1", "confirm": "yes"}):
        again = client.post(url, data)
        assert again.status_code == 400
        assert "Your member has already voted in this round" in again.content.decode()
    assert SealedBallot.objects.count() == 1 and RoundVoter.objects.count() == 1
    assert not Ballot.objects.exists()  # sealed until the round closes
    checked = Client().post(reverse("elections:receipt_check"), {"code": code}).content.decode()
    assert "Recorded: a ballot with this code is in the ballot box" in checked
    round_close(round=online_round, actor=committee_member(), now=at(GA_DAY, 12))
    checked = Client().post(reverse("elections:receipt_check"), {"code": code}).content.decode()
    assert "Counted: a ballot with this code" in checked
    assert code not in checked.replace(f'value="{code}"', "")  # echoed in the form only


def test_the_ballot_page_confirms_in_the_page_so_a_voter_makes_two_requests(
    online_round: Round,
) -> None:
    """The whole Assembly votes within seconds (issue 19): the ballot page asks "You vote for X.
    This cannot be changed." in a dialog whose button casts the vote, so the confirmation page
    is a request only voters without JavaScript make. The dialog is inside the form, its button
    sends ``confirm``, and the page loads the script that opens it."""
    client = _logged_in(voter())
    url = reverse("elections:vote", args=[online_round.pk])
    page = client.get(url).content.decode()
    form = page[page.index("data-vote-form") : page.index("</form>", page.index("data-vote-form"))]
    dialog = form[form.index("<dialog") : form.index("</dialog>")]
    assert "data-vote-chosen" in dialog and "This cannot be changed." in dialog
    confirm = r'<button type="submit" name="confirm" value="yes"[^>]*>Confirm and cast'
    assert re.search(confirm, dialog)
    assert re.search(r'<script src="[^"]*elections/vote[.\w]*js" defer>', page)
    assert page_problems(page) == []
    # The dialog's button sends the choice with ``confirm``: the vote, in the second request.
    response = client.post(url, {"choice": "2", "confirm": "yes"})
    assert 'id="receipt-code"' in response.content.decode()
    assert RoundVoter.objects.filter(round=online_round).count() == 1
    # The page of a member that has voted loads no script and shows no dialog.
    again = client.get(url).content.decode()
    assert "<dialog" not in again and "elections/vote" not in again.split("</main>")[1]


def test_a_person_without_the_right_to_vote_is_told_why(online_round: Round) -> None:
    user = voter()
    user.person.regional_mandates.all().delete()
    client = _logged_in(user)
    page = client.get(reverse("elections:vote", args=[online_round.pk])).content.decode()
    assert "You cannot vote in this round" in page and "regional political mandate" in page
    for data in ({"choice": "1"}, {"choice": "1", "confirm": "yes"}):
        response = client.post(reverse("elections:vote", args=[online_round.pk]), data)
        assert response.status_code == 400 and not SealedBallot.objects.exists()


def test_the_turnout_fragment_for_htmx(online_round: Round) -> None:
    ballot_cast(round=online_round, voter=voter(), choice=1, now=at(GA_DAY, 11))
    client = _logged_in(with_totp(board_member()))
    response = client.get(
        reverse("elections:turnout", args=[online_round.pk]), HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<div class="turnout')
    assert "Turnout: 1 of 3 members have voted (33 %)." in content
    assert "Ahlberg" not in content  # no counts, no names


# --- The desk -----------------------------------------------------------------------------


def test_the_committee_runs_a_paper_election_from_the_desk(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(GA_DAY, 11))
    BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    vote = election()
    first = nominate(vote, accept=True, last_name="Ahlberg", today=BEFORE_DEADLINE)
    nominate(vote, accept=True, last_name="Berg", today=BEFORE_DEADLINE)
    client = _logged_in(committee_member())
    position = vote.positions.get()
    refused = client.post(reverse("elections:round_open", args=[position.pk]), {"method": "paper"})
    assert refused.status_code == 400 and "Record the two talliers" in refused.content.decode()
    client.post(
        reverse("elections:talliers", args=[vote.pk]),
        {"tallier_one": "Ana Pop", "tallier_two": "Bo Berg"},
    )
    assert (
        client.post(
            reverse("elections:round_open", args=[position.pk]), {"method": "paper"}
        ).status_code
        == 302
    )
    round_ = Round.objects.get()
    ids = {c.candidacy_id: c.pk for c in round_.candidates.all()}
    data = {f"votes_{pk}": "5" for pk in ids.values()} | {
        f"votes_{ids[first.pk]}": "30",
        "blank": "2",
        "invalid": "-1",
    }
    kept = client.post(reverse("elections:round_counts", args=[round_.pk]), data)
    assert kept.status_code == 400 and 'value="30"' in kept.content.decode()  # typed counts kept
    data["invalid"] = "1"
    assert client.post(reverse("elections:round_counts", args=[round_.pk]), data).status_code == 302
    desk = client.get(reverse("elections:desk", args=[vote.pk])).content.decode()
    assert "elected" in desk
    url = reverse("elections:results_publish", args=[vote.pk])
    asked = client.post(url)
    assert asked.status_code == 409 and "I confirm: publish the results" in asked.content.decode()
    published = client.post(url, {"confirm": "1"}, follow=True)
    content = published.content.decode()
    assert (
        "Executive Board: President, 15 October 2026 to 14 October 2028 (consecutive term 1)"
        in content
    )
    assert Mandate.objects.get(person=first.person).seat.body.kind == BodyKind.EXECUTIVE_BOARD


# --- Query counts -------------------------------------------------------------------------


def _many(count: int) -> tuple:  # type: ignore[type-arg]
    vote = election(
        kinds=(Position.Kind.PRESIDENT, Position.Kind.VICE_PRESIDENT, Position.Kind.BUREAU)
    )
    staff = staff_user()
    for index in range(count):
        kind = (Position.Kind.PRESIDENT, Position.Kind.VICE_PRESIDENT, Position.Kind.BUREAU)[
            index % 3
        ]
        nominate(vote, kind=kind, accept=index % 2 == 0, reviewer=staff)
    return vote, staff


@pytest.mark.parametrize("count", [3, 30])
def test_the_candidacy_list_makes_the_same_number_of_queries(
    count: int, django_assert_num_queries, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(BEFORE_DEADLINE))
    vote, staff = _many(count)
    client = _logged_in(with_totp(staff))
    url = reverse("elections:candidacy_list", args=[vote.pk])
    # session, user, (roles:) accesses, two-factor; election; candidacies; (eligibility:)
    # regional mandates, suspensions, categories, mandates; rounds started; and, for the first
    # page, how many there are. The roles say who may review and whose candidacies are the
    # reader's own: no query of their own.
    with django_assert_num_queries(12):
        response = client.get(url)
    assert len(response.context["rows"]) == min(count, CANDIDACY_ROWS)
    with django_assert_num_queries(11):
        response = client.get(url + "?all=1")
    assert response.content.decode().count("Record the decision") == count - (count + 1) // 2
    region = Candidacy.objects.first().member  # type: ignore[union-attr]
    client = _logged_in(officer(region))
    # no two-factor check; an account without a person needs no Committee check either
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


def test_the_candidacy_list_shows_its_first_rows_and_all_of_them_on_demand(
    time_machine, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(BEFORE_DEADLINE))
    monkeypatch.setattr("elections.views.candidacies.CANDIDACY_ROWS", 2)
    vote, staff = _many(3)
    client = _logged_in(with_totp(staff))
    url = reverse("elections:candidacy_list", args=[vote.pk])

    first = client.get(url)
    every = client.get(url + "?all=1")

    assert len(first.context["rows"]) == 2 and len(every.context["rows"]) == 3
    assert "The first 2 of 3 candidacies are listed." in first.content.decode()
    assert 'href="?all=1"' in first.content.decode()
    assert 'href="?all=1"' not in every.content.decode()


def _results_world(count: int):  # type: ignore[no-untyped-def]
    vote = election(kinds=(Position.Kind.PRESIDENT, Position.Kind.VICE_PRESIDENT), talliers=True)
    actor = staff_user()
    for kind in (Position.Kind.PRESIDENT, Position.Kind.VICE_PRESIDENT):
        for _ in range(count):
            nominate(vote, kind=kind, accept=True, reviewer=actor, today=BEFORE_DEADLINE)
        position = vote.positions.get(kind=kind)
        round_ = round_open(
            position=position, method=Round.Method.PAPER, actor=actor, now=at(GA_DAY, 11)
        )
        votes = {c.pk: 1 for c in round_.candidates.all()}
        round_record_counts(
            round=round_, votes=votes, blank=1, invalid=0, actor=actor, now=at(GA_DAY, 11)
        )
    return vote


@pytest.mark.parametrize("count", [3, 30])
def test_the_results_page_makes_the_same_number_of_queries(
    count: int, django_assert_num_queries, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(GA_DAY, 12))
    vote = _results_world(count)
    client = Client()
    url = reverse("elections:results", args=[vote.pk])
    president = vote.positions.get(kind=Position.Kind.PRESIDENT)
    # election; positions; rounds (votes cast summed); round candidates; accepted candidacies
    with django_assert_num_queries(5):
        summary = client.get(url).content.decode()
    with django_assert_num_queries(5):
        detail = client.get(f"{url}?position={president.pk}").content.decode()
    # The summary names nobody of a round without a winner or runoff, only its totals, and
    # links every count; a position's page lists every candidate's votes.
    assert summary.count('<td class="text-end">1</td>') == 0
    assert summary.count(f"Votes cast: {count} · majority: {count // 2 + 1}") == 2
    assert f'href="?position={president.pk}#round-' in summary
    assert detail.count('<td class="text-end">1</td>') == count


def test_the_results_summary_names_who_was_elected_or_stands_again(
    time_machine,
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(GA_DAY, 12))
    vote = election(kinds=(Position.Kind.VICE_PRESIDENT,), talliers=True)
    actor = staff_user()
    for _ in range(4):
        nominate(vote, kind=Position.Kind.VICE_PRESIDENT, accept=True, reviewer=actor)
    position = vote.positions.get()
    first = round_open(
        position=position, method=Round.Method.PAPER, actor=actor, now=at(GA_DAY, 11)
    )
    winner, *others = list(first.candidates.all())
    round_record_counts(
        round=first,
        votes={winner.pk: 9, **{c.pk: 1 for c in others}},
        blank=0,
        invalid=0,
        actor=actor,
        now=at(GA_DAY, 11),
    )

    page = Client().get(reverse("elections:results", args=[vote.pk])).content.decode()

    assert f"{winner.candidacy.person}" in page and "Votes cast: 12 · majority: 7" in page
    assert all(f"{c.candidacy.person}" not in page for c in others)


@pytest.mark.parametrize("count", [3, 30])
def test_the_election_page_and_the_desk_make_the_same_number_of_queries(
    count: int, django_assert_num_queries, time_machine
) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(GA_DAY, 12))
    vote = _results_world(count)
    # election, positions, open rounds
    with django_assert_num_queries(3):
        assert Client().get(reverse("elections:detail", args=[vote.pk])).status_code == 200
    client = _logged_in(with_totp(staff_user()))
    # session, user, accesses, two-factor, election, the results' four, the calendar's two
    with django_assert_num_queries(11):
        assert client.get(reverse("elections:desk", args=[vote.pk])).status_code == 200


def test_the_results_load_the_accepted_candidacies_of_the_bureaus_list_only(
    time_machine,
) -> None:  # type: ignore[no-untyped-def]
    """The rounds name their candidates; the other accepted candidacies are only counted."""
    from elections.selectors.results import election_results

    time_machine.move_to(at(BEFORE_DEADLINE))
    vote, _ = _many(9)

    by_kind = {r.position.kind: r for r in election_results(election=vote)}

    president = by_kind[Position.Kind.PRESIDENT]
    bureau = by_kind[Position.Kind.BUREAU]
    accepted = Candidacy.objects.filter(status=Candidacy.Status.ACCEPTED)
    assert president.accepted == []
    assert president.accepted_count == accepted.filter(position=president.position).count() > 0
    assert len(bureau.accepted) == bureau.accepted_count
    assert bureau.accepted_count == accepted.filter(position=bureau.position).count() > 0


def test_the_desk_shows_each_positions_last_round_and_links_the_earlier_ones(
    time_machine,
) -> None:  # type: ignore[no-untyped-def]
    """The Committee works on the current round; earlier counts are on the results page."""
    time_machine.move_to(at(GA_DAY, 12))
    vote = election(kinds=(Position.Kind.VICE_PRESIDENT,), talliers=True)
    actor = staff_user()
    for _ in range(4):
        nominate(vote, kind=Position.Kind.VICE_PRESIDENT, accept=True, reviewer=actor)
    position = vote.positions.get()
    first = round_open(
        position=position, method=Round.Method.PAPER, actor=actor, now=at(GA_DAY, 11)
    )
    winner, *others = list(first.candidates.all())
    round_record_counts(
        round=first,
        votes={winner.pk: 9, **{c.pk: 1 for c in others}},
        blank=0,
        invalid=0,
        actor=actor,
        now=at(GA_DAY, 11),
    )
    second = round_open(
        position=position, method=Round.Method.PAPER, actor=actor, now=at(GA_DAY, 11)
    )
    client = _logged_in(with_totp(staff_user()))

    page = client.get(reverse("elections:desk", args=[vote.pk])).content.decode()

    assert page.count('class="small mb-1 desk-earlier-round"') == 1
    assert f'href="/elections/{vote.pk}/results/?position={position.pk}#round-{first.pk}"' in page
    assert f'id="round-{second.pk}"' in page and f'id="round-{first.pk}"' not in page
    assert '<td class="text-end">9</td>' not in page


def test_the_other_pages_state_their_queries(
    django_assert_num_queries, online_round: Round
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        assert Client().get(reverse("elections:list")).status_code == 200
    with django_assert_num_queries(2):  # the counted ballots, then the sealed ones
        assert (
            Client().post(reverse("elections:receipt_check"), {"code": "AAAA"}).status_code == 200
        )
    with django_assert_num_queries(0):
        page = Client().get(reverse("elections:secrecy"))
        assert (
            page.status_code == 200
            and "What the portal does not guarantee" in page.content.decode()
        )
    client = _logged_in(voter())
    # session, user, (roles:) Board check, accesses; round, person, accesses, regional mandate,
    # category, suspensions, voted, candidates
    with django_assert_num_queries(12):
        assert client.get(reverse("elections:vote", args=[online_round.pk])).status_code == 200
    # the confirmation step: the same reads, no write, eligibility and candidates from the cache
    with django_assert_num_queries(6):
        confirm = client.post(reverse("elections:vote", args=[online_round.pk]), {"choice": "1"})
        assert confirm.status_code == 200


def test_the_secrecy_page_states_the_trust_model_in_english_and_french() -> None:
    english = Client().get(reverse("elections:secrecy")).content.decode()
    assert "What the portal guarantees" in english
    assert "What the portal does not guarantee" in english
    assert "How the Election Committee checks a result" in english
    assert "an operator of the portal" in english and "forces you" in english
    french = Client()
    french.cookies["django_language"] = "fr"
    page = french.get(reverse("elections:secrecy")).content.decode()
    assert '<html lang="fr">' in page
    assert "Ce que le portail ne garantit pas" in page
    assert "Comment la commission électorale vérifie un résultat" in page
    receipts = Client().get(reverse("elections:receipt_check")).content.decode()
    assert reverse("elections:secrecy") in receipts


def test_closing_a_round_first_shows_the_turnout_and_asks(
    django_assert_num_queries, online_round: Round
) -> None:  # type: ignore[no-untyped-def]
    for choice in (1, 2):
        ballot_cast(round=online_round, voter=voter(), choice=choice, now=at(GA_DAY, 11))
    client = _logged_in(with_totp(committee_member()))
    url = reverse("elections:round_close", args=[online_round.pk])
    # session, user, roles (Board seat and Election Committee in one), accesses, round, election
    # (its visibility), the turnout
    with django_assert_num_queries(7):
        asked = client.post(url)
    assert asked.status_code == 200
    electorate = online_round.electorate
    assert f"2 of {electorate} voted." in asked.content.decode()
    online_round.refresh_from_db()
    assert online_round.is_open and SealedBallot.objects.count() == 2  # nothing closed yet
    done = client.post(url, {"confirm": "yes"})
    assert done.status_code == 302
    online_round.refresh_from_db()
    assert not online_round.is_open and Ballot.objects.count() == 2
    assert not SealedBallot.objects.exists()


def test_casting_a_vote_asks_the_right_to_vote_once(
    django_assert_num_queries, online_round: Round
) -> None:  # type: ignore[no-untyped-def]
    """The confirming POST is the request a whole General Assembly makes at once (issue 19):
    the view leaves the right to vote to ``ballot_cast`` instead of asking it as well."""
    client = _logged_in(voter())
    url = reverse("elections:vote", args=[online_round.pk])
    client.get(url)  # the session is read once
    # session, user, (roles:) Board seat, accesses; round; (candidates from the cache the
    # ballot page filled); then ballot_cast in its savepoint: the right to vote's five (person,
    # accesses, mandates, categories, suspensions), the ballot's numbers, the round, and the two
    # inserts. Before, the view asked the right to vote first as well (six more), ballot_cast
    # asked whether the member had voted (the unique constraints answer that) and put the
    # inserts in a savepoint of their own (two more). On PostgreSQL the round's row is also
    # share-locked (aer_portal.locks.share_row): one query SQLite does not need.
    with django_assert_num_queries(17 if connection.vendor == "postgresql" else 16):
        response = client.post(url, {"choice": "2", "confirm": "yes"})
    assert 'id="receipt-code"' in response.content.decode()
    assert RoundVoter.objects.filter(round=online_round).count() == 1


def test_each_position_on_the_desk_has_its_own_form_ids(time_machine) -> None:  # type: ignore[no-untyped-def]
    """Two positions each with a "next round" form: before, both had `id_method`, so the
    second label focused the first position's field (issue 15)."""
    time_machine.move_to(at(GA_DAY, 12))
    vote = election(kinds=(Position.Kind.PRESIDENT, Position.Kind.VICE_PRESIDENT), talliers=True)
    client = _logged_in(with_totp(staff_user()))
    page = client.get(reverse("elections:desk", args=[vote.pk])).content.decode()
    assert page.count('name="method"') == 2
    assert page_problems(page) == []


@pytest.mark.parametrize("count", [3, 30])
def test_the_ballot_page_asks_eligibility_and_candidates_once_per_round(
    count: int, django_assert_num_queries, time_machine
) -> None:  # type: ignore[no-untyped-def]
    """The whole Assembly opens the ballot within seconds: after a voter's first page, their
    eligibility and the round's candidates come from the cache, until the round changes."""
    time_machine.move_to(at(GA_DAY, 11))
    vote = election(online=True, talliers=True)
    for index in range(count):
        nominate(vote, accept=True, last_name=f"Candidate{index:02d}", today=BEFORE_DEADLINE)
    committee = committee_member()
    round_ = round_open(
        position=vote.positions.get(), method=Round.Method.ONLINE, actor=committee,
        now=at(GA_DAY, 11),
    )  # fmt: skip
    client = _logged_in(voter())
    url = reverse("elections:vote", args=[round_.pk])
    # session, user, (roles:) mandates, accesses; round; candidates; (eligibility:) person,
    # accesses, regional mandates, categories, suspensions; already voted
    with django_assert_num_queries(12):
        first = client.get(url).content.decode()
    assert first.count('name="choice"') == count + 1
    # the same minus the candidates and the five of eligibility
    with django_assert_num_queries(6):
        again = client.get(url).content.decode()
    assert again.count('name="choice"') == count + 1
    with django_assert_num_queries(6):
        confirm = client.post(url, {"choice": "1"})
    assert "This cannot be changed." in confirm.content.decode()
    round_close(round=round_, actor=committee, now=at(GA_DAY, 12))
    closed = client.get(url).content.decode()
    assert "This round is closed." in closed  # a closed round reads nothing cached


@pytest.mark.parametrize("count", [3, 30])
def test_the_open_data_of_an_election_give_every_count_in_as_many_queries(
    count: int, django_assert_num_queries, time_machine
) -> None:  # type: ignore[no-untyped-def]
    """The counts come as rows (closed_round_counts), the rounds without their candidates."""
    time_machine.move_to(at(GA_DAY, 12))
    vote = _results_world(count)
    Election.objects.filter(pk=vote.pk).update(results_published_on=GA_DAY)
    # election; positions; rounds (without their candidates); accepted candidacies; the counts
    # as rows
    with django_assert_num_queries(5):
        data = Client().get(f"/api/v1/elections/{vote.pk}/").json()
    rounds = [r for position in data["results"] for r in position["rounds"]]
    assert [len(r["candidates"]) for r in rounds] == [count, count]
    assert all(
        c["votes"] == 1 and c["name"] and c["member"] for r in rounds for c in r["candidates"]
    )


def test_the_counts_as_rows_name_an_anonymised_person_by_their_record_label(
    time_machine,
) -> None:  # type: ignore[no-untyped-def]
    from elections.selectors.rounds import closed_round_counts
    from members.models import Person

    time_machine.move_to(at(GA_DAY, 12))
    vote = _results_world(3)
    candidate = RoundCandidate.objects.filter(round__position__election=vote).first()
    assert candidate is not None
    Person.objects.filter(candidacies=candidate.candidacy_id).update(
        anonymised_on=GA_DAY, record_label="Person 7"
    )

    names = [c["name"] for rows in closed_round_counts(election=vote).values() for c in rows]

    assert names.count("Person 7") == 1 and len(names) == 6


def test_the_results_written_by_hand_are_what_their_serializer_describes(
    time_machine,
) -> None:  # type: ignore[no-untyped-def]
    """The API writes an election's results without DRF's fields (issue 16): the schema's
    serializer and the rows must not drift apart."""
    import json

    from elections.api import PositionSerializer, position_rows
    from elections.selectors.results import IN_FULL_ROUNDS, election_results
    from elections.selectors.rounds import closed_round_counts

    time_machine.move_to(at(GA_DAY, 12))
    vote = _results_world(3)
    results = election_results(election=vote, in_full=IN_FULL_ROUNDS)
    counts = closed_round_counts(election=vote)

    expected = json.loads(
        json.dumps(PositionSerializer(results, many=True, context={"counts": counts}).data)
    )
    assert position_rows(results, counts) == expected
    assert any(r["candidates"] for position in expected for r in position["rounds"])
