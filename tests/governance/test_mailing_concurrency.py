"""A mailing sent twice (a double click, a retry, two tabs) has the effect of once: eight
identical POSTs at the same moment make one mailing and mail each member of the body once.

SQLite serialises every write, so these run on PostgreSQL only (CI, or
DATABASE_URL=postgres://… pytest tests/governance/test_mailing_concurrency.py).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.db import close_old_connections, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.models import Meeting, MeetingDocument, MeetingMailing, ReminderSent
from governance.services.mailings import meeting_mailing_deliver
from tests.factories import BodyFactory, staff_user, with_totp
from tests.governance.factories import AgendaItemFactory, MeetingFactory, seated

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _race(actions: list[Callable[[], object]]) -> list[object]:
    barrier = threading.Barrier(len(actions))
    results: list[object] = []

    def run(action: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:  # reported by the assertions
            results.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _meeting() -> tuple[Meeting, list[str]]:
    from aer_portal.rules.bodies import Body as BodyKind

    people = [seated(BodyKind.EXECUTIVE_BOARD) for _ in range(3)]
    body = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    meeting = MeetingFactory(body=body, starts_at=timezone.now() + timedelta(days=40))
    AgendaItemFactory(meeting=meeting, position=1)
    return meeting, sorted(person.email.lower() for person in people)


def _post(url: str, data: dict[str, str]) -> Callable[[], int]:
    user = with_totp(staff_user())

    def post() -> int:
        client = Client()
        client.force_login(user)
        return client.post(url, data).status_code

    return post


def test_eight_clicks_on_send_the_invitation_send_it_once_to_each_member() -> None:
    meeting, emails = _meeting()
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    posts = [_post(url, {"action": "invitation", "confirm_send": "1"}) for _ in range(8)]

    statuses = _race(posts)

    assert all(isinstance(status, int) and status < 500 for status in statuses), statuses
    assert MeetingMailing.objects.filter(meeting=meeting).count() == 1
    assert sorted(to for message in mail.outbox for to in message.to) == emails
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONVENED


def test_eight_clicks_on_send_the_documents_send_them_once_to_each_member() -> None:
    meeting, emails = _meeting()
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    _post(url, {"action": "invitation", "confirm_send": "1"})()
    mail.outbox.clear()
    MeetingDocument.objects.create(
        meeting=meeting, title="Budget", file="documents/budget.pdf", original_name="budget.pdf"
    )

    statuses = _race(
        [_post(url, {"action": "send_documents", "confirm_send": "1"}) for _ in range(8)]
    )

    assert all(isinstance(status, int) and status < 500 for status in statuses), statuses
    assert MeetingMailing.objects.filter(meeting=meeting, notice="documents").count() == 1
    assert sorted(to for message in mail.outbox for to in message.to) == emails


def test_a_mailing_delivered_eight_times_at_once_reaches_each_member_once() -> None:
    meeting, emails = _meeting()
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    _post(url, {"action": "invitation", "confirm_send": "1"})()
    mailing = MeetingMailing.objects.get(meeting=meeting)
    mail.outbox.clear()
    ReminderSent.objects.all().delete()  # as if the first delivery had never run

    sent = _race([lambda: meeting_mailing_deliver(mailing_id=mailing.pk) for _ in range(8)])

    assert sum(count for count in sent if isinstance(count, int)) == len(emails), sent
    assert sorted(to for message in mail.outbox for to in message.to) == emails


def test_an_invitation_recorded_twice_still_reaches_each_member_once() -> None:
    """Were two mailing rows made (a path that misses the meeting's lock), the ledger key
    names the content, so the second delivers nothing."""
    meeting, _emails = _meeting()
    url = reverse("governance:meeting_manage", args=[meeting.pk])
    _post(url, {"action": "invitation", "confirm_send": "1"})()
    first = MeetingMailing.objects.get(meeting=meeting)
    twin = MeetingMailing.objects.create(
        meeting=meeting, notice=first.notice, sent_at=first.sent_at, recipients=first.recipients
    )
    mail.outbox.clear()

    sent = _race([lambda: meeting_mailing_deliver(mailing_id=twin.pk) for _ in range(8)])

    assert sent == [0] * 8 and mail.outbox == []
