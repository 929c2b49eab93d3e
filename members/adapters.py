"""How django-allauth behaves in the portal."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class PortalAccountAdapter(DefaultAccountAdapter):
    """Nobody signs up: the secretariat invites each person (members.services.account_invite)."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
