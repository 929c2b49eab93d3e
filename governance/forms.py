"""Forms of the governance pages: they parse input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from aer_portal.forms import PortalForm
from aer_portal.rules.votes import CastingVote
from governance.models import AgendaItem, Meeting, Motion
from governance.models.meetings import DOCUMENT_EXTENSIONS
from governance.models.votes import Choice
from members.models import Member

CASTING_CHOICES = [
    ("", _("No tie")),
    ("yes", _("For")),
    ("no", _("Against")),
    ("declined", _("The President declined: the motion fails (Procedures art. 14)")),
]


def casting_vote(value: str) -> CastingVote | None:
    return {
        "yes": CastingVote.FOR,
        "no": CastingVote.AGAINST,
        "declined": CastingVote.DECLINED,
    }.get(value)


class AgendaItemForm(PortalForm):
    ids = "agenda"

    title = forms.CharField(label=_("Agenda point"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


def _agenda_point() -> forms.ModelChoiceField[AgendaItem]:
    return forms.ModelChoiceField(
        label=_("Agenda point"), queryset=AgendaItem.objects.none(), required=False
    )


class _OnAgendaPoint(PortalForm):
    """A form of a meeting's page with an optional ``agenda_item`` (:func:`_agenda_point`,
    declared where it stands among the form's fields) among the meeting's own points: offered
    from ``agenda`` when the page has read it already (the meeting page's forms each read it
    again), checked in the database."""

    def __init__(
        self, *args: Any, meeting: Meeting, agenda: list[AgendaItem] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agenda_item"]
        field.queryset = meeting.agenda_items.order_by("position")  # type: ignore[attr-defined]
        if agenda is not None:
            field.choices = [("", field.empty_label), *((item.pk, str(item)) for item in agenda)]  # type: ignore[attr-defined]


class DocumentForm(_OnAgendaPoint):
    ids = "document"

    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX or ODT."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(DOCUMENT_EXTENSIONS)}),
    )
    agenda_item = _agenda_point()


class MotionForm(_OnAgendaPoint):
    ids = "motion"

    text = forms.CharField(label=_("Motion"), widget=forms.Textarea(attrs={"rows": 2}))
    method = forms.ChoiceField(label=_("How it is voted"), choices=Motion.Method.choices)
    secret_requested_by = forms.CharField(
        label=_("Secret vote requested by"), max_length=200, required=False
    )
    agenda_item = _agenda_point()


class CountsForm(PortalForm):
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0)
    abstentions = forms.IntegerField(label=_("Abstentions"), min_value=0)
    casting_vote = forms.ChoiceField(
        label=_("Casting vote of the body's President on a tie"),
        choices=CASTING_CHOICES,
        required=False,
    )


class CloseVoteForm(PortalForm):
    ids = "close"

    casting_vote = forms.ChoiceField(
        label=_("Casting vote of the body's President on a tie"),
        choices=CASTING_CHOICES,
        required=False,
    )


class VoteForm(PortalForm):
    motion = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label=_("Your vote"), choices=Choice.choices, widget=forms.RadioSelect
    )


class MinutesForm(PortalForm):
    ids = "minutes"

    minutes_notes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class ApproveMinutesForm(PortalForm):
    ids = "approve"

    approved_at = forms.ModelChoiceField(label=_("Approved at"), queryset=Meeting.objects.none())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approved_at"].queryset = Meeting.objects.filter(  # type: ignore[attr-defined]
            body_id=meeting.body_id, starts_at__gt=meeting.starts_at
        ).order_by("starts_at")


class ProposalForm(PortalForm):
    member = forms.ModelChoiceField(label=_("On behalf of"), queryset=Member.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, member_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.filter(pk__in=member_ids)  # type: ignore[attr-defined]
        if len(member_ids) == 1:
            self.fields["member"].initial = member_ids[0]


class OpinionForm(PortalForm):
    proposal = forms.IntegerField(widget=forms.HiddenInput)
    board_opinion = forms.CharField(
        label=_("Opinion of the Executive Board"), widget=forms.Textarea(attrs={"rows": 3})
    )
    accepted = forms.TypedChoiceField(
        label=_("On the General Assembly's agenda?"),
        choices=[("1", _("Yes, put it on the agenda")), ("0", _("No"))],
        coerce=lambda value: value == "1",
    )
