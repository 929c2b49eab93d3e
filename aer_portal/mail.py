"""A plain e-mail written by a pair of templates, in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def template_mail_send(
    *, template: str, context: Mapping[str, Any], to: str, language: str = "en"
) -> None:
    """Renders ``<template>_subject.txt`` and ``_message.txt`` in ``language`` and sends them."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
