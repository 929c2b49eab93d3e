"""The roles an account has in the portal: staff, offices in AER bodies, member regions.

``PortalRoles`` and the questions asked of it live in ``members.access`` (they are about
people); the offices come from governance's mandates, so they are filled in here.
"""

from __future__ import annotations

from datetime import date

from aer_portal.rules.bodies import Body as BodyKind
from governance.models import Mandate, Seat
from governance.selectors.bodies import current_mandates_q
from members.access import NO_ROLES, PortalRoles
from members.models import User
from members.selectors.memberships import user_accesses

__all__ = ["NO_ROLES", "PortalRoles", "portal_roles"]


def portal_roles(*, user: User, on: date) -> PortalRoles:
    """Staff, offices and member-region rights of an account on the given day (two queries)."""
    if not user.is_authenticated or not user.is_active:
        return NO_ROLES
    offices: set[tuple[str, str]] = set()
    if user.person_id is not None:
        offices = set(
            Mandate.objects.filter(current_mandates_q(on), person_id=user.person_id).values_list(
                "seat__body__kind", "seat__role"
            )
        )
    kinds = {kind for kind, _role in offices}
    return PortalRoles(
        is_staff=user.is_staff,
        is_board_member=BodyKind.EXECUTIVE_BOARD in kinds,
        is_treasurer=(BodyKind.EXECUTIVE_BOARD, Seat.Role.TREASURER) in offices,
        is_election_committee_member=BodyKind.ELECTION_COMMITTEE in kinds,
        accesses=tuple(user_accesses(user=user)),
    )
