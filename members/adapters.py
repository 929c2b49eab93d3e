"""How django-allauth behaves in the portal."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import (
    AUTHENTICATION_METHODS_SESSION_KEY,
    get_authentication_records,
)
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse


class PortalAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: the secretariat invites each person
    (members.services.accounts.account_invite)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def post_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse:
        """A password typed seconds ago counts as a fresh confirmation of the password.

        allauth asks for the password again before two-factor set-up unless the person
        "reauthenticated"; staff and Board members are sent to that set-up right after their
        first login, so they were asked for the password they had just typed.
        """
        records = get_authentication_records(request, user)
        if records and records[-1].get("method") == "password":
            records[-1]["reauthenticated"] = True
            request.session[AUTHENTICATION_METHODS_SESSION_KEY] = records
        return super().post_login(request, user, **kwargs)
