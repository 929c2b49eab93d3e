"""The dashboard's elections panel: what is open now, in a constant number of queries."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from elections.dashboard import panels
from elections.models import Round
from elections.services.rounds import round_open
from governance.selectors.roles import portal_roles
from tests.elections.factories import (
    BEFORE_DEADLINE,
    GA_DAY,
    at,
    committee_member,
    election,
    full_member,
    nominate,
    officer,
)

pytestmark = pytest.mark.django_db


def _panel(client: Client) -> str:
    content = client.get(reverse("dashboard")).content.decode()
    start = content.find('id="elections-panel"')
    return content[start : content.find("</section>", start)] if start >= 0 else ""


def test_a_region_sees_the_open_candidacies_and_the_committee_what_awaits_review(
    time_machine,  # type: ignore[no-untyped-def]
) -> None:
    time_machine.move_to(at(BEFORE_DEADLINE))
    vote = election()
    nominate(vote)
    client = Client()
    client.force_login(officer(full_member()))
    panel = _panel(client)
    assert vote.title in panel and "Candidacies open until 17 September 2026" in panel
    assert "await review" not in panel and "Election desk" not in panel
    client.force_login(committee_member())
    panel = _panel(client)
    assert "1 candidacy awaits review" in panel and "Election desk" in panel


def test_rounds_open_for_voting_are_announced(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(at(GA_DAY, 11))
    vote = election(online=True, talliers=True)
    for _ in range(2):
        nominate(vote, accept=True, today=BEFORE_DEADLINE)
    actor = committee_member()
    round_open(
        position=vote.positions.get(), method=Round.Method.ONLINE, actor=actor, now=at(GA_DAY, 11)
    )
    client = Client()
    client.force_login(officer(full_member()))
    assert "1 round open for voting" in _panel(client)


@pytest.mark.parametrize("count", [1, 4])
def test_the_panel_costs_one_query_whatever_the_number_of_elections(
    count: int,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
    time_machine,  # type: ignore[no-untyped-def]
) -> None:
    time_machine.move_to(at(BEFORE_DEADLINE))
    for offset in range(count):
        nominate(election(day=GA_DAY.replace(day=15 + offset)))
    request = RequestFactory().get("/")
    request.user = officer(full_member())
    request.portal = portal_roles(user=request.user, on=BEFORE_DEADLINE)
    # The elections with their open rounds and pending reviews; the roles are the request's,
    # read already (the navigation reads them on every page).
    with django_assert_num_queries(1):
        (panel,) = panels(request, BEFORE_DEADLINE)
    assert len(panel.context["elections"]) == count


def test_no_election_no_panel() -> None:
    client = Client()
    client.force_login(officer(full_member()))
    assert _panel(client) == ""
