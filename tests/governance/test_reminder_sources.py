"""The governance reminder sources, and the ledger over six simulated weeks of scans."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection

from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.membership import MemberCategory
from governance.models import Meeting, ReminderSent, Seat
from governance.selectors.reminders import (
    mandate_reminders,
    notice_reminders,
    observer_reminders,
    proposal_reminders,
    stage_due,
    substitute_reminders,
)
from governance.tasks import reminders_scan
from members.models import PortalAccess, RegionalMandate
from tests.factories import BodyFactory, MembershipFactory, UserFactory
from tests.governance.factories import MeetingFactory, brussels, full_member_with_delegate, seated

pytestmark = pytest.mark.django_db

SECRETARIAT = "secretariat@aer.eu"


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (date(2026, 3, 5), None),  # eight days before: nothing yet
        (date(2026, 3, 6), 7),
        (date(2026, 3, 11), 7),
        (date(2026, 3, 12), 1),
        (date(2026, 3, 13), 1),  # the deadline itself
        (date(2026, 3, 14), None),  # after: the "missed" reminder's business
    ],
)
def test_stages_are_due_from_their_day_until_the_next_begins(today: date, stage: int) -> None:
    assert stage_due(date(2026, 3, 13), today=today, days_before=[1, 7]) == stage


def test_notice_reminders_go_to_the_secretariat_before_and_after_the_deadline(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECRETARIAT_EMAIL = SECRETARIAT
    meeting = MeetingFactory(
        body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD), starts_at=brussels(2026, 3, 20)
    )
    # invitation due 2026-03-06, documents 2026-03-13 (Procedures art. 6)
    due = list(notice_reminders(date(2026, 2, 27)))
    assert [(r.kind, r.deadline_key, r.recipient) for r in due] == [
        ("governance.meeting.invitation.due", f"meeting:{meeting.pk}:invitation:7d", SECRETARIAT)
    ]
    missed = list(notice_reminders(date(2026, 3, 7)))
    assert [r.kind for r in missed] == [
        "governance.meeting.invitation.missed",
        "governance.meeting.documents.due",
    ]
    assert "Procedures art. 6: “Invitations and draft agendas" in missed[0].context["message"]
    meeting.invitation_sent_at = brussels(2026, 3, 7)
    meeting.save()
    assert [r.kind for r in notice_reminders(date(2026, 3, 8))] == [
        "governance.meeting.documents.due"
    ]
    assert list(notice_reminders(date(2026, 3, 21))) == []  # the meeting is past


def test_no_notice_reminder_for_cancelled_meetings_or_bodies_without_notice() -> None:
    MeetingFactory(
        body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD),
        starts_at=brussels(2026, 3, 20),
        status=Meeting.Status.CANCELLED,
    )
    MeetingFactory(
        body=BodyFactory(kind=BodyKind.ELECTION_COMMITTEE), starts_at=brussels(2026, 3, 20)
    )
    assert list(notice_reminders(date(2026, 3, 7))) == []


def _officer_of_full_member(email: str, language: str = "en") -> None:
    member, _delegate = full_member_with_delegate()
    PortalAccess.objects.create(
        user=UserFactory(email=email, preferred_language=language),
        member=member,
        role=PortalAccess.Role.OFFICER,
    )


def test_proposal_deadline_reminders_go_to_the_officers_of_members() -> None:
    _officer_of_full_member("officer@vgregion.se", "fr")
    observer_member, _ = full_member_with_delegate()
    observer_member.memberships.update(category=MemberCategory.OBSERVER)
    PortalAccess.objects.create(
        user=UserFactory(email="observer@example.org"),
        member=observer_member,
        role=PortalAccess.Role.OFFICER,
    )
    MeetingFactory(body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD), starts_at=brussels(2026, 4, 15))
    ga = MeetingFactory(
        body=BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY), starts_at=brussels(2026, 4, 30)
    )
    (reminder,) = proposal_reminders(date(2026, 4, 1))  # deadline 2026-04-14, 13 days left
    assert (reminder.recipient, reminder.language) == ("officer@vgregion.se", "fr")
    assert reminder.deadline == date(2026, 4, 14)
    assert reminder.deadline_key == f"meeting:{ga.pk}:proposals:14d"
    assert list(proposal_reminders(date(2026, 4, 15))) == []


def test_observer_year_ending_two_months_before() -> None:
    membership = MembershipFactory(
        category=MemberCategory.OBSERVER, board_decision=date(2025, 4, 15)
    )
    # status 2025-05-01 .. 2026-04-30 (Procedures art. 2.1)
    assert list(observer_reminders(date(2026, 2, 27))) == []
    (reminder,) = observer_reminders(date(2026, 2, 28))
    assert reminder.deadline == date(2026, 4, 30)
    assert reminder.context["member"] == membership.member.name


def test_a_lost_regional_mandate_reminds_of_the_substitute_deadline() -> None:
    person = seated(BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE)
    RegionalMandate.objects.filter(person=person).update(lost_on=date(2025, 9, 20))
    (reminder,) = substitute_reminders(date(2026, 3, 1))
    assert reminder.deadline == date(2026, 3, 20)  # six months (Procedures art. 15.2)
    assert reminder.deadline_key.endswith(":substitute:30d")
    # Somebody who holds no seat any more needs no substitute.
    person.mandates.update(ends_on=date(2026, 2, 1))
    assert list(substitute_reminders(date(2026, 3, 1))) == []


def test_mandates_ending_one_mail_per_body_and_day() -> None:
    for _ in range(3):
        seated(BodyKind.ELECTION_COMMITTEE, role=Seat.Role.MEMBER, ends_on=date(2026, 5, 31))
    seated(BodyKind.GENERAL_ASSEMBLY, role=Seat.Role.MEMBER, ends_on=date(2026, 5, 31))
    (reminder,) = mandate_reminders(date(2026, 3, 2))
    assert reminder.deadline_key.endswith(":mandates_end:2026-05-31:90d")
    assert len(reminder.context["people"]) == 3
    assert reminder.context["article"] == "Procedures art. 15 D"


def _scenario() -> set[str]:
    """Deadlines of every kind falling inside 2026-03-01 .. 2026-04-11; their expected keys."""
    board = BodyFactory(kind=BodyKind.EXECUTIVE_BOARD)
    march = MeetingFactory(body=board, starts_at=brussels(2026, 3, 20))
    april = MeetingFactory(body=board, starts_at=brussels(2026, 4, 15))
    ga = MeetingFactory(
        body=BodyFactory(kind=BodyKind.GENERAL_ASSEMBLY), starts_at=brussels(2026, 4, 30)
    )
    _officer_of_full_member("officer@example.org")
    observer = MembershipFactory(category=MemberCategory.OBSERVER, board_decision=date(2025, 4, 15))
    person = seated(BodyKind.BUREAU, role=Seat.Role.COUNTRY_REPRESENTATIVE)
    lost = RegionalMandate.objects.get(person=person)
    lost.lost_on = date(2025, 9, 20)
    lost.save()
    seated(BodyKind.ELECTION_COMMITTEE, role=Seat.Role.MEMBER, ends_on=date(2026, 5, 31))
    ec = BodyFactory(kind=BodyKind.ELECTION_COMMITTEE)
    m, a, g = march.pk, april.pk, ga.pk
    keys = {
        f"meeting:{pk}:{what}:{stage}"
        for pk in (m, a, g)
        for what in ("invitation", "documents")
        for stage in ("7d", "1d", "missed")
    }
    keys -= {f"meeting:{g}:documents:1d", f"meeting:{g}:documents:missed"}  # after the six weeks
    return keys | {
        f"meeting:{g}:proposals:14d",
        f"meeting:{g}:proposals:3d",
        f"membership:{observer.pk}:observer_end",
        f"regional_mandate:{lost.pk}:substitute:30d",
        f"regional_mandate:{lost.pk}:substitute:7d",
        f"body:{ec.pk}:mandates_end:2026-05-31:90d",
    }


def test_six_weeks_of_scans_send_each_reminder_exactly_once(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECRETARIAT_EMAIL = SECRETARIAT
    expected = _scenario()
    start = brussels(2026, 3, 1, 0, 5)
    for day in range(42):
        for hour in (0, 9, 17):  # beat runs all day; three scans a day stand for them all
            with time_machine.travel(start + timedelta(days=day, hours=hour), tick=False):
                reminders_scan()
    ledger = list(ReminderSent.objects.values_list("kind", "deadline_key", "recipient"))
    governance = [row for row in ledger if row[0].startswith("governance.")]
    assert {key for _kind, key, _to in governance} == expected
    assert len(governance) == len(expected)  # one recipient each here
    assert len(mail.outbox) == len(ledger)  # every row is one e-mail, none sent twice
    assert Counter(ledger).most_common(1)[0][1] == 1


def test_a_scan_run_twice_the_same_day_sends_once(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SECRETARIAT_EMAIL = SECRETARIAT
    MeetingFactory(body=BodyFactory(kind=BodyKind.EXECUTIVE_BOARD), starts_at=brussels(2026, 3, 20))
    with time_machine.travel(brussels(2026, 3, 1, 9), tick=False):
        assert reminders_scan()["sent"] == 1
        assert reminders_scan()["sent"] == 0
    assert len(mail.outbox) == 1
    assert "Procedures art. 6" in mail.outbox[0].body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_scans_send_once(settings) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (CI)")
    settings.SECRETARIAT_EMAIL = SECRETARIAT
    _scenario()
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def scan() -> None:
        from django.db import connections

        try:
            barrier.wait()
            with time_machine.travel(brussels(2026, 3, 1, 9), tick=False):
                reminders_scan()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scan) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Eager tasks in threads race on Celery's process-wide "joining would block" flag; put it back.
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
    assert errors == []
    rows = ReminderSent.objects.filter(kind__startswith="governance.").count()
    assert rows >= 3  # invitation 7d, observer, substitute 30d, …
    assert len(mail.outbox) == ReminderSent.objects.count()
