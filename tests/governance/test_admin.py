"""The secretariat's admin pages for meetings answer, and ballots have none."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from governance.models import VoteBallot
from tests.factories import staff_user, with_totp
from tests.governance.world import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path) -> World:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.mark.parametrize(
    "model", ["meeting", "motion", "votecast", "generalassemblyproposal", "meetingmailing"]
)
def test_admin_lists_answer(world: World, model: str) -> None:
    client = Client()
    client.force_login(with_totp(staff_user(is_superuser=True)))
    assert client.get(reverse(f"admin:governance_{model}_changelist")).status_code == 200


def test_a_meeting_in_the_admin_links_to_its_page(world: World) -> None:
    client = Client()
    client.force_login(with_totp(staff_user(is_superuser=True)))
    page = client.get(reverse("admin:governance_meeting_change", args=[world.board_meeting.pk]))
    assert reverse("governance:meeting_detail", args=[world.board_meeting.pk]) in (
        page.content.decode()
    )


def test_nobody_browses_ballots_in_the_admin() -> None:
    assert VoteBallot not in admin.site._registry
