"""The governance app's models, one module per area."""

from governance.models.bodies import Body, Mandate, Seat
from governance.models.meetings import Meeting
from governance.models.reminders import ReminderSent

__all__ = ["Body", "Mandate", "Meeting", "ReminderSent", "Seat"]
