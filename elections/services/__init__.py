"""Every write of the elections app goes through a function here, one module per step."""

from __future__ import annotations

from django.db import models

from aer_portal.validation import validate_and_save
from members.models import User


def save_checked(
    instance: models.Model, *, actor: User | None, exclude: list[str] | None = None
) -> None:
    """Validates and saves ``instance``, recording ``actor`` in its audit history.

    A validation error becomes a :class:`~aer_portal.errors.DomainError` whose message names
    the field (:func:`aer_portal.validation.validate_and_save`).
    """
    validate_and_save(instance, actor=actor, exclude=exclude or ())
