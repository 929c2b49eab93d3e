"""The reminder machinery sends each reminder once, however often the scan runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.core import mail

from governance.models import ReminderSent
from governance.reminders import DueReminder, register_reminder_source, reminder_sources
from governance.services.reminders import reminder_send, reminders_due
from governance.tasks import reminders_scan

pytestmark = pytest.mark.django_db

DEADLINE = date(2026, 12, 1)


def _source(today: date) -> list[DueReminder]:
    if today > DEADLINE:
        return []
    return [
        DueReminder(
            kind="test.deadline",
            deadline_key="test:1",
            deadline=DEADLINE,
            recipient=recipient,
            template="governance/email/test_reminder",
            context={"what": "the test deadline"},
        )
        for recipient in ("a@example.org", "b@example.org")
    ]


@pytest.fixture
def test_source(settings) -> Iterator[None]:  # type: ignore[no-untyped-def]
    import copy

    # Assigning the setting (not editing it in place) makes Django rebuild its template engines.
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], _templates_dir()]
    settings.TEMPLATES = templates
    before = reminder_sources()
    register_reminder_source("test", _source)
    yield
    from governance import reminders

    reminders._SOURCES.clear()
    reminders._SOURCES.update(before)


def _templates_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).parent / "templates")


def test_the_same_scan_run_twice_sends_once(test_source: None, time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to("2026-11-30 09:00 +01:00")
    assert reminders_scan()["sent"] == 2
    assert reminders_scan()["sent"] == 0
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert "the test deadline" in mail.outbox[0].body
    assert ReminderSent.objects.count() == 2


def test_a_redelivered_send_does_not_mail_twice(test_source: None) -> None:
    reminder = _source(date(2026, 11, 30))[0]
    assert reminder_send(reminder=reminder) is True
    assert reminder_send(reminder=reminder) is False
    assert len(mail.outbox) == 1


def test_a_refused_mail_leaves_the_reminder_due(test_source: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    reminder = _source(date(2026, 11, 30))[0]

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with pytest.raises(OSError):
        reminder_send(reminder=reminder)
    assert not ReminderSent.objects.exists()
    assert reminder in reminders_due(today=date(2026, 11, 30))


def test_payload_round_trips_through_json(test_source: None) -> None:
    import json

    reminder = _source(date(2026, 11, 30))[0]
    assert DueReminder.from_payload(json.loads(json.dumps(reminder.as_payload()))) == reminder
