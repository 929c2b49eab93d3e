"""The request as the portal's views receive it: a portal account and its roles.

``PortalRolesMiddleware`` sets ``portal`` (:class:`members.access.PortalRoles`); Django's
authentication sets ``user``. Views that let anonymous visitors in check
``request.user.is_authenticated`` as usual.
"""

from __future__ import annotations

from django.http import HttpRequest

from members.access import NO_ROLES, PortalRoles
from members.models import User

__all__ = ["NO_ROLES", "PortalRequest", "PortalRoles"]


class PortalRequest(HttpRequest):
    """An ``HttpRequest`` with the portal's account type and roles, for type checking."""

    user: User
    portal: PortalRoles
