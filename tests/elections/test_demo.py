"""The demo shows an election with candidacies open and a past one with results."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from aer_portal.rules.bodies import Body as BodyKind
from elections.demo import PAST_TITLE, UPCOMING_TITLE
from elections.models import Ballot, Candidacy, Election, Position, Round, RoundCandidate
from governance.models import Mandate
from members.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _counts() -> dict[str, int]:
    models = (Election, Position, Candidacy, Round, RoundCandidate, Ballot, Mandate)
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_has_an_open_election_and_a_past_one_with_results() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    today = timezone.localdate()
    upcoming = Election.objects.get(title=UPCOMING_TITLE)
    assert upcoming.is_published and today <= upcoming.timeline.candidacies_due
    assert upcoming.candidacies.count() == 3
    past = Election.objects.get(title=PAST_TITLE)
    assert past.results_published_on is not None and past.election_day < today
    assert Round.objects.filter(position__election=past, number=2).exists()  # a second round
    committee = Mandate.objects.filter(
        seat__body__kind=BodyKind.ELECTION_COMMITTEE, candidacy__election=past
    )
    assert committee.count() == 3
    assert all(m.starts_on <= today <= m.ends_on for m in committee)  # type: ignore[operator]

    # The officer of Västra Götaland can nominate the region's councillor.
    officer = User.objects.get(email="officer@demo.aer.eu")
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("elections:candidacy_new", args=[upcoming.pk]))
    assert page.status_code == 200 and "Karin Wallström" in page.content.decode()
    results = Client().get(reverse("elections:results", args=[past.pk])).content.decode()
    assert "Election Committee" in results and "consecutive term 1" in results

    before = _counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == before
