"""The reminder sources the periodic scan asks are the ones portal.reminders lists."""

from __future__ import annotations

from governance.reminders import reminder_sources
from portal.reminders import REMINDER_SOURCES


def test_every_listed_source_is_registered_when_the_portal_starts() -> None:
    registered = reminder_sources()
    assert {name: registered.get(name) for name in REMINDER_SOURCES} == REMINDER_SOURCES
    assert {
        "governance.meeting_notice",
        "fees.invoices",
        "working_groups.review",
        "elections.members",
    } <= set(registered)
