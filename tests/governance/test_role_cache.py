"""The pages' roles come from the cache until something they are made of changes (issue 19).

``request.portal`` cost two queries on every page (the account's mandates and accesses): with
200 delegates voting at once, a quarter of an empty page. The test settings turn the cache off
(PORTAL_ROLES_CACHE_SECONDS = 0: the pages' query counts name the two queries); these tests
turn it on as production has it.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from governance.selectors.roles import page_roles
from members.models import PortalAccess
from tests.factories import MandateFactory, PersonFactory, UserFactory, member_officer
from tests.world import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("roles_cached")]


@pytest.fixture
def roles_cached():  # type: ignore[no-untyped-def]
    cache.clear()
    with override_settings(PORTAL_ROLES_CACHE_SECONDS=60):
        yield
    cache.clear()


def test_a_page_after_the_first_asks_no_roles(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = client_for(member_officer(user=UserFactory(person=PersonFactory())))
    url = reverse("elections:secrecy")
    # session, user, (roles:) mandates, accesses
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    # session, user: the roles from the cache
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200


def test_a_withdrawn_access_shows_on_the_next_page() -> None:
    user = member_officer()
    today = timezone.localdate()
    assert page_roles(user=user, on=today).is_member_user
    assert page_roles(user=user, on=today).is_member_user  # cached
    PortalAccess.objects.filter(user=user).delete()
    assert not page_roles(user=user, on=today).is_member_user


def test_a_new_board_seat_shows_on_the_next_page_and_asks_two_factor() -> None:
    user = UserFactory(person=PersonFactory())
    today = timezone.localdate()
    assert not page_roles(user=user, on=today).requires_two_factor
    MandateFactory(person=user.person)  # an Executive Board seat
    assert page_roles(user=user, on=today).is_board_member
    client = client_for(user)
    assert client.get(reverse("elections:secrecy")).status_code == 302  # to set up two-factor


def test_a_mandate_ending_shows_the_next_day_and_on_change(time_machine) -> None:  # type: ignore[no-untyped-def]
    mandate = MandateFactory()
    user = UserFactory(person=mandate.person)
    today = timezone.localdate()
    assert page_roles(user=user, on=today).is_board_member
    mandate.ends_on = today
    mandate.save()
    assert page_roles(user=user, on=today).is_board_member
    assert not page_roles(user=user, on=today.replace(year=today.year + 1)).is_board_member
    mandate.delete()
    assert not page_roles(user=user, on=today).is_board_member


def test_staff_and_inactive_come_from_the_account_itself() -> None:
    user = member_officer()
    today = timezone.localdate()
    assert not page_roles(user=user, on=today).is_staff
    user.is_staff = True
    assert page_roles(user=user, on=today).is_staff
    user.is_active = False
    assert not page_roles(user=user, on=today).is_member_user


def test_the_navigation_is_rendered_once_per_role_and_language() -> None:
    """The navigation's links and their words were rendered on every page; now once per
    process for each combination of the roles it shows and the language ("fragments" cache)."""
    from unittest import mock

    import django.urls
    from django.core.cache import caches

    from tests.factories import staff_user, with_totp

    def links(page: str) -> str:
        start = page.index('<ul class="navbar-nav')
        return page[start : page.index("</ul>", start)]

    caches["fragments"].clear()
    officer = client_for(member_officer())
    url = reverse("elections:secrecy")
    with mock.patch.object(django.urls, "reverse", wraps=django.urls.reverse) as reverse_:
        first = officer.get(url).content.decode()
        on_first = reverse_.call_count
        again = officer.get(url).content.decode()
        on_again = reverse_.call_count - on_first
    assert on_again <= on_first - 8  # the navigation's links are not reversed again
    assert links(first) == links(again)
    assert "My region" in links(again) and ">Admin<" not in links(again)
    staff = links(client_for(with_totp(staff_user())).get(url).content.decode())
    assert ">Admin<" in staff and "My region" not in staff  # another role: its own links
    french = links(officer.get(url, headers={"accept-language": "fr"}).content.decode())
    assert "My region" not in french and reverse("members:my_region") in french


def test_two_factor_is_asked_once_then_again_when_the_authenticator_goes(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    """The two-factor rule asked allauth on every page of staff and Board members (a query,
    about 1 ms of an admin page); removing the authenticator shows on the next page."""
    from allauth.mfa.models import Authenticator

    user = UserFactory(is_staff=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client = client_for(user)
    url = reverse("elections:secrecy")
    # session, user, (roles, no person so no mandates:) accesses, (two-factor:) authenticators
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    # session, user: the roles and the two-factor answer from the cache
    with django_assert_num_queries(2):
        assert client.get(url).status_code == 200
    Authenticator.objects.filter(user=user).delete()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
