"""The request as the portal's views receive it: a portal account and its roles.

``PortalRolesMiddleware`` sets ``portal``; Django's authentication sets ``user``. Views that
let anonymous visitors in check ``request.user.is_authenticated`` as usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from members.models import Member, PortalAccess, User


@dataclass(frozen=True)
class PortalRoles:
    """What the logged-in person may do in the portal, worked out once per request."""

    is_staff: bool
    is_board_member: bool
    accesses: tuple[PortalAccess, ...]

    @property
    def acting_for(self) -> Member | None:
        """The member the person acts for (the first by name, when there are several)."""
        return self.accesses[0].member if self.accesses else None

    @property
    def is_member_user(self) -> bool:
        return bool(self.accesses)

    @property
    def requires_two_factor(self) -> bool:
        """Staff and Executive Board members must use two-factor authentication."""
        return self.is_staff or self.is_board_member


NO_ROLES = PortalRoles(is_staff=False, is_board_member=False, accesses=())


class PortalRequest(HttpRequest):
    """An ``HttpRequest`` with the portal's account type and roles, for type checking."""

    user: User
    portal: PortalRoles
