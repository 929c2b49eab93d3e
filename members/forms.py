"""Forms of the members app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Member, PortalAccess


class InviteForm(forms.Form):
    """What the secretariat types to invite a person to the portal."""

    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    member = forms.ModelChoiceField(
        label=_("Acts for member"),
        queryset=Member.objects.select_related("country").order_by("name"),
        required=False,
        help_text=_("Leave empty for secretariat staff."),
    )
    role = forms.ChoiceField(
        label=_("Role for that member"),
        choices=PortalAccess.Role.choices,
        initial=PortalAccess.Role.OFFICER,
    )
    is_staff = forms.BooleanField(label=_("Secretariat staff"), required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("member") and not data.get("is_staff"):
            self.add_error(
                "member",
                _("Choose the member this person acts for, or tick “Secretariat staff”."),
            )
        return data
