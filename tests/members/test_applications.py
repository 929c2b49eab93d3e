"""Notices of withdrawal (the history kept, fees already due stay due: art. 3.5) and observer
status that ends by itself, with its reminders to the observer (art. 2.1)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from aer_portal.errors import DomainError
from aer_portal.rules.membership import MemberCategory
from governance.selectors.reminders import observer_reminders
from members.models import Membership, WithdrawalNotice
from members.services.withdrawals import observer_status_expire, withdrawal_notice_give
from tests.factories import MembershipFactory, PortalAccessFactory, member_officer, staff_user

pytestmark = pytest.mark.django_db


def test_notice_of_withdrawal_ends_the_membership_on_the_effective_day(
    settings,  # type: ignore[no-untyped-def]
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    settings.WITHDRAWAL_NOTICE_MONTHS = 6
    membership = MembershipFactory()
    officer = member_officer(member=membership.member)
    with django_capture_on_commit_callbacks(execute=True):
        notice = withdrawal_notice_give(
            member=membership.member, actor=officer, today=date(2026, 8, 31), reason="Budget."
        )
        again = withdrawal_notice_give(
            member=membership.member, actor=officer, today=date(2026, 8, 31)
        )
    assert again == notice  # a double click gives one notice
    assert notice.effective_on == date(2027, 2, 28)
    membership.refresh_from_db()
    assert membership.ended_on == date(2027, 2, 28)
    assert "31 August 2026" in membership.end_reason
    assert membership.is_current_on(date(2027, 2, 28))
    assert not membership.is_current_on(date(2027, 3, 1))
    # The whole history: the membership's audit rows and the notice with who gave it.
    assert membership.history.count() == 2
    assert membership.history.first().history_user == officer
    assert WithdrawalNotice.objects.get().given_by == officer
    assert [m.to for m in mail.outbox] == [["secretariat@aer.eu"]]


def test_only_the_members_officer_gives_notice() -> None:
    membership = MembershipFactory()
    delegate = PortalAccessFactory(member=membership.member, role="delegate").user
    other_officer = member_officer()
    for user in (delegate, other_officer):
        with pytest.raises(DomainError):
            withdrawal_notice_give(member=membership.member, actor=user, today=date(2026, 5, 1))
    assert not WithdrawalNotice.objects.exists()


def test_an_observer_or_former_member_has_nothing_to_withdraw_from() -> None:
    observer = MembershipFactory(category=MemberCategory.OBSERVER, board_decision=date(2026, 1, 5))
    with pytest.raises(DomainError, match="not a member of AER today"):
        withdrawal_notice_give(member=observer.member, actor=staff_user(), today=date(2026, 5, 1))


def test_the_withdrawal_page_asks_for_confirmation(client: Client) -> None:
    membership = MembershipFactory()
    officer = member_officer(member=membership.member)
    client.force_login(officer)
    url = reverse("members:withdrawal", args=[membership.member.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Procedures art. 3.5" in page.content.decode()
    unconfirmed = client.post(url, {"reason": "We leave."})
    assert unconfirmed.status_code == 200
    assert "We leave." in unconfirmed.content.decode()  # what was typed stays
    assert not WithdrawalNotice.objects.exists()
    confirmed = client.post(url, {"reason": "We leave.", "confirm": "on"})
    assert confirmed.status_code == 302
    assert WithdrawalNotice.objects.get().reason == "We leave."


def test_observer_status_ends_by_itself_after_its_year() -> None:
    observer = MembershipFactory(category=MemberCategory.OBSERVER, board_decision=date(2025, 3, 15))
    full = MembershipFactory()
    assert observer_status_expire(today=date(2026, 3, 31)) == 0
    assert observer_status_expire(today=date(2026, 4, 1)) == 1
    assert observer_status_expire(today=date(2026, 4, 2)) == 0
    observer.refresh_from_db()
    full.refresh_from_db()
    assert observer.ended_on == date(2026, 3, 31)
    assert "art. 2.1" in observer.end_reason
    assert full.ended_on is None


def test_the_observer_is_reminded_with_the_application_link(settings) -> None:  # type: ignore[no-untyped-def]
    settings.REMINDER_OBSERVER_MONTHS = 2
    observer = MembershipFactory(category=MemberCategory.OBSERVER, board_decision=date(2025, 3, 15))
    officer = member_officer(member=observer.member)
    member_officer(member=MembershipFactory().member)  # a full member's officer: not reminded
    assert list(observer_reminders(date(2026, 1, 30))) == []
    due = list(observer_reminders(date(2026, 2, 1)))
    recipients = sorted(r.recipient for r in due)
    assert recipients == sorted([settings.SECRETARIAT_EMAIL, officer.email])
    (own,) = [r for r in due if r.recipient == officer.email]
    assert str(own.context["link"]).endswith(f"/join/?member={observer.member.pk}")
    assert Membership.objects.filter(category=MemberCategory.OBSERVER).count() == 1
