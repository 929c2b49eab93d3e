"""A region's contacts get a portal account: asked by its officers, decided by the secretariat."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from aer_portal.errors import DomainError
from members.access_requests import (
    access_request_approve,
    access_request_refuse,
    access_request_submit,
)
from members.models import AccessRequest, ContactRole, Member, Person, PortalAccess, User
from tests.factories import (
    MemberFactory,
    PersonFactory,
    PortalAccessFactory,
    member_officer,
    staff_user,
    with_totp,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


@pytest.fixture
def region() -> Member:
    return MemberFactory(name="Region of Murcia")


@pytest.fixture
def officer(region: Member) -> User:
    return member_officer(member=region)


@pytest.fixture
def contact(region: Member) -> Person:
    return PersonFactory(member=region, first_name="Aoife", last_name="Puig", email="aoife@m.es")


@pytest.fixture(autouse=True)
def limits(settings) -> None:  # type: ignore[no-untyped-def]
    settings.AER_OFFICER_GRANT_ROLES = ["delegate", "viewer"]
    settings.AER_OFFICER_GRANT_LIMIT = 3


def test_an_officer_gives_a_delegate_account_within_the_limits_linked_to_the_record(
    officer: User, contact: Person, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        asked = access_request_submit(person=contact, role="delegate", actor=officer, now=NOW)
    assert asked.status == AccessRequest.Status.GRANTED
    account = User.objects.get(email="aoife@m.es")
    assert account.person == contact and asked.account == account
    assert PortalAccess.objects.get(user=account).role == "delegate"
    (invitation,) = mail.outbox
    assert invitation.to == ["aoife@m.es"]


def test_an_officer_role_waits_for_the_secretariat_which_is_told(
    officer: User, contact: Person, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        asked = access_request_submit(person=contact, role="officer", actor=officer, now=NOW)
        again = access_request_submit(person=contact, role="officer", actor=officer, now=NOW)
    assert asked.status == AccessRequest.Status.PENDING and again.pk == asked.pk
    assert not User.objects.filter(email="aoife@m.es").exists()
    (notice,) = mail.outbox
    assert "Aoife Puig" in notice.subject and "/access-requests/" in notice.body


def test_past_the_limit_even_a_viewer_waits_for_the_secretariat(
    region: Member, officer: User, contact: Person
) -> None:
    for _ in range(2):
        PortalAccessFactory(member=region, role="viewer")
    asked = access_request_submit(person=contact, role="viewer", actor=officer, now=NOW)
    assert asked.status == AccessRequest.Status.PENDING


def test_another_regions_officer_and_a_contact_with_an_account_are_refused(
    officer: User, contact: Person
) -> None:
    stranger = member_officer(member=MemberFactory())
    with pytest.raises(DomainError, match="Only the region's international relations officers"):
        access_request_submit(person=contact, role="viewer", actor=stranger, now=NOW)
    access_request_submit(person=contact, role="viewer", actor=officer, now=NOW)
    with pytest.raises(DomainError, match="has a portal account already"):
        access_request_submit(person=contact, role="viewer", actor=officer, now=NOW)


def test_a_contact_without_an_address_cannot_be_invited(officer: User, region: Member) -> None:
    person = PersonFactory(member=region, email="")
    with pytest.raises(DomainError) as refused:
        access_request_submit(person=person, role="viewer", actor=officer, now=NOW)
    assert refused.value.field == "email" and "e-mail address" in refused.value.message


def test_staff_approve_once_and_the_invitation_goes_to_the_contact(
    officer: User, contact: Person, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    asked = access_request_submit(person=contact, role="officer", actor=officer, now=NOW)
    staff = staff_user()
    with pytest.raises(DomainError, match="Only the secretariat"):
        access_request_approve(access_request=asked, actor=officer, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        access_request_approve(access_request=asked, actor=staff, now=NOW)
        access_request_approve(access_request=asked, actor=staff, now=NOW)
    asked.refresh_from_db()
    assert asked.status == AccessRequest.Status.APPROVED and asked.decided_by == staff
    assert User.objects.get(email="aoife@m.es").person == contact
    assert [m.to for m in mail.outbox] == [["aoife@m.es"]]


def test_a_refusal_needs_a_reason_and_the_officer_reads_it(
    officer: User, contact: Person, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    asked = access_request_submit(person=contact, role="officer", actor=officer, now=NOW)
    staff = staff_user()
    with pytest.raises(DomainError) as refused:
        access_request_refuse(access_request=asked, actor=staff, reason="  ", now=NOW)
    assert refused.value.field == "reason"
    with django_capture_on_commit_callbacks(execute=True):
        access_request_refuse(
            access_request=asked, actor=staff, reason="One officer per region.", now=NOW
        )
    (told,) = mail.outbox
    assert told.to == [officer.email] and "One officer per region." in told.body


def test_the_region_page_says_who_cannot_answer_and_offers_the_request(
    region: Member, officer: User, contact: Person
) -> None:
    ContactRole.objects.create(person=contact, role=ContactRole.Role.INTERNATIONAL_RELATIONS)
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("members:record", args=[region.pk])).content.decode()
    assert "No account: cannot answer the portal's invitations" in page
    warning = page[page.index('class="alert alert-warning cannot-answer"') :]
    assert "Aoife Puig" in warning[: warning.index("</div>")]
    url = reverse("members:contact_access", args=[region.pk, contact.pk])
    assert f'href="{url}"' in page
    form = client.get(url).content.decode()
    assert "You give these roles yourself, at once: Delegate, Read only" in form
    refused = client.post(url, {"role": "nonsense"})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    response = client.post(url, {"role": "officer"})
    assert response.status_code == 302
    page = client.get(reverse("members:record", args=[region.pk])).content.decode()
    assert "waits for the secretariat" in page and "cannot-answer" not in page


def test_the_secretariat_decides_in_one_place_linked_from_the_dashboard(
    officer: User, contact: Person, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    asked = access_request_submit(person=contact, role="officer", actor=officer, now=NOW)
    other = PersonFactory(member=contact.member, first_name="Marko", last_name="Horvat")
    access_request_submit(person=other, role="officer", actor=officer, now=NOW)
    client = Client()
    client.force_login(with_totp(staff_user()))
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "2 requests wait for a decision." in dashboard
    assert reverse("members:access_requests") in dashboard
    url = reverse("members:access_requests")
    client.get(url)
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert "Aoife Puig" in page and "Marko Horvat" in page
    decide = reverse("members:access_request_decide", args=[asked.pk])
    kept = client.post(decide, {"decision": "refuse", "reason": ""})
    assert kept.status_code == 400 and "This field is required." in kept.content.decode()
    assert client.post(decide, {"decision": "refuse", "reason": "Ask by phone"}).status_code == 302
    asked.refresh_from_db()
    assert asked.status == AccessRequest.Status.REFUSED
    assert client.post(decide, {"decision": "maybe"}).status_code == 400
    officer_client = Client()
    officer_client.force_login(officer)
    assert officer_client.post(decide, {"decision": "approve"}).status_code == 403
    page = officer_client.get(reverse("members:record", args=[contact.member_id])).content
    assert "The secretariat refused access: Ask by phone" in page.decode()
