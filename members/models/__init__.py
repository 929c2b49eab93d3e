"""Countries, member regions and organisations, their membership history, people and accounts."""

from .accounts import PortalAccess, User, UserManager
from .applications import MembershipApplication, WithdrawalNotice
from .people import ContactRole, Person, RegionalMandate
from .regions import Country, Member, Membership, MemberStatistics, Suspension

__all__ = [
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
]
