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
from members.models import PortalAccess, User
from members.selectors.memberships import user_accesses

__all__ = ["NO_ROLES", "PortalRoles", "office_roles", "portal_roles"]


def _offices(*, user: User, on: date) -> set[tuple[str, str]]:
    """The (body kind, seat role) of the account's running mandates (one query, none without
    a person)."""
    if user.person_id is None:
        return set()
    return set(
        Mandate.objects.filter(current_mandates_q(on), person_id=user.person_id).values_list(
            "seat__body__kind", "seat__role"
        )
    )


def _roles(
    *, user: User, offices: set[tuple[str, str]], accesses: tuple[PortalAccess, ...]
) -> PortalRoles:
    kinds = {kind for kind, _role in offices}
    return PortalRoles(
        is_staff=user.is_staff,
        is_board_member=BodyKind.EXECUTIVE_BOARD in kinds,
        is_treasurer=(BodyKind.EXECUTIVE_BOARD, Seat.Role.TREASURER) in offices,
        is_election_committee_member=BodyKind.ELECTION_COMMITTEE in kinds,
        accesses=accesses,
    )


def portal_roles(*, user: User, on: date) -> PortalRoles:
    """Staff, offices and member-region rights of an account on the given day (two queries)."""
    if not user.is_authenticated or not user.is_active:
        return NO_ROLES
    return _roles(
        user=user, offices=_offices(user=user, on=on), accesses=tuple(user_accesses(user=user))
    )


def office_roles(*, user: User | None, on: date) -> PortalRoles:
    """Staff and offices of an account on the given day, regions left out (one query).

    For the services whose question is about an office only (the Election Committee, the
    Treasurer, the Executive Board): they ask ``members.access`` of these roles, at the cost
    the old per-office selectors had. ``user=None`` (the portal itself) has no roles.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ROLES
    return _roles(user=user, offices=_offices(user=user, on=on), accesses=())
