"""Every write of the elections app goes through a function here, one module per step."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from aer_portal.errors import DomainError
from members.models import User


def save_checked(
    instance: models.Model, *, actor: User | None, exclude: list[str] | None = None
) -> None:
    """Validates and saves ``instance``, recording ``actor`` in its audit history.

    A validation error becomes a :class:`DomainError` whose message names the field.
    """
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        message = messages[0]
        if not message.startswith(f"{field}:"):
            message = f"{field}: {message}"
        raise DomainError(message, field=field) from error
    if actor is not None and actor.is_authenticated:
        instance._history_user = actor  # type: ignore[attr-defined]
    instance.save()
