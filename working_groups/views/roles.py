"""The asking person's account and roles, as the working-group views read them."""

from __future__ import annotations

from django.db.models import QuerySet

from governance.selectors.roles import PortalRoles
from members.http import PortalRequest
from members.models import Member, User
from working_groups.selectors import people as people_selectors
from working_groups.services.checks import said

__all__ = ["officer_regions_of", "portal_of", "said", "user_of"]


def portal_of(request: PortalRequest) -> PortalRoles:
    """The person's roles, worked out once per request by the portal's middleware."""
    return request.portal


def user_of(request: PortalRequest) -> User:
    """The logged-in account (views that call this are behind login_required)."""
    return request.user


def officer_regions_of(request: PortalRequest) -> QuerySet[Member]:
    """The members the person may act for as international relations officer."""
    return Member.objects.filter(pk__in=people_selectors.officer_region_ids(portal_of(request)))
