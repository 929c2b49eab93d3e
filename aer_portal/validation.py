"""Validate a model instance and save it, or refuse with a :class:`DomainError`.

The one "full_clean, then save" of every service (HackSoft's ``model_update``): a validation
error becomes a sentence naming the field in a person's words (its ``verbose_name``), with the
field's name kept apart for the form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Model
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from aer_portal.errors import DomainError
from aer_portal.history import history_author

M = TypeVar("M", bound=Model)

# Django's default for a constraint without violation_error_message names the constraint.
_CONSTRAINT_NAMED = re.compile(r"“[\w.]+”")


def _label(instance: Model, field: str) -> str:
    try:
        name = getattr(instance._meta.get_field(field), "verbose_name", None)
    except FieldDoesNotExist:
        name = None
    return str(capfirst(name or field.replace("_", " ")))


def _sentence(instance: Model, message: str) -> str:
    if _CONSTRAINT_NAMED.search(message):
        return _("These values break a rule of the portal; check them and try again.")
    return message


def domain_error(instance: Model, error: ValidationError) -> DomainError:
    """The first problem of ``error`` as a DomainError; a field's problem starts with its label.

    "Title: This field cannot be blank." reads well in a page's message as well as under the
    field; the field's Python name travels apart, in ``DomainError.field``.
    """
    if not hasattr(error, "error_dict"):
        return DomainError(_sentence(instance, error.messages[0]))
    field, messages = next(iter(error.message_dict.items()))
    sentence = _sentence(instance, messages[0])
    if field == NON_FIELD_ERRORS:
        return DomainError(sentence)
    label = _label(instance, field)
    return DomainError(
        _("%(field)s: %(problem)s") % {"field": label, "problem": sentence}, field=field
    )


def clean_or_raise(instance: Model, *, exclude: Iterable[str] = ()) -> None:
    """``instance.full_clean()``, its first problem raised as a DomainError."""
    try:
        instance.full_clean(exclude=list(exclude) or None)
    except ValidationError as error:
        raise domain_error(instance, error) from error


def validate_and_save(
    instance: M, *, actor: AbstractBaseUser | None = None, exclude: Iterable[str] = ()
) -> M:
    """Checks ``instance`` (:func:`clean_or_raise`) and saves it, with ``actor`` as the author
    of its audit history."""
    clean_or_raise(instance, exclude=exclude)
    if actor is not None and actor.is_authenticated:
        history_author(instance, actor)
    instance.save()
    return instance
