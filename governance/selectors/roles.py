"""The roles an account has in the portal: staff, Executive Board, member region."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aer_portal.rules.bodies import Body as BodyKind
from governance.selectors.bodies import person_holds_seat_in
from members.models import Member, PortalAccess, User
from members.selectors import user_accesses


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
