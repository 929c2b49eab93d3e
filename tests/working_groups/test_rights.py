"""Every page of the working-group process, asked by each role: who gets what.

Roles: an anonymous visitor, the lead region's officer, an invited region's officer, another
region's officer, an Executive Board member and the secretariat (both with two-factor).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.urls import reverse

from tests.working_groups.conftest import ROLES, World, build_world
from tests.world import built_once, client_for
from working_groups.models import GroupMembership, ProposalSupport, ReviewComment, ReviewVote

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
URL = Callable[[World], str]


def _group(name: str) -> URL:
    return lambda w: reverse(f"working_groups:{name}", args=[w.group.slug])


def _draft(name: str) -> URL:
    return lambda w: reverse(f"working_groups:{name}", args=[w.draft.proposal.pk])


def _submitted(name: str) -> URL:
    return lambda w: reverse(f"working_groups:{name}", args=[w.submitted.proposal.pk])


#: page → status per role, in the order of ROLES (anonymous, region A leading the proposals, the
#: invited region, region B, Board member, staff).
GET_PAGES: list[tuple[str, URL, tuple[int, ...]]] = [
    ("list", lambda w: reverse("working_groups:list"), (200, 200, 200, 200, 200, 200)),
    ("group page", _group("group"), (200, 200, 200, 200, 200, 200)),
    ("proposals", lambda w: reverse("working_groups:proposals"), (302, 200, 200, 200, 200, 200)),
    (
        "new proposal",
        lambda w: reverse("working_groups:proposal_new"),
        (302, 200, 200, 200, 403, 403),
    ),
    ("draft", _draft("proposal"), (302, 200, 200, 404, 404, 200)),
    ("draft: edit", _draft("proposal_edit"), (302, 200, 403, 404, 404, 403)),
    ("under review", _submitted("proposal"), (302, 200, 200, 404, 200, 200)),
    ("under review: edit", _submitted("proposal_edit"), (302, 403, 403, 404, 403, 403)),
    ("under review: decision", _submitted("proposal_decide"), (302, 403, 403, 404, 403, 200)),
    (
        "review queue",
        lambda w: reverse("working_groups:review_queue"),
        (302, 403, 403, 403, 200, 200),
    ),
    ("group: chair", _group("group_chair"), (302, 403, 403, 403, 403, 200)),
    ("group: seconded officer", _group("group_seconded_officer"), (302, 200, 403, 403, 403, 200)),
    ("group: meeting", _group("group_meeting_add"), (302, 200, 403, 403, 403, 200)),
    ("group: activity", _group("group_activity_add"), (302, 200, 403, 403, 403, 200)),
    ("group: dissolve", _group("group_dissolve"), (302, 403, 403, 403, 403, 200)),
]


class TestWhoOpensWhat:
    """These tests only read pages, so the class builds the world once."""

    @pytest.fixture(scope="class")
    @classmethod
    def world(cls, django_db_setup, django_db_blocker) -> Iterator[World]:  # type: ignore[no-untyped-def]
        with built_once(django_db_blocker):
            yield build_world()

    @pytest.mark.parametrize(("page", "url", "statuses"), GET_PAGES, ids=[p[0] for p in GET_PAGES])
    def test_who_may_open_each_page(
        self, world: World, page: str, url: URL, statuses: tuple[int, ...]
    ) -> None:
        answers = {}
        for role in ROLES:
            response = client_for(world.user(role)).get(url(world))
            answers[role] = response.status_code
            if response.status_code == 302:
                assert response["Location"].startswith(LOGIN), (role, response["Location"])
        assert answers == dict(zip(ROLES, statuses, strict=True))

    @pytest.mark.parametrize(
        ("role", "status", "location"),
        [
            ("anonymous", 302, "group"),
            ("region A", 200, ""),
            ("invited", 302, "group"),
            ("region B", 302, "group"),
            ("board member", 200, ""),
            ("staff", 200, ""),
        ],
    )
    def test_an_approved_proposal_is_published_as_its_groups_page(
        self, world: World, role: str, status: int, location: str
    ) -> None:
        url = reverse("working_groups:proposal", args=[world.approved.proposal.pk])
        response = client_for(world.user(role)).get(url)
        assert response.status_code == status
        if location:
            assert response["Location"] == reverse("working_groups:group", args=[world.group.slug])


def _post(world: World, role: str, url: str, data: dict[str, object]) -> int:
    return client_for(world.user(role)).post(url, data).status_code


@pytest.mark.parametrize(
    ("role", "status", "invited"),
    [
        ("anonymous", 302, False),
        ("region A", 302, True),
        ("invited", 403, False),
        ("region B", 404, False),
        ("board member", 404, False),
        ("staff", 403, False),
    ],
)
def test_only_the_lead_region_invites(world: World, role: str, status: int, invited: bool) -> None:
    url = reverse("working_groups:proposal_invite", args=[world.draft.proposal.pk])
    assert _post(world, role, url, {"region": world.other.pk}) == status
    assert (
        ProposalSupport.objects.filter(proposal=world.draft.proposal, region=world.other).exists()
        is invited
    )


@pytest.mark.parametrize(
    ("role", "status", "answered"),
    [
        ("anonymous", 302, False),
        ("region A", 403, False),
        ("invited", 302, True),
        ("region B", 404, False),
        ("board member", 404, False),
        ("staff", 403, False),
    ],
)
def test_only_the_invited_region_answers(
    world: World, role: str, status: int, answered: bool
) -> None:
    url = reverse("working_groups:proposal_answer", args=[world.draft.proposal.pk])
    assert _post(world, role, url, {"region": world.invited.pk, "answer": "confirm"}) == status
    support = ProposalSupport.objects.get(proposal=world.draft.proposal, region=world.invited)
    assert (support.status == ProposalSupport.Status.CONFIRMED) is answered


@pytest.mark.parametrize(
    ("role", "status", "suggested"),
    [
        ("anonymous", 302, False),
        ("region A", 403, False),
        ("invited", 403, False),
        ("region B", 404, False),
        ("board member", 404, False),
        ("staff", 302, True),
    ],
)
def test_only_the_secretariat_suggests(
    world: World, role: str, status: int, suggested: bool
) -> None:
    url = reverse("working_groups:proposal_suggest", args=[world.draft.proposal.pk])
    assert (
        _post(world, role, url, {"region": world.other.pk, "note": "Hydrogen strategy"}) == status
    )
    assert (
        ProposalSupport.objects.filter(region=world.other, status="suggested").exists() is suggested
    )


@pytest.mark.parametrize(
    ("role", "status", "voted"),
    [
        ("anonymous", 302, False),
        ("region A", 403, False),
        ("invited", 403, False),
        ("region B", 404, False),
        ("board member", 302, True),
        ("staff", 403, False),
    ],
)
def test_only_board_members_vote(world: World, role: str, status: int, voted: bool) -> None:
    url = reverse("working_groups:proposal_vote", args=[world.submitted.proposal.pk])
    assert _post(world, role, url, {"choice": "approve", "seen": ""}) == status
    assert ReviewVote.objects.filter(proposal=world.submitted.proposal).exists() is voted


@pytest.mark.parametrize(
    ("role", "status", "commented"),
    [
        ("anonymous", 302, False),
        ("region A", 403, False),
        ("invited", 403, False),
        ("region B", 404, False),
        ("board member", 302, True),
        ("staff", 302, True),
    ],
)
def test_only_the_board_and_the_secretariat_comment(
    world: World, role: str, status: int, commented: bool
) -> None:
    url = reverse("working_groups:proposal_comment", args=[world.submitted.proposal.pk])
    assert _post(world, role, url, {"text": "A fine idea."}) == status
    assert ReviewComment.objects.filter(proposal=world.submitted.proposal).exists() is commented


@pytest.mark.parametrize(
    ("role", "status", "member"),
    [
        ("anonymous", 302, False),
        ("region A", 302, False),  # its own region is not the one posted: refused, nothing joins
        ("invited", 302, False),
        ("region B", 302, True),
        ("board member", 403, False),
        ("staff", 403, False),
    ],
)
def test_a_region_joins_only_as_itself(world: World, role: str, status: int, member: bool) -> None:
    url = reverse("working_groups:group_join", args=[world.group.slug])
    assert _post(world, role, url, {"region": world.other.pk}) == status
    joined = GroupMembership.objects.filter(group=world.group, region=world.other, left_on=None)
    assert joined.exists() is member


@pytest.mark.parametrize("role", ["region A", "invited", "region B", "board member"])
def test_only_the_secretariat_records_the_decision(world: World, role: str) -> None:
    url = reverse("working_groups:proposal_decide", args=[world.submitted.proposal.pk])
    data = {
        "decided_on": "2026-01-01",
        "approve_votes": 3,
        "reject_votes": 0,
        "abstentions": 0,
        "reason": "Fine",
    }
    assert _post(world, role, url, data) in (403, 404)
    world.submitted.refresh()
    assert world.submitted.proposal.status == "submitted"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("region A", 400),  # its own draft, refused for want of a third supporter
        ("invited", 403),
        ("region B", 404),
        ("board member", 404),
        ("staff", 403),
    ],
)
def test_only_the_lead_region_submits(world: World, role: str, status: int) -> None:
    url = reverse("working_groups:proposal_submit", args=[world.draft.proposal.pk])
    assert _post(world, role, url, {}) == status
    world.draft.refresh()
    assert world.draft.proposal.status == "draft"


@pytest.mark.parametrize(
    ("role", "status", "left"),
    [
        ("anonymous", 302, False),
        ("region A", 302, True),
        ("invited", 302, False),
        ("region B", 302, False),
        ("board member", 403, False),
        ("staff", 403, False),
    ],
)
def test_a_region_leaves_only_as_itself(world: World, role: str, status: int, left: bool) -> None:
    url = reverse("working_groups:group_leave", args=[world.group.slug])
    assert _post(world, role, url, {"region": world.lead.pk}) == status
    still = GroupMembership.objects.filter(group=world.group, region=world.lead, left_on=None)
    assert still.exists() is not left


@pytest.mark.parametrize(
    "model", ["workinggroupproposal", "proposaldecision", "workinggroup", "groupactivity"]
)
def test_the_secretariat_reads_everything_in_the_admin(world: World, model: str) -> None:
    world.staff.is_superuser = True
    world.staff.save(update_fields=["is_superuser"])
    client = client_for(world.staff)
    assert client.get(reverse(f"admin:working_groups_{model}_changelist")).status_code == 200
    instance = {
        "workinggroupproposal": world.submitted.proposal,
        "proposaldecision": world.approved.proposal.decision,
        "workinggroup": world.group,
        "groupactivity": None,
    }[model]
    if instance is not None:
        change = reverse(f"admin:working_groups_{model}_change", args=[instance.pk])
        assert client.get(change).status_code == 200
