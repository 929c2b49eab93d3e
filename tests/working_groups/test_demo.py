"""The demo shows the working-group process at each step, for each demo login."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from members.models import User
from tests.factories import with_totp
from working_groups.models import (
    GroupMembership,
    ProposalSupport,
    WorkingGroup,
    WorkingGroupProposal,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts() -> tuple[int, ...]:
    return (
        WorkingGroupProposal.objects.count(),
        ProposalSupport.objects.count(),
        WorkingGroup.objects.count(),
        GroupMembership.objects.count(),
    )


def test_the_demo_has_a_draft_a_proposal_under_review_and_a_group() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    before = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == before  # idempotent

    draft = WorkingGroupProposal.objects.get(lead_region__name="Västra Götaland Region")
    assert draft.status == "draft"
    assert draft.supports.filter(status="confirmed").count() == 2
    assert WorkingGroupProposal.objects.get(status="submitted").board_meeting is not None

    officer = Client()
    officer.force_login(User.objects.get(email="officer@demo.aer.eu"))
    page = officer.get(reverse("working_groups:proposal", args=[draft.pk])).content.decode()
    assert "1 more supporting region must confirm." in page

    board = Client()
    board.force_login(with_totp(User.objects.get(email="board@demo.aer.eu")))
    dashboard = board.get(reverse("dashboard")).content.decode()
    assert "Awaiting your review" in dashboard
    assert "Telemedicine in sparsely populated regions" in dashboard

    group = WorkingGroup.objects.get()
    public = Client().get(reverse("working_groups:group", args=[group.slug])).content.decode()
    assert "Catalonia" in public and "since" in public  # the Chair
    assert public.count('class="wg-member"') == 7
