"""Forms of the members app: invitations, access, contacts and admissions; membership
applications, the Board's ballot on them and notices of withdrawal."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aer_portal.forms import DomainErrorMixin, PortalForm
from aer_portal.rules.applications import APPLICABLE_CATEGORIES
from aer_portal.rules.membership import MemberCategory
from members.models import ContactRole, Country, Member, Person, PortalAccess


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


# --- Membership applications and notices of withdrawal -----------------------------------


def _casting_vote_field() -> forms.ChoiceField:
    """The President's casting vote on a tie (Procedures art. 14), in either way of counting."""
    return forms.ChoiceField(
        label=_("President's casting vote (a tie only)"),
        required=False,
        choices=[
            ("", "—"),
            ("for", _("for")),
            ("against", _("against")),
            ("declined", _("declined")),
        ],
        help_text=_(
            "Procedures art. 14: more votes for than against; abstentions do not count; a tie "
            "is decided by the President's casting vote."
        ),
    )


class ApplicationForm(PortalForm):
    """What an entity fills in to apply; ``website_url`` is a honeypot that people never see."""

    request_key = forms.UUIDField(widget=forms.HiddenInput)
    name = forms.CharField(label=_("Official name of the region or organisation"), max_length=200)
    native_name = forms.CharField(
        label=_("Name in its own language"), max_length=200, required=False
    )
    kind = forms.ChoiceField(label=_("Kind of entity"), choices=Member.Kind.choices)
    category = forms.ChoiceField(
        label=_("Category asked for"),
        choices=[(c.value, _(c.label)) for c in APPLICABLE_CATEGORIES],
        help_text=_(
            "Observers attend for one year without a vote and pay no fee (Procedures art. 2.1)."
        ),
    )
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.order_by("name_en"),
        empty_label=_("Choose a country"),
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    population = forms.IntegerField(
        label=_("Population (inhabitants)"),
        min_value=1,
        required=False,
        help_text=_("Needed for full and geographical associate membership: the fee uses it."),
    )
    relative_gdp = forms.DecimalField(
        label=_("GDP per inhabitant relative to the EU average"),
        min_value=0.001,
        max_digits=6,
        decimal_places=3,
        required=False,
        help_text=_("1.000 is the EU average; e.g. 0.550 for 55 %."),
    )
    total_revenue = forms.DecimalField(
        label=_("Total revenue (€)"),
        min_value=1,
        max_digits=15,
        decimal_places=2,
        required=False,
        help_text=_("Only when below € 2 000 000: the fee is then capped at 0.15 % of it."),
    )
    contact_first_name = forms.CharField(label=_("Contact person: first name"), max_length=100)
    contact_last_name = forms.CharField(label=_("Contact person: last name"), max_length=100)
    contact_email = forms.EmailField(label=_("Contact person: e-mail"))
    contact_title = forms.CharField(
        label=_("Contact person: function"), max_length=200, required=False
    )
    language = forms.ChoiceField(
        label=_("Language of the correspondence"),
        choices=[("en", "English"), ("fr", "Français")],
    )
    letter = forms.FileField(
        label=_("Signed letter of intent (PDF)"),
        required=False,
        help_text=_("Signed by the entity's political leader; a PDF of at most 10 MB."),
    )
    # People never see it (hidden by CSS and from screen readers); robots fill it in.
    website_url = forms.CharField(label=_("Leave this empty"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website_url"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "form-control"}
        )
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4())

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website_url", "").strip())


class InformationReplyForm(PortalForm):
    """The applicant's answer to the secretariat's request, through the status link."""

    reply = forms.CharField(label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 4}))
    population = ApplicationForm.base_fields["population"]
    relative_gdp = ApplicationForm.base_fields["relative_gdp"]
    total_revenue = ApplicationForm.base_fields["total_revenue"]
    letter = forms.FileField(
        label=_("A new signed letter of intent (PDF), if asked for"), required=False
    )


class InformationRequestForm(PortalForm):
    """The secretariat's question to the applicant."""

    information_request = forms.CharField(
        label=_("What is missing"), widget=forms.Textarea(attrs={"rows": 4})
    )


class DecisionForm(PortalForm):
    """The Executive Board's decision, as the secretariat records it."""

    approve = forms.TypedChoiceField(
        label=_("The Executive Board"),
        choices=[("yes", _("approved the application")), ("no", _("refused the application"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    decision_reason = forms.CharField(
        label=_("Reason (sent to the applicant when refused)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    online = forms.BooleanField(label=_("Decided by an online vote of the Board"), required=False)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0, required=False)
    casting_vote = _casting_vote_field()


class BallotForm(PortalForm):
    """A Board member's vote in the online vote on an application (Procedures art. 14)."""

    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=[("for", _("For")), ("against", _("Against")), ("abstain", _("Abstain"))],
        widget=forms.RadioSelect,
    )
    # The vote the page showed: another tab's change is then named, never overwritten.
    seen_choice = forms.CharField(required=False, widget=forms.HiddenInput)


class VoteCloseForm(PortalForm):
    """The secretariat closes the Board's online vote; the count decides (art. 14)."""

    casting_vote = _casting_vote_field()
    decision_reason = forms.CharField(
        label=_("Reason (sent to the applicant when refused)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawalForm(PortalForm):
    """A member's officer gives notice of withdrawal; the box confirms it is meant."""

    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirm = forms.BooleanField(
        label=_("I confirm that our region leaves AER on the date shown."), required=True
    )
