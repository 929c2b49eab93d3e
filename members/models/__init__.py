"""Countries, member regions and organisations, their membership history, people and accounts."""

from .access_requests import AccessRequest
from .accounts import PortalAccess, User, UserManager
from .applications import MembershipApplication, WithdrawalNotice
from .people import (
    ContactRole,
    Person,
    RegionalMandate,
    person_name,
    person_name_columns,
    regional_mandate_held_q,
)
from .regions import (
    Country,
    Member,
    Membership,
    MemberStatistics,
    Suspension,
    membership_running_q,
)

__all__ = [
    "AccessRequest",
    "ContactRole",
    "Country",
    "Member",
    "MemberStatistics",
    "Membership",
    "MembershipApplication",
    "Person",
    "PortalAccess",
    "RegionalMandate",
    "Suspension",
    "User",
    "UserManager",
    "WithdrawalNotice",
    "membership_running_q",
    "person_name",
    "person_name_columns",
    "regional_mandate_held_q",
]
