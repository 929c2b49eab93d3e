"""The governance app's admin, one module per area."""

from governance.admin import bodies, reminders

__all__ = ["bodies", "reminders"]
