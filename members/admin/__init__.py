"""The members app's admin, one module per area."""

from members.admin import accounts, people, regions

__all__ = ["accounts", "people", "regions"]
