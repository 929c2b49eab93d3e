"""The asking person's account and roles, as the working-group views read them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from governance.selectors.roles import PortalRoles
from members.models import Member, User
from working_groups import selectors
from working_groups.services.checks import said

__all__ = ["officer_regions_of", "portal_of", "said", "user_of"]


def portal_of(request: HttpRequest) -> PortalRoles:
    """The person's roles, worked out once per request by the portal's middleware."""
    return request.portal  # type: ignore[attr-defined,no-any-return]


def user_of(request: HttpRequest) -> User:
    """The logged-in account (views that call this are behind login_required)."""
    return request.user  # type: ignore[return-value]


def officer_regions_of(request: HttpRequest) -> QuerySet[Member]:
    """The members the person may act for as international relations officer."""
    return Member.objects.filter(pk__in=selectors.officer_region_ids(portal_of(request)))
