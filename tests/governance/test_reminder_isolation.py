"""One bad reminder never stops the scan: it is recorded, retried with backoff, the rest go out."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from aer_portal.models import ScheduledFailure
from governance.models import ReminderSent
from governance.reminders import DueReminder, register_reminder_source, reminder_sources
from governance.services.reminders import reminders_send_due

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 12, 1)
TODAY = date(2026, 11, 30)


def _reminder(recipient: str, what: str) -> DueReminder:
    return DueReminder(
        kind="test.deadline",
        deadline_key=f"test:{recipient}",
        deadline=DEADLINE,
        recipient=recipient,
        template="governance/email/test_reminder",
        context={"what": what},
    )


GOOD = [_reminder(f"r{n}@example.org", f"topic {n}") for n in range(5)]
#: A working-group topic typed with a line break, and a topic with an ampersand.
CR_TOPIC = _reminder("cr@example.org", "Energy\r\nand climate")
AMPERSAND = _reminder("amp@example.org", "R&D <policy>")


@pytest.fixture
def sources(settings) -> Iterator[list[DueReminder]]:  # type: ignore[no-untyped-def]
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], str(Path(__file__).parent / "templates")]
    settings.TEMPLATES = templates
    before = reminder_sources()
    due: list[DueReminder] = []
    from governance import reminders

    reminders._SOURCES.clear()
    register_reminder_source("test", lambda today: list(due))
    yield due
    reminders._SOURCES.clear()
    reminders._SOURCES.update(before)


def test_a_carriage_return_in_a_topic_is_cleaned_and_every_reminder_goes_out(sources) -> None:  # type: ignore[no-untyped-def]
    sources.extend([*GOOD[:2], CR_TOPIC, *GOOD[2:]])
    counts = reminders_send_due(today=TODAY, now=timezone.now())
    assert counts == {"due": 6, "sent": 6, "skipped": 0, "failed": 0}
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["cr@example.org"] == "Reminder: Energy and climate"


def test_plain_text_subjects_and_bodies_are_not_html_escaped(sources) -> None:  # type: ignore[no-untyped-def]
    sources.append(AMPERSAND)
    reminders_send_due(today=TODAY, now=timezone.now())
    (message,) = mail.outbox
    assert message.subject == "Reminder: R&D <policy>"
    assert "R&D <policy>" in message.body


@pytest.mark.allow_error_logs
def test_a_failing_reminder_is_recorded_retried_with_backoff_and_the_rest_go_out(  # type: ignore[no-untyped-def]
    sources, monkeypatch, caplog
) -> None:
    sources.extend(GOOD)
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def send(self: EmailMessage, fail_silently: bool = False) -> int:
        if self.to == ["r2@example.org"]:
            raise OSError("550 mailbox unavailable")
        return real_send(self, fail_silently)

    monkeypatch.setattr(EmailMessage, "send", send)
    now = timezone.now()
    assert reminders_send_due(today=TODAY, now=now) == {
        "due": 5,
        "sent": 4,
        "skipped": 0,
        "failed": 1,
    }
    assert sorted(m.to[0] for m in mail.outbox) == [
        "r0@example.org",
        "r1@example.org",
        "r3@example.org",
        "r4@example.org",
    ]
    failure = ScheduledFailure.objects.get()
    assert "r2@example.org" in failure.record and "test:r2@example.org" in failure.record
    assert "550 mailbox unavailable" in failure.reason
    assert "r2@example.org" in caplog.text
    assert failure.next_attempt_at == now + timedelta(minutes=5)
    # Within the backoff the reminder waits; after it, it is tried again (and now succeeds).
    assert reminders_send_due(today=TODAY, now=now + timedelta(minutes=2))["skipped"] == 1
    monkeypatch.setattr(EmailMessage, "send", real_send)
    later = now + timedelta(minutes=6)
    assert reminders_send_due(today=TODAY, now=later)["sent"] == 1
    assert ReminderSent.objects.count() == 5
    failure.refresh_from_db()
    assert failure.resolved_at == later


@pytest.mark.allow_error_logs
def test_the_backoff_doubles_with_each_failure(sources, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    sources.append(GOOD[0])

    def refuse(*args: object, **kwargs: object) -> int:
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    now = timezone.now()
    reminders_send_due(today=TODAY, now=now)
    reminders_send_due(today=TODAY, now=now + timedelta(minutes=5))
    failure = ScheduledFailure.objects.get()
    assert failure.attempts == 2
    assert failure.next_attempt_at == now + timedelta(minutes=5 + 10)
    assert not ReminderSent.objects.exists()


@pytest.mark.allow_error_logs
def test_a_source_that_raises_does_not_stop_the_others(sources) -> None:  # type: ignore[no-untyped-def]
    sources.append(GOOD[0])

    def broken(today: date) -> list[DueReminder]:
        raise ValueError("bad row")

    register_reminder_source("broken", broken)
    assert reminders_send_due(today=TODAY, now=timezone.now())["sent"] == 1
    assert ScheduledFailure.objects.get().record == "source broken"
