"""Login, invitation, password reset, rate limits and the two-factor rule."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from members.models import PortalAccess, User
from members.services.accounts import account_invite
from tests.factories import (
    PASSWORD,
    MemberFactory,
    UserFactory,
    board_member,
    member_officer,
    staff_user,
    with_totp,
)

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def login(client: Client, email: str, password: str = PASSWORD) -> object:
    return client.post(LOGIN, {"login": email, "password": password})


def test_member_officer_logs_in_and_lands_on_the_dashboard(client: Client) -> None:
    user = member_officer()
    response = login(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    assert user.accesses.get().member.name in page.content.decode()


def test_wrong_password_is_refused_with_a_clear_message(client: Client) -> None:
    user = member_officer()
    response = login(client, user.email, "not-the-password")
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_unknown_email_is_refused_with_the_same_message(client: Client) -> None:
    response = login(client, "nobody@example.org")
    assert response.status_code == 200
    assert "are not correct" in response.content.decode()


def test_wrong_password_message_comes_in_french(client: Client) -> None:
    member_officer(user__email="fr@example.org")
    client.cookies["django_language"] = "fr"
    response = login(client, "fr@example.org", "nope-nope-nope")
    assert "le mot de passe sont incorrects" in response.content.decode()


def test_login_form_with_missing_fields_names_them(client: Client) -> None:
    response = client.post(LOGIN, {"login": "", "password": ""})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"login", "password"}


def test_ten_failed_logins_in_a_minute_lock_the_address_out(client: Client) -> None:
    user = member_officer()
    for attempt in range(10):
        other = UserFactory()  # different keys, same address: the per-address limit applies
        login(client, other.email, f"wrong-{attempt}")
    response = login(client, user.email)  # even the right password is refused now
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_nobody_can_sign_up(client: Client) -> None:
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "a-Long-pass-1", "password2": "a-Long-pass-1"},
    )
    assert "Sign Up Closed" in response.content.decode() or response.status_code == 404
    assert not User.objects.filter(email="new@example.org").exists()


def _invitation_link() -> str:
    (message,) = mail.outbox
    match = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_an_invited_person_sets_a_password_once_and_is_logged_in(
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    member = MemberFactory(name="Västra Götaland Region")
    with django_capture_on_commit_callbacks(execute=True):
        user = account_invite(
            email="Nina@Example.org",
            full_name="Nina Beridze",
            member=member,
            invited_by=None,
            base_url="http://testserver/",
        )
    assert user.email == "nina@example.org"
    assert not user.has_usable_password()
    assert PortalAccess.objects.filter(user=user, member=member).exists()
    link = _invitation_link()
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    response = client.post(
        form_url, {"password1": "Strasbourg-1985-x", "password2": "Strasbourg-1985-x"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Strasbourg-1985-x")
    # The link works once.
    client.logout()
    again = client.get(link, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_an_invited_staff_member_reaches_two_factor_set_up_without_a_shell(
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    """Accepting the invitation proves the address: two-factor set-up must not refuse it."""
    with django_capture_on_commit_callbacks(execute=True):
        user = account_invite(
            email="aoife.puig@aer.eu",
            full_name="Aoife Puig",
            is_staff=True,
            invited_by=None,
            base_url="http://testserver/",
        )
    link = _invitation_link()
    page = client.get(link, follow=True)
    assert "Choose your password" in page.content.decode()
    assert "Change Password" not in page.content.decode()
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    client.post(form_url, {"password1": "Strasbourg-1985-x", "password2": "Strasbourg-1985-x"})
    login(client, user.email, "Strasbourg-1985-x")
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    content = response.content.decode()
    assert "verified your email" not in content
    assert response.redirect_chain == []
    assert 'name="code"' in content


def test_the_login_page_does_not_invite_to_a_closed_sign_up(client: Client) -> None:
    content = client.get(reverse("account_login")).content.decode()
    assert "sign up" not in content.lower()
    assert reverse("account_signup") not in content


def test_an_expired_invitation_link_is_refused(
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        account_invite(
            email="late@example.org",
            full_name="Late Person",
            member=MemberFactory(),
            invited_by=None,
            base_url="http://testserver/",
        )
    link = _invitation_link()
    with time_machine.travel("2099-01-01"):
        page = client.get(link, follow=True)
    assert "This link no longer works" in page.content.decode()


def test_inviting_an_existing_address_names_the_field_and_creates_nothing() -> None:
    from aer_portal.errors import DomainError

    UserFactory(email="taken@example.org")
    with pytest.raises(
        DomainError, match=r"^An account with the address taken@example\.org exists"
    ):
        account_invite(
            email="TAKEN@example.org",
            full_name="Twice",
            member=MemberFactory(),
            invited_by=None,
            base_url="http://testserver/",
        )
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1
    assert not mail.outbox


def test_staff_invite_a_person_from_the_admin(
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    staff = with_totp(UserFactory(is_staff=True, is_superuser=True))
    client.force_login(staff)
    member = MemberFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/members/user/add/",
            {
                "email": "officer@example.org",
                "full_name": "Ana Officer",
                "member": member.pk,
                "role": "officer",
            },
        )
    assert response.status_code == 302
    assert User.objects.get(email="officer@example.org").accesses.get().member == member
    assert len(mail.outbox) == 1


def test_admin_invite_form_keeps_what_was_typed_when_refused(client: Client) -> None:
    client.force_login(with_totp(UserFactory(is_staff=True, is_superuser=True)))
    response = client.post(
        "/admin/members/user/add/", {"email": "kept@example.org", "full_name": "Kept Name"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="kept@example.org"' in content and 'value="Kept Name"' in content
    assert "Choose the member this person acts for" in content
    assert not User.objects.filter(email="kept@example.org").exists()


def test_password_reset_sends_a_link_that_changes_the_password(client: Client) -> None:
    user = member_officer()
    client.post("/accounts/password/reset/", {"email": user.email})
    link = _invitation_link()
    page = client.get(link, follow=True)
    form_url = page.redirect_chain[-1][0]
    client.post(form_url, {"password1": "Alba-Iulia-2026", "password2": "Alba-Iulia-2026"})
    user.refresh_from_db()
    assert user.check_password("Alba-Iulia-2026")


@pytest.mark.parametrize("make_user", [staff_user, board_member], ids=["staff", "board"])
def test_staff_and_board_without_two_factor_are_sent_to_set_it_up(
    client: Client, make_user
) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    login(client, user.email)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_two_factor_reach_their_pages(client: Client) -> None:
    user = with_totp(staff_user())
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200


def test_member_officers_are_not_forced_to_set_up_two_factor(client: Client) -> None:
    client.force_login(member_officer())
    assert client.get(reverse("dashboard")).status_code == 200


def test_admin_login_goes_through_allauth(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_an_invitation_links_the_account_to_the_persons_record(
    client: Client,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    from tests.factories import PersonFactory

    staff = with_totp(UserFactory(is_staff=True, is_superuser=True))
    client.force_login(staff)
    member = MemberFactory()
    chosen = PersonFactory(member=member, first_name="Aoife", last_name="Puig", email="a@x.eu")
    namesake = PersonFactory(first_name="Aoife", last_name="Puig", email="aoife@y.eu")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/members/user/add/",
            {
                "email": "aoife.work@x.eu",
                "full_name": "Aoife Puig",
                "member": member.pk,
                "role": "officer",
                "person": chosen.pk,
            },
        )
    assert response.status_code == 302
    assert User.objects.get(email="aoife.work@x.eu").person == chosen
    # Without a choice, the one record with the invited address is the account's.
    user = account_invite(
        email="AOIFE@y.eu", full_name="Aoife Puig", invited_by=staff, base_url="http://t/"
    )
    assert user.person == namesake
    refused = client.post(
        "/admin/members/user/add/",
        {
            "email": "third@x.eu",
            "full_name": "A P",
            "role": "officer",
            "is_staff": "on",
            "person": chosen.pk,
        },
    )
    assert "Aoife Puig has a portal account already." in refused.content.decode()


def test_the_admin_search_for_people_tells_namesakes_apart(client: Client) -> None:
    from members.models import ContactRole
    from tests.factories import PersonFactory

    client.force_login(with_totp(UserFactory(is_staff=True, is_superuser=True)))
    for region in ("Region of Murcia", "Dalarna"):
        person = PersonFactory(
            member=MemberFactory(name=region),
            first_name="Aoife",
            last_name="Puig",
            email=f"aoife@{region[:3].lower()}.eu",
        )
        ContactRole.objects.create(person=person, role=ContactRole.Role.BILLING)
    found = client.get(
        "/admin/autocomplete/",
        {"term": "Puig", "app_label": "members", "model_name": "user", "field_name": "person"},
    ).json()["results"]
    assert sorted(result["text"] for result in found) == [
        "Aoife Puig — Dalarna · aoife@dal.eu · Billing",
        "Aoife Puig — Region of Murcia · aoife@reg.eu · Billing",
    ]
