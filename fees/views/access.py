"""Who may open which fees page: the portal's roles, checked before anything is read."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http.response import HttpResponseBase
from django.utils import timezone

from fees.selectors import is_treasurer
from members.http import PortalRequest

View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    """Secretariat staff only; others get 403, anonymous visitors the login page."""

    @login_required
    @wraps(view)
    def wrapper(request: PortalRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.portal.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def region_or_staff_required(view: View) -> View:
    """Accounts that act for a member region, and staff."""

    @login_required
    @wraps(view)
    def wrapper(request: PortalRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        portal = request.portal
        if not (portal.is_staff or portal.is_member_user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def treasurer_or_staff_required(view: View) -> View:
    """The person holding the Treasurer's mandate, and staff (Procedures arts. 3.4, 13)."""

    @login_required
    @wraps(view)
    def wrapper(request: PortalRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.portal.is_staff and not is_treasurer(
            user=request.user,
            on=timezone.localdate(),
        ):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
