"""Countries, member regions and organisations, their membership history, people and accounts."""

from .access_requests import AccessRequest
from .accounts import PortalAccess, User, UserManager
from .people import ContactRole, Person, RegionalMandate
from .regions import Country, Member, Membership, MemberStatistics, Suspension

__all__ = [
    "AccessRequest",
    "ContactRole",
    "Country",
    "Member",
    "MemberStatistics",
    "Membership",
    "Person",
    "PortalAccess",
    "RegionalMandate",
    "Suspension",
    "User",
    "UserManager",
]
