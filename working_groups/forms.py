"""Forms of the working-group pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from aer_portal.forms import PortalForm
from governance.models import Meeting, Seat
from members.models import Member, Person
from working_groups.models import GroupActivity, ReviewVote, WorkingGroupProposal


class ProposalForm(PortalForm):
    """The draft proposal (AER Working Groups page, step 2); every field may stay empty."""

    lead_region = forms.ModelChoiceField(
        label=_("Lead region"), queryset=Member.objects.none(), empty_label=None
    )
    topic = forms.CharField(label=_("Topic of the working group"), max_length=200, required=False)
    focus = forms.CharField(
        label=_("Focus of the exchange and dissemination of good practice"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    objective = forms.CharField(
        label=_("Objective"),
        help_text=_("What will the activities help to achieve?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    activities = forms.CharField(
        label=_("Activities for the first two-year mandate"),
        help_text=_("One activity per line."),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    policy_area = forms.ModelChoiceField(
        label=_("Policy area (and so the Vice-President in charge)"),
        queryset=Seat.objects.none(),
        required=False,
        empty_label=_("— not chosen yet —"),
    )

    def __init__(
        self,
        *args: Any,
        regions: list[Member],
        areas: QuerySet[Seat],
        with_lead_region: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead_region"].queryset = Member.objects.filter(  # type: ignore[attr-defined]
            pk__in=[r.pk for r in regions]
        ).order_by("name")
        if not with_lead_region:
            del self.fields["lead_region"]
        policy_area = self.fields["policy_area"]
        policy_area.queryset = areas  # type: ignore[attr-defined]
        policy_area.label_from_instance = lambda seat: seat.portfolio_name  # type: ignore[attr-defined]

    @classmethod
    def initial_from(cls, proposal: WorkingGroupProposal) -> dict[str, Any]:
        return {
            "topic": proposal.topic,
            "focus": proposal.focus,
            "objective": proposal.objective,
            "activities": proposal.activities,
            "policy_area": proposal.policy_area_id,
        }


class RegionChoiceForm(PortalForm):
    """One member region, picked from a list (invite, suggest, join, leave)."""

    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Member.objects.none(), empty_label=_("— choose a region —")
    )
    note = forms.CharField(
        label=_("Why this region may be interested"), max_length=300, required=False
    )

    def __init__(
        self,
        *args: Any,
        regions: QuerySet[Member],
        with_note: bool = False,
        label: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]
        if label:
            self.fields["region"].label = label
        if not with_note:
            del self.fields["note"]


class AnswerForm(PortalForm):
    """An invited region's answer: the button pressed and the region answering."""

    region = forms.ModelChoiceField(queryset=Member.objects.none(), widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("decline", _("Decline"))])

    def __init__(self, *args: Any, regions: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions  # type: ignore[attr-defined]


class CommentForm(PortalForm):
    text = forms.CharField(
        label=_("Your comment (seen by the Board and the secretariat only)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VoteForm(PortalForm):
    """A Board member's vote; ``seen`` is the vote the page showed, to catch a second tab."""

    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=ReviewVote.Choice.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)


class DecisionForm(PortalForm):
    """The Board's decision as the secretariat records it at the meeting."""

    decided_on = forms.DateField(
        label=_("Date of the Board's decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    approve_votes = forms.IntegerField(label=_("Votes to approve"), min_value=0)
    reject_votes = forms.IntegerField(label=_("Votes to reject"), min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0)
    casting_vote = forms.ChoiceField(
        label=_("Casting vote of the President (only on a tie, Procedures art. 14)"),
        choices=[
            ("", _("None: the votes are not tied")),
            ("approve", _("Approve")),
            ("reject", _("Reject")),
            ("declined", _("The President declined: the proposal is not approved")),
        ],
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason (adequacy with AER values)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The lead region reads this reason; it never sees the individual votes."),
    )
    reason_against_online = forms.CharField(
        label=_("Why the decision differs from the online review (if it does)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    first_meeting_starts_at = forms.DateTimeField(
        label=_("First meeting of the group (if approved and known)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Invitations go out at least four weeks before (Procedures art. 11.4)."),
    )
    first_meeting_place = forms.CharField(label=_("Place"), max_length=200, required=False)
    first_meeting_online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https"
    )


class PersonChoiceForm(PortalForm):
    """A person appointed to an office of the group, with the date."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    starts_on = forms.DateField(
        label=_("Appointed on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p} — {p.member}"  # type: ignore[attr-defined]


class ChairForm(PortalForm):
    """The Chair the group appointed, and the held meeting of the group that appointed them."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    meeting = forms.ModelChoiceField(
        label=_("Appointed at the meeting"),
        queryset=Meeting.objects.none(),
        help_text=_(
            "A meeting of the group recorded as held; the Chair's mandate starts that day."
        ),
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], meetings: QuerySet[Meeting], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = people  # type: ignore[attr-defined]
        field.label_from_instance = lambda p: f"{p} — {p.member}"  # type: ignore[attr-defined]
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class MeetingForm(PortalForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")


class ActivityForm(PortalForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=GroupActivity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    happened_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https")


class DissolveForm(PortalForm):
    dissolved_on = forms.DateField(
        label=_("Date of the Board's decision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
