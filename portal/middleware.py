"""Request middleware: who the person is in AER, and the two-factor rule for staff and Board.

Here rather than in `aer_portal` because the roles need governance (a seat on the Executive
Board) and members (the region an account acts for), and `aer_portal` imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from governance.selectors.roles import page_roles, two_factor_enabled
from members.access import PortalRequest, PortalRoles

# Pages a person without two-factor set up may still reach: setting it up, leaving, basics.
TWO_FACTOR_EXEMPT_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_login",
        "healthz",
        "set_language",
        "javascript-catalog",
    }
)


class PortalRolesMiddleware:
    """Attaches `request.portal`, the account's roles, computed on first use (from the cache
    when nothing they are made of changed: ``governance.selectors.roles.page_roles``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        portal_request = cast(PortalRequest, request)
        portal_request.portal = cast(
            PortalRoles,
            SimpleLazyObject(lambda: page_roles(user=portal_request.user, on=timezone.localdate())),
        )
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Sends staff and Executive Board members without two-factor to set it up first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        portal_request = cast(PortalRequest, request)
        if not portal_request.user.is_authenticated:
            return None
        match = request.resolver_match
        url_name = match.url_name if match else None
        if url_name in TWO_FACTOR_EXEMPT_URL_NAMES or (url_name or "").startswith("mfa_"):
            return None
        if not portal_request.portal.requires_two_factor:
            return None
        if two_factor_enabled(user=portal_request.user):
            return None
        messages.warning(
            request,
            _(
                "Secretariat staff and Executive Board members must protect their account "
                "with two-factor authentication. Please set it up now."
            ),
        )
        return HttpResponseRedirect(reverse("mfa_activate_totp"))
