"""Absolute links into the portal, as e-mails, PDFs and calendar feeds carry them."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(path_or_viewname: str, *args: object) -> str:
    """``settings.PORTAL_BASE_URL`` followed by a path ("/meetings/3/") or by the path of a
    named view and its arguments (``absolute_url("governance:meeting_detail", 3)``).

    Mail and feeds are read outside a request, so the address comes from the settings, never
    from the request that happened to trigger them.
    """
    if path_or_viewname.startswith("/"):
        path = path_or_viewname
    else:
        path = reverse(path_or_viewname, args=args or None)
    return str(settings.PORTAL_BASE_URL).rstrip("/") + path
