"""The secretariat sets elections up in the admin and reads the rest there, never the ballots."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from aer_portal.rules.bodies import Body as BodyKind
from elections.models import Election, Position
from governance.models import Meeting
from tests.elections.factories import BEFORE_DEADLINE, at, election, general_assembly, nominate
from tests.factories import BodyFactory, UserFactory, with_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(with_totp(UserFactory(is_staff=True, is_superuser=True)))
    return client


def test_the_admin_lists_elections_candidacies_and_rounds(admin_client: Client) -> None:
    vote = election()
    nominate(vote, today=BEFORE_DEADLINE)
    for name in ("election", "candidacy", "round"):
        response = admin_client.get(reverse(f"admin:elections_{name}_changelist"))
        assert response.status_code == 200, name
    page = admin_client.get(reverse("admin:elections_election_change", args=[vote.pk]))
    assert page.status_code == 200 and reverse("elections:desk", args=[vote.pk]) in (
        admin_client.get(reverse("admin:elections_election_changelist")).content.decode()
    )
    for name in ("ballot", "roundvoter", "ballotbox"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:elections_{name}_changelist")


def test_staff_set_up_an_election_at_a_general_assembly_only(admin_client: Client) -> None:
    assembly = general_assembly()
    board = Meeting.objects.create(
        body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD),
        title="Board",
        starts_at=at(BEFORE_DEADLINE),
    )
    data = {
        "title": "Elections 2026",
        "is_published": "on",
        "tallier_one": "",
        "tallier_two": "",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-0-kind": "president",
        "positions-0-seats": "1",
        "positions-0-order": "0",
    }
    refused = admin_client.post(
        reverse("admin:elections_election_add"), {**data, "meeting": board.pk}
    )
    assert refused.status_code == 200 and not Election.objects.exists()
    created = admin_client.post(
        reverse("admin:elections_election_add"), {**data, "meeting": assembly.pk}
    )
    assert created.status_code == 302
    election_ = Election.objects.get()
    assert Position.objects.get(election=election_).kind == Position.Kind.PRESIDENT
    assert election_.history.count() == 1


def test_the_models_check_the_meeting_and_the_by_election_s_term() -> None:
    board = Meeting.objects.create(
        body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD),
        title="Board",
        starts_at=at(BEFORE_DEADLINE),
    )
    with pytest.raises(ValidationError, match="Elections take place at a General Assembly"):
        Election(meeting=board, title="Wrong").full_clean()
    position = election().positions.get()
    position.by_election = True
    with pytest.raises(ValidationError, match="A by-election's mandate ends"):
        position.full_clean()
    position.by_election, position.seats = False, 2
    with pytest.raises(ValidationError, match="The General Assembly elects one President"):
        position.full_clean()
