"""Forms of the members app."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from aer_portal.forms import DomainErrorMixin, PortalForm
from aer_portal.rules.membership import MemberCategory
from members.models import ContactRole, Member, Person, PortalAccess


class InviteForm(DomainErrorMixin, forms.Form):
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
    person = forms.ModelChoiceField(
        label=_("Person in the records"),
        queryset=Person.objects.filter(anonymised_on__isnull=True),
        required=False,
        help_text=_(
            "The account belongs to this person's record (mandates, roles). Left empty, the "
            "one person with the same e-mail address and no account is chosen."
        ),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("member") and not data.get("is_staff"):
            self.add_error(
                "member",
                _("Choose the member this person acts for, or tick “Secretariat staff”."),
            )
        return data


class ContactForm(DomainErrorMixin, forms.Form):
    """What an officer or the secretariat may correct about one of the member's contacts."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    title = forms.CharField(label=_("Title or function"), max_length=200, required=False)
    languages = forms.CharField(
        label=_("Languages"),
        max_length=100,
        required=False,
        help_text=_("ISO 639-1 codes separated by commas, e.g. sv, en, fr"),
    )
    roles = forms.MultipleChoiceField(
        label=_("Contact for"),
        choices=ContactRole.Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=200,
        required=False,
        help_text=_("e.g. enheten externa relationer"),
    )

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, object]:
        roles = list(person.contact_roles.all())
        return {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "phone": person.phone,
            "title": person.title,
            "languages": person.languages,
            "roles": [role.role for role in roles],
            "unit": next((role.unit for role in roles if role.unit), ""),
        }


class MembershipAdmitForm(DomainErrorMixin, forms.Form):
    """The Executive Board's decision to admit a member in a category (or change it)."""

    member = forms.ModelChoiceField(
        label=_("Member"), queryset=Member.objects.select_related("country").order_by("name")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[(c.value, _(c.label)) for c in MemberCategory]
    )
    board_decision = forms.DateField(
        label=_("Executive Board decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ga_ratification = forms.DateField(
        label=_("General Assembly ratification"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AccessAskForm(PortalForm):
    """What an officer chooses when asking for a portal account for one of the contacts."""

    role = forms.ChoiceField(
        label=_("Role in the portal"),
        choices=PortalAccess.Role.choices,
        initial=PortalAccess.Role.DELEGATE,
        widget=forms.RadioSelect,
    )


class AccessRefuseForm(PortalForm):
    """Why the secretariat refuses a request for portal access; the officer reads it."""

    reason = forms.CharField(
        label=_("Reason for refusing"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
