"""The members app's admin, one module per area."""

from members.admin import accounts, applications, people, regions

__all__ = ["accounts", "applications", "people", "regions"]
