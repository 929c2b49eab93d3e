"""The page an invited person (or one who forgot the password) chooses a password on."""

from __future__ import annotations

from typing import Any

from allauth.account.views import PasswordResetFromKeyView
from django.http import HttpResponse

from members.services.accounts import account_email_confirm


class PasswordFromLinkView(PasswordResetFromKeyView):
    """allauth's password-from-link page, which also confirms the address the link went to."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = getattr(self, "reset_user", None)
        # An invited account has no password yet: it chooses one, it does not change one.
        context["first_password"] = user is not None and not user.has_usable_password()
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        account_email_confirm(user=self.reset_user)
        return super().form_valid(form)


password_from_link = PasswordFromLinkView.as_view()
