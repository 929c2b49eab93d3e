"""Forms of the fees pages: they parse what a person typed; the services apply the rules."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aer_portal.forms import DomainErrorMixin
from aer_portal.rules.membership import MemberCategory
from fees.models import CsvProfile, FeeDecision, ProgrammeParticipation
from members.models import Member


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def member_choice(**kwargs: Any) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Member"),
        queryset=Member.objects.select_related("country").order_by("name"),
        **kwargs,
    )


class FeeDecisionForm(DomainErrorMixin, forms.ModelForm):
    """The Executive Board's decision on a year's fee parameters (Procedures art. 3.2)."""

    class Meta:
        model = FeeDecision
        fields = [
            "decided_on",
            *FeeDecision.PARAMETER_FIELDS,
            "eurodyssey_fee",
            "summer_academy_fee",
            "notes",
        ]
        widgets = {"decided_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class AdmissionForm(DomainErrorMixin, forms.Form):
    """The Board's decision to admit a member, which also invoices its first-year fee."""

    member = member_choice()
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[(c.value, _(c.label)) for c in MemberCategory],
        initial=MemberCategory.FULL.value,
    )
    board_decision = forms.DateField(label=_("Executive Board decision of"), widget=DateInput())
    ga_ratification = forms.DateField(
        label=_("General Assembly ratification"), required=False, widget=DateInput()
    )


class ParticipationForm(DomainErrorMixin, forms.Form):
    member = member_choice()
    # No programme chosen until the secretariat picks one: a required choice is not preselected.
    programme = forms.ChoiceField(
        label=_("Programme"),
        choices=[("", _("Choose a programme")), *ProgrammeParticipation.Programme.choices],
    )


class PaymentForm(DomainErrorMixin, forms.Form):
    """A payment the secretariat records by hand.

    The hidden key is made when the page is shown: the same form sent twice (a double click, a
    retry) carries the same key and records one payment.
    """

    invoice = forms.CharField(
        label=_("Invoice number"), max_length=20, help_text=_("e.g. 2026-0042")
    )
    amount = forms.DecimalField(label=_("Amount (€)"), max_digits=12, decimal_places=2)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput())
    reference = forms.CharField(label=_("Bank reference"), max_length=500, required=False)
    request_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={"required": _("The form is out of date: reload the page and try again.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4())


class StatementForm(DomainErrorMixin, forms.Form):
    file = forms.FileField(
        label=_("Bank statement"),
        help_text=_(
            "ISO 20022 camt.053 or camt.054 XML, MT940, CODA, or a CSV export (through the "
            "bank's CSV profile, or with a header row naming date, amount and reference). The "
            "format is recognised from the content."
        ),
    )
    profile = forms.ModelChoiceField(
        label=_("CSV profile"),
        queryset=CsvProfile.objects.order_by("bank_name"),
        required=False,
        empty_label=_("Recognise it (or no CSV)"),
        help_text=_(
            "Only for a CSV export: the bank it comes from. Profiles are kept in the admin."
        ),
    )


#: How many invoices a statement line may be split across on the statement page.
SPLIT_ROWS = 5


class SplitLineForm(forms.Form):
    """A statement line split across invoices: an invoice number and an amount per row."""

    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, SPLIT_ROWS + 1):
            self.fields[f"invoice_{row}"] = forms.CharField(
                label=_("Invoice %(n)s") % {"n": row}, max_length=20, required=False
            )
            self.fields[f"amount_{row}"] = forms.DecimalField(
                label=_("Amount %(n)s (€)") % {"n": row},
                max_digits=12,
                decimal_places=2,
                min_value=Decimal("0.01"),
                required=False,
            )

    def shares(self) -> list[tuple[str, Decimal | None]]:
        data = self.cleaned_data
        return [
            (data.get(f"invoice_{row}") or "", data.get(f"amount_{row}"))
            for row in range(1, SPLIT_ROWS + 1)
        ]


class ResolveLineForm(DomainErrorMixin, forms.Form):
    invoice = forms.CharField(
        label=_("Assign to invoice"),
        max_length=20,
        required=False,
        help_text=_("Only for a line that named no invoice."),
    )
    note = forms.CharField(
        label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CreditNoteForm(DomainErrorMixin, forms.Form):
    amount = forms.DecimalField(label=_("Amount to credit (€)"), max_digits=12, decimal_places=2)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class ExemptionForm(DomainErrorMixin, forms.Form):
    """A discount or exemption the Treasurer approves (Procedures art. 3.4)."""

    member = member_choice()
    year = forms.IntegerField(label=_("Fee year"), min_value=2016, max_value=2100)
    amount = forms.DecimalField(
        label=_("Discount (€)"),
        max_digits=12,
        decimal_places=2,
        required=False,
        help_text=_("Leave empty for a full exemption from the year's membership fee."),
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The exceptional circumstances, in writing (Procedures art. 3.4)."),
    )


class ExpenditureForm(DomainErrorMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("Ordinary expenditure (€)"), max_digits=12, decimal_places=2
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
