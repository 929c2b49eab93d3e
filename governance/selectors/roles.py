"""The roles an account has in the portal: staff, Executive Board, member region.

``PortalRoles`` lives in ``members.http`` (it is about people); it is imported here too.
"""

from __future__ import annotations

from datetime import date

from aer_portal.rules.bodies import Body as BodyKind
from governance.selectors.bodies import person_holds_seat_in
from members.http import NO_ROLES, PortalRoles
from members.models import User
from members.selectors.memberships import user_accesses

__all__ = ["NO_ROLES", "PortalRoles", "portal_roles"]


def portal_roles(*, user: User, on: date) -> PortalRoles:
    """Staff, Board and member-region rights of an account on the given day (two queries)."""
    if not user.is_authenticated or not user.is_active:
        return NO_ROLES
    is_board_member = user.person_id is not None and person_holds_seat_in(
        person_id=user.person_id, kind=BodyKind.EXECUTIVE_BOARD, on=on
    )
    return PortalRoles(
        is_staff=user.is_staff,
        is_board_member=is_board_member,
        accesses=tuple(user_accesses(user=user)),
    )
