"""Refusals and missing pages answer with the portal's own pages, never a dead end."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.factories import member_officer

pytestmark = pytest.mark.django_db


def test_a_refused_page_keeps_the_navigation_and_offers_a_way_on(client: Client) -> None:
    client.force_login(member_officer())
    response = client.get(reverse("fees:calls"))
    assert response.status_code == 403
    content = response.content.decode()
    assert "<nav" in content and "This page is not open to you" in content
    assert reverse("dashboard") in content


def test_a_missing_page_is_the_portal_page_not_a_list_of_url_patterns(client: Client) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "There is no such page" in content and "<nav" in content
    assert "URLconf" not in content


def test_the_language_switch_after_a_post_does_not_return_to_the_post_only_address(
    rf: RequestFactory,
) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.post("/fees/calls/2027/issue/")
    request.user = AnonymousUser()
    html = render_to_string("404.html", request=request)
    assert 'name="next" type="hidden" value="/"' in html
    assert "/fees/calls/2027/issue/" not in html
