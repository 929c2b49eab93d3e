"""Every URL of the elections app, asked by an anonymous visitor, a user of region A, a user of
region B, an Executive Board member and a staff member (and the Election Committee)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from elections.models import Candidacy, Election, Position, Round
from elections.services.rounds import round_open
from tests.elections.factories import (
    GA_DAY,
    at,
    committee_member,
    election,
    full_member,
    nominate,
    officer,
    pdf_bytes,
)
from tests.factories import staff_user
from tests.world import ROLES as PEOPLE
from tests.world import World as SharedWorld
from tests.world import built_once, people

pytestmark = pytest.mark.django_db

ROLES = (*PEOPLE, "committee")


@dataclass
class World(SharedWorld):
    election: Election
    mine: Candidacy  # region A's, awaiting review
    theirs: Candidacy  # region B's, accepted
    round: Round


NOW = at(GA_DAY, 12)


@pytest.fixture
def world(time_machine) -> World:  # type: ignore[no-untyped-def]
    time_machine.move_to(NOW)
    return build_world()


def build_world() -> World:
    vote = election(
        kinds=(Position.Kind.PRESIDENT, Position.Kind.BUREAU), online=True, talliers=True
    )
    region_a, region_b = full_member(name="Region Alpha"), full_member(name="Region Beta")
    mine = nominate(
        vote,
        member=region_a,
        first_name="Alma",
        last_name="Mine",
        today=GA_DAY.replace(day=1, month=9),
    )
    theirs = nominate(
        vote,
        member=region_b,
        accept=True,
        first_name="Bruno",
        last_name="Theirs",
        today=GA_DAY.replace(day=1, month=9),
    )
    nominate(
        vote,
        accept=True,
        first_name="Carla",
        last_name="Third",
        today=GA_DAY.replace(day=1, month=9),
    )
    vote.portfolio.save("portfolio.pdf", ContentFile(pdf_bytes()), save=False)
    vote.portfolio_sent_on = GA_DAY.replace(day=1)
    vote.save()
    round_ = round_open(
        position=vote.positions.get(kind=Position.Kind.PRESIDENT),
        method=Round.Method.ONLINE,
        actor=staff_user(),
        now=at(GA_DAY, 11),
    )
    users = people(region_a, region_b, officer_a=officer(region_a), officer_b=officer(region_b))
    users["committee"] = committee_member()
    return World(region_a, region_b, users, vote, mine, theirs, round_)


PUBLIC = dict.fromkeys(ROLES, 200)
LOGGED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
COMMITTEE_GET = {
    "anonymous": 302,
    "region A": 403,
    "region B": 403,
    "board member": 403,
    "staff": 200,
    "committee": 200,
}
COMMITTEE_POST = {
    "anonymous": 302,
    "region A": 403,
    "region B": 403,
    "board member": 403,
    "staff": 302,
    "committee": 302,
}

GETS: list[tuple[str, object, dict[str, int]]] = [
    ("elections:list", lambda w: [], PUBLIC),
    ("elections:receipt_check", lambda w: [], PUBLIC),
    ("elections:detail", lambda w: [w.election.pk], PUBLIC),
    ("elections:results", lambda w: [w.election.pk], PUBLIC),
    ("elections:candidacy_list", lambda w: [w.election.pk], LOGGED_IN),
    (
        "elections:candidacy_new",
        lambda w: [w.election.pk],
        {**LOGGED_IN, "board member": 403, "committee": 403},
    ),
    ("elections:portfolio", lambda w: [w.election.pk], {**LOGGED_IN}),
    (
        "elections:candidacy_file",
        lambda w: [w.mine.pk, "letter"],
        {
            "anonymous": 302,
            "region A": 200,
            "region B": 403,
            "board member": 403,
            "staff": 200,
            "committee": 200,
        },
    ),
    ("elections:candidacy_file", lambda w: [w.theirs.pk, "cv"], LOGGED_IN),
    ("elections:desk", lambda w: [w.election.pk], COMMITTEE_GET),
    ("elections:vote", lambda w: [w.round.pk], LOGGED_IN),
    (
        "elections:turnout",
        lambda w: [w.round.pk],
        {
            "anonymous": 302,
            "region A": 403,
            "region B": 403,
            "board member": 200,
            "staff": 200,
            "committee": 200,
        },
    ),
]


POSTS: list[tuple[str, object, dict[str, int]]] = [
    ("elections:candidacy_review", lambda w: [w.mine.pk], COMMITTEE_POST),
    (
        "elections:talliers",
        lambda w: [w.election.pk],
        {**COMMITTEE_POST, "staff": 400, "committee": 400},
    ),
    ("elections:portfolio_send", lambda w: [w.election.pk], COMMITTEE_POST),
    # On election day the announcement is late: the desk asks to confirm art. 15.4 (409).
    (
        "elections:announce",
        lambda w: [w.election.pk],
        {**COMMITTEE_POST, "staff": 409, "committee": 409},
    ),
    ("elections:results_publish", lambda w: [w.election.pk], COMMITTEE_POST),
    # The Committee first sees the turnout and confirms (200), then the round closes.
    (
        "elections:round_close",
        lambda w: [w.round.pk],
        {**COMMITTEE_POST, "staff": 200, "committee": 200},
    ),
    (
        "elections:round_open",
        lambda w: [w.election.positions.get(kind="president").pk],
        {**COMMITTEE_POST, "staff": 400, "committee": 400},
    ),
    (
        "elections:round_counts",
        lambda w: [w.round.pk],
        {**COMMITTEE_POST, "staff": 400, "committee": 400},
    ),
    (
        "elections:round_tie",
        lambda w: [w.round.pk],
        {**COMMITTEE_POST, "staff": 400, "committee": 400},
    ),
    (
        "elections:bureau_ratify",
        lambda w: [w.election.positions.get(kind="bureau").pk],
        {**COMMITTEE_POST, "staff": 400, "committee": 400},
    ),
    (
        "elections:candidacy_withdraw",
        lambda w: [w.mine.pk],
        {
            "anonymous": 302,
            "region A": 302,
            "region B": 403,
            "board member": 403,
            "staff": 302,
            "committee": 403,
        },
    ),
]


class TestWhoGetsWhat:
    """Each test reads one status (an action's writes are undone after its test), so the class
    builds the world once."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:  # type: ignore[no-untyped-def]
        media = tmp_path_factory.mktemp("media")
        with built_once(django_db_blocker, media_root=media, now=NOW):
            yield build_world()

    @pytest.fixture
    def _media_in_tmp(self) -> None:
        """The world's files stay where the class stored them."""

    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize(
        ("name", "args", "expected"), GETS, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(GETS)]
    )
    def test_every_page_answers_each_role_as_it_should(
        self, world: World, role: str, name: str, args, expected
    ) -> None:  # type: ignore[no-untyped-def]
        response = world.client(role).get(reverse(name, args=args(world)))  # type: ignore[operator]
        assert response.status_code == expected[role]
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/")

    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize(("name", "args", "expected"), POSTS, ids=[n for n, _, _ in POSTS])
    def test_every_action_is_refused_to_those_who_may_not_take_it(
        self, world: World, role: str, name: str, args, expected
    ) -> None:  # type: ignore[no-untyped-def]
        response = world.client(role).post(reverse(name, args=args(world)), {})  # type: ignore[operator]
        assert response.status_code == expected[role]
        if role == "anonymous":
            assert response["Location"].startswith("/accounts/login/")


