"""Forms of the elections app: they parse input; the services decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aer_portal.forms import PortalForm
from aer_portal.uploads import upload_validator
from elections.models import (
    CANDIDACY_FILE_TYPES,
    Candidacy,
    Election,
    Position,
    Round,
    RoundCandidate,
)
from members.models import Member, Person

FILE_HELP = _("PDF or Word (DOCX); the content must match the extension.")


class CandidacyForm(PortalForm):
    """A member's officer nominates one of the member's people (Procedures art. 15.5)."""

    member = forms.ModelChoiceField(label=_("Nominating member"), queryset=Member.objects.none())
    position = forms.ModelChoiceField(label=_("Position"), queryset=Position.objects.none())
    person = forms.ModelChoiceField(
        label=_("Candidate"),
        queryset=Person.objects.none(),
        help_text=_("One of the member's people, holding a regional political mandate."),
    )
    bureau_role = forms.ChoiceField(
        label=_("Bureau seat"),
        choices=[("", _("— not a Bureau nomination —")), *Candidacy.BureauRole.choices],
        required=False,
        help_text=_("Only for the Bureau's list: the country's representative or a substitute."),
    )
    letter = forms.FileField(
        label=_("Application letter"),
        help_text=FILE_HELP,
        validators=[upload_validator(*CANDIDACY_FILE_TYPES, field="letter")],
    )
    cv = forms.FileField(
        label=_("CV"),
        help_text=FILE_HELP,
        validators=[upload_validator(*CANDIDACY_FILE_TYPES, field="cv")],
    )

    def __init__(
        self, *args: Any, election: Election, members: Iterable[Member], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        member_ids = [member.pk for member in members]
        self.fields["member"].queryset = Member.objects.filter(pk__in=member_ids).order_by(  # type: ignore[attr-defined]
            "name"
        )
        if len(member_ids) == 1:
            self.fields["member"].initial = member_ids[0]
        self.fields["position"].queryset = election.positions.all()  # type: ignore[attr-defined]
        self.fields["person"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(member_id__in=member_ids)
            .select_related("member")
            .order_by("member__name", "last_name", "first_name")
        )
        self.fields["person"].label_from_instance = lambda person: (  # type: ignore[attr-defined]
            f"{person} — {person.member}" if len(member_ids) > 1 else str(person)
        )


class ReviewForm(PortalForm):
    """The Election Committee's decision on one candidacy."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for a rejection."),
    )


class TalliersForm(PortalForm):
    """The two talliers who preside over the election (Procedures art. 15.7)."""

    tallier_one = forms.CharField(label=_("First tallier"), max_length=200)
    tallier_two = forms.CharField(label=_("Second tallier"), max_length=200)


class RoundOpenForm(PortalForm):
    """How the next round is held."""

    method = forms.ChoiceField(label=_("Voting"), choices=Round.Method.choices)
    open_vote = forms.BooleanField(
        label=_("Vote openly (the body decided so unanimously)"),
        required=False,
        help_text=_(
            "Procedures art. 15.9: elections are by secret ballot unless the body "
            "decides otherwise unanimously."
        ),
    )
    secrecy_decision = forms.CharField(
        label=_("The unanimous decision, as recorded"), max_length=300, required=False
    )


class CountsForm(PortalForm):
    """The talliers' count of a paper round: votes per candidate, blank and invalid ballots."""

    blank = forms.IntegerField(label=_("Blank ballots"), min_value=0, initial=0)
    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, initial=0)

    def __init__(self, *args: Any, candidates: Iterable[RoundCandidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = list(candidates)
        fields = {}
        for candidate in self.candidates:
            fields[f"votes_{candidate.pk}"] = forms.IntegerField(
                label=_("Votes for %(person)s") % {"person": candidate.candidacy.person},
                min_value=0,
            )
        self.fields = {**fields, **self.fields}
        self.style_widgets()

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"votes_{c.pk}"] for c in self.candidates}

    def candidate_fields(self) -> list[forms.BoundField]:
        return [self[f"votes_{c.pk}"] for c in self.candidates]


class TieForm(PortalForm):
    """The Election Committee's choice among candidates tied for the second round."""

    advancing = forms.MultipleChoiceField(
        label=_("Stand in the second round"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    decision = forms.CharField(
        label=_("How the Election Committee decided"),
        max_length=500,
        help_text=_("For example: drawn by lot by the two talliers."),
    )

    def __init__(self, *args: Any, tied: Iterable[RoundCandidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["advancing"].choices = [  # type: ignore[attr-defined]
            (str(c.pk), str(c.candidacy.person)) for c in tied
        ]


class RatifyForm(PortalForm):
    """The General Assembly's decision on the Bureau's list (Procedures art. 15 B)."""

    ratified = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Ratified")), ("no", _("Not ratified"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Record of the decision"),
        max_length=300,
        help_text=_("For example: ratified by show of hands, unanimously."),
    )


class VoteForm(PortalForm):
    """A secret vote in an online round: one candidate, or blank."""

    BLANK = "blank"

    choice = forms.ChoiceField(label=_("Your vote"), widget=forms.RadioSelect, choices=())

    def __init__(self, *args: Any, candidates: Iterable[RoundCandidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [  # type: ignore[attr-defined]
            *((str(c.number), f"{c.candidacy.person} ({c.candidacy.member})") for c in candidates),
            (self.BLANK, _("Blank vote")),
        ]

    def chosen_number(self) -> int | None:
        value = self.cleaned_data["choice"]
        return None if value == self.BLANK else int(value)

    def chosen_label(self) -> str:
        """The choice in words, as the ballot paper shows it."""
        value = self.cleaned_data["choice"]
        return str(dict(self.fields["choice"].choices)[value])  # type: ignore[attr-defined]


class ReceiptForm(PortalForm):
    """A voter checks that the ballot with their receipt code was counted."""

    code = forms.CharField(
        label=_("Receipt code"),
        max_length=40,
        help_text=_("The code shown when you voted, e.g. K7QX-2MFA-9B4T-WZ3C."),
    )
