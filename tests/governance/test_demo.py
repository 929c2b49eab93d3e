"""The demo shows meetings for every role and loads twice without change."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from governance.models import Meeting, Motion
from members.models import User
from tests.factories import with_totp

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_meetings_show_on_the_dashboards() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    assert set(Meeting.objects.values_list("status", flat=True)) >= {"planned", "held"}
    assert Motion.objects.filter(status="closed").count() == 3
    board = with_totp(User.objects.get(email="board@demo.aer.eu"))
    client = Client()
    client.force_login(board)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Executive Board before the General Assembly" in content
    officer = User.objects.get(email="officer@demo.aer.eu")
    client.force_login(officer)
    content = client.get(reverse("dashboard")).content.decode()
    assert "General Assembly" in content and "Proposals to the General Assembly" in content
    staff = with_totp(User.objects.get(email="staff@demo.aer.eu"))
    client.force_login(staff)
    content = client.get(reverse("dashboard")).content.decode()
    assert "Invitation and draft agenda: Executive Board before the General Assembly" in content
    assert "due in 4 days" in content
    held = Meeting.objects.get(title="Executive Board, last meeting")
    page = client.get(reverse("governance:meeting_detail", args=[held.pk])).content.decode()
    assert "Set up a Task Force" in page and "casting vote of the President: for" in page


def test_the_demo_meetings_load_once() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    before = Meeting.objects.count()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Meeting.objects.count() == before