def test_a_region_sees_its_own_candidacies_and_the_others_accepted_ones(world: World) -> None:
    a = (
        world.client("region A")
        .get(reverse("elections:candidacy_list", args=[world.election.pk]))
        .content.decode()
    )
    b = (
        world.client("region B")
        .get(reverse("elections:candidacy_list", args=[world.election.pk]))
        .content.decode()
    )
    staff = (
        world.client("staff")
        .get(reverse("elections:candidacy_list", args=[world.election.pk]))
        .content.decode()
    )
    assert "Alma Mine" in a and "Bruno Theirs" in a
    assert "Alma Mine" not in b and "Bruno Theirs" in b
    assert "Alma Mine" in staff and "Record the decision" in staff
    assert "Record the decision" not in a
    assert "Eligible: all the rules are met" in a


def test_the_board_sees_the_turnout_live_but_no_counts(world: World) -> None:
    response = world.client("board member").get(
        reverse("elections:detail", args=[world.election.pk])
    )
    content = response.content.decode()
    assert (
        "Turnout: 0 of" in content and "The counts are known only when the round closes." in content
    )
    region = world.client("region A").get(reverse("elections:detail", args=[world.election.pk]))
    assert "Turnout:" not in region.content.decode()
    results = world.client("anonymous").get(reverse("elections:results", args=[world.election.pk]))
    assert "Voting is in progress" in results.content.decode()


def test_a_draft_election_is_only_for_staff(world: World) -> None:
    world.election.is_published = False
    world.election.save()
    url = reverse("elections:detail", args=[world.election.pk])
    assert world.client("region A").get(url).status_code == 404
    assert world.client("anonymous").get(url).status_code == 404
    assert world.client("staff").get(url).status_code == 200
