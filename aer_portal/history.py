"""Who made a change, for the audit history.

django-simple-history writes a historical row on every save and reads its author from the
instance's ``_history_user`` attribute before falling back to the request's user, which
services called from tasks, commands or tests do not have. A service names the acting user
here before it saves.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Model


def history_author(instance: Model, actor: AbstractBaseUser | None) -> None:
    """Makes ``actor`` the author of the historical row written by ``instance``'s next save."""
    setattr(instance, "_history_user", actor)  # noqa: B010 -- the name is simple-history's
