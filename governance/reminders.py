"""What a reminder is, and where the periodic scan finds them: sources that apps register.

Every source is listed in portal.reminders, which registers them when the portal starts:

    register_reminder_source("fees.invoices", fees.reminders.invoice_reminders)

A source is called with the day of the scan and yields the reminders due that day, whether or
not they were sent before; the ledger (ReminderSent) makes sending idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

JSONValue = str | int | float | bool | None | list[Any] | dict[str, Any]


@dataclass(frozen=True)
class DueReminder:
    """One e-mail to one recipient about one deadline; JSON-safe so a task can carry it."""

    kind: str
    deadline_key: str
    deadline: date
    recipient: str
    template: str
    context: dict[str, JSONValue] = field(default_factory=dict)
    language: str = "en"

    def as_payload(self) -> dict[str, JSONValue]:
        payload = asdict(self)
        payload["deadline"] = self.deadline.isoformat()
        return payload

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> DueReminder:
        return cls(**{**payload, "deadline": date.fromisoformat(payload["deadline"])})


ReminderSource = Callable[[date], Iterable[DueReminder]]

_SOURCES: dict[str, ReminderSource] = {}


def register_reminder_source(name: str, source: ReminderSource) -> None:
    """Adds a source the periodic scan asks; registering a name again replaces it."""
    _SOURCES[name] = source


def reminder_sources() -> dict[str, ReminderSource]:
    return dict(_SOURCES)
