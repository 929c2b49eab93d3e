"""The public home, the dashboard, the language switch and the health check."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from tests.factories import MemberFactory, board_member, member_officer, staff_user, with_totp

pytestmark = pytest.mark.django_db


def test_healthz_answers_200_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["database"] == {"status": "up"}


@pytest.mark.allow_error_logs  # Django logs every 5xx answer.
def test_healthz_answers_503_when_the_database_does_not(client: Client) -> None:
    with mock.patch("aer_portal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_home_is_accessible_and_public(client: Client) -> None:
    content = client.get("/").content.decode()
    assert '<html lang="en">' in content
    assert 'href="#main"' in content and 'id="main"' in content
    assert "<header" in content and "<footer" in content and "<nav" in content
    # The addresses the page loads its scripts, styles and images from (not its random CSRF
    # token, which may spell "cdn"): all the portal's own.
    assets = re.findall(r'<(?:script|link|img)\b[^>]*?(?:src|href)="([^"]*)"', content)
    assert assets and not any("cdn" in url.lower() or "//" in url for url in assets), assets


@pytest.mark.parametrize("other_regions", [0, 12])
def test_dashboard_shows_the_name_and_region_in_a_constant_number_of_queries(
    client: Client,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
    other_regions: int,
) -> None:
    for _ in range(other_regions):
        member_officer()
    member = MemberFactory(name="Județul Dâmbovița", native_name="Județul Dâmbovița")
    user = member_officer(member=member, user__full_name="Ioana Popescu")
    client.force_login(user)
    # session, user, accesses (no person: no Board check), then each app's panel.
    with django_assert_num_queries(13):
        response = client.get(reverse("dashboard"))
    content = response.content.decode()
    assert "Ioana Popescu" in content and "Județul Dâmbovița" in content
    assert reverse("admin:index") not in content


def test_board_dashboard_takes_one_query_more_for_the_board_check(
    client: Client,
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    user = with_totp(board_member())
    client.force_login(user)
    # session, user, Board check, accesses, two-factor check, then each app's panel (the
    # applications awaiting a Board decision among them, with the member's votes: one; the
    # Treasurer and Election Committee questions are the request's roles, no query of their
    # own).
    with django_assert_num_queries(10):
        response = client.get(reverse("dashboard"))
    assert "Member of the Executive Board" in response.content.decode()


def test_staff_dashboard_links_to_the_admin(client: Client) -> None:
    client.force_login(with_totp(staff_user(full_name="Sam Staff")))
    content = client.get(reverse("dashboard")).content.decode()
    assert reverse("admin:index") in content


def test_the_language_switch_turns_the_portal_french(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"}, follow=True)
    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert "Se connecter" in content
