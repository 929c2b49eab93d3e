"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from aer_portal.messages import portal_name
from members.access import NO_ROLES


def portal(request: HttpRequest) -> dict[str, object]:
    """The account's roles (lazily) and the portal's name, for navigation and headers."""
    return {
        "portal": getattr(request, "portal", NO_ROLES),
        "portal_name": portal_name(),
    }
