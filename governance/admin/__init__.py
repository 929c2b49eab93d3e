"""The governance app's admin, one module per area."""

from governance.admin import bodies, meetings, reminders

__all__ = ["bodies", "meetings", "reminders"]
