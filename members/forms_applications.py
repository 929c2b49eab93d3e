"""Forms of membership applications and notices of withdrawal."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aer_portal.forms import PortalForm
from aer_portal.rules.applications import APPLICABLE_CATEGORIES
from members.models import Country, Member


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
