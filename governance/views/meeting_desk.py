"""The secretariat's actions on a meeting, from the meeting's own page.

Every staff form on the meeting page posts to one URL naming its action, which calls one
service; a mailing to every member of the body is confirmed with its number of recipients
first. The worker's progress in sending a mailing is polled from the same page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from aer_portal.errors import DomainError, Refused
from governance import forms
from governance.models import (
    AgendaItem,
    GeneralAssemblyProposal,
    Meeting,
    Motion,
)
from governance.selectors.seated import meeting_invitees
from governance.services import attendance as attendance_services
from governance.services import convening
from governance.services import meetings as meeting_services
from governance.services import proposals as proposal_services
from governance.services import votes as vote_services
from governance.services.pending import group_progress
from governance.views.meetings import detail_context, visible_meeting
from members.access import PortalRequest, require_secretariat

# --- The secretariat's actions ------------------------------------------------------------


def _staff_only(request: PortalRequest) -> None:
    require_secretariat(request.user, message=_("Only the secretariat runs meetings."))


Action = Callable[[PortalRequest, Meeting], "str | dict[str, Any]"]


def _mailing(send: Callable[..., object], done: Promise) -> Action:
    """An action that mails the members of the body with ``send`` (late only once the
    secretariat confirms) and says ``done``."""

    def act(request: PortalRequest, meeting: Meeting) -> str:
        send(
            meeting=meeting,
            actor=request.user,
            now=timezone.now(),
            late_confirmed=request.POST.get("confirm_late") == "1",
        )
        return str(done)

    return act


_invitation = _mailing(
    convening.meeting_invitation_send,
    gettext_lazy("The invitation is on its way to the members of the body."),
)
_send_documents = _mailing(
    convening.meeting_documents_send,
    gettext_lazy("The documents are on their way to the members of the body."),
)


def _convened_outside(request: PortalRequest, meeting: Meeting) -> str:
    convening.meeting_record_convened_outside(
        meeting=meeting,
        actor=request.user,
        now=timezone.now(),
        confirmed=request.POST.get("confirm_late") == "1",
    )
    return _(
        "The meeting is recorded as convened outside the portal; attendance, votes and minutes "
        "can be recorded."
    )


def _agenda_add(request: PortalRequest, meeting: Meeting) -> str | dict[str, Any]:
    form = forms.AgendaItemForm(request.POST)
    if not form.is_valid():
        return {"agenda_form": form}
    meeting_services.agenda_item_add(
        meeting=meeting,
        title=form.cleaned_data["title"],
        description=form.cleaned_data["description"],
        actor=request.user,
    )
    return _("The point is on the agenda.")


def _agenda_move(request: PortalRequest, meeting: Meeting) -> str:
    item = get_object_or_404(AgendaItem, pk=request.POST.get("item") or 0, meeting=meeting)
    meeting_services.agenda_item_move(
        item=item, up=request.POST.get("direction") == "up", actor=request.user
    )
    return _("The agenda is reordered.")


def _agenda_remove(request: PortalRequest, meeting: Meeting) -> str:
    item = get_object_or_404(AgendaItem, pk=request.POST.get("item") or 0, meeting=meeting)
    meeting_services.agenda_item_remove(item=item, actor=request.user)
    return _("The point is removed from the agenda.")


def _document_upload(request: PortalRequest, meeting: Meeting) -> str | dict[str, Any]:
    form = forms.DocumentForm(request.POST, request.FILES, meeting=meeting)
    if not form.is_valid():
        return {"document_form": form}
    try:
        meeting_services.meeting_document_add(
            meeting=meeting,
            upload=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            agenda_item=form.cleaned_data["agenda_item"],
            actor=request.user,
            now=timezone.now(),
        )
    except DomainError as error:
        form.add_error("file", error.message)
        return {"document_form": form}
    return _("The document is stored; members see it once the documents are sent.")


def _held(request: PortalRequest, meeting: Meeting) -> str:
    meeting_services.meeting_mark_held(meeting=meeting, actor=request.user, now=timezone.now())
    return _("The meeting is recorded as held.")


def _cancel(request: PortalRequest, meeting: Meeting) -> str:
    meeting_services.meeting_cancel(meeting=meeting, actor=request.user)
    return _("The meeting is cancelled.")


def _attendance(request: PortalRequest, meeting: Meeting) -> str:
    ids = [int(value) for value in request.POST.getlist("present") if value.isdigit()]
    attendance_services.attendance_record(
        meeting=meeting, present_person_ids=ids, actor=request.user
    )
    return _("Attendance and voting rights are recorded.")


def _motion_add(request: PortalRequest, meeting: Meeting) -> str | dict[str, Any]:
    form = forms.MotionForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return {"motion_form": form}
    try:
        vote_services.motion_propose(
            meeting=meeting,
            text=form.cleaned_data["text"],
            method=form.cleaned_data["method"],
            agenda_item=form.cleaned_data["agenda_item"],
            secret_requested_by=form.cleaned_data["secret_requested_by"],
            actor=request.user,
        )
    except DomainError as error:
        form.add_domain_error(error)
        return {"motion_form": form}
    return _("The motion is put to the meeting.")


def _motion(request: PortalRequest, meeting: Meeting) -> Motion:
    return get_object_or_404(Motion, pk=request.POST.get("motion") or 0, meeting=meeting)


def _counts(request: PortalRequest, meeting: Meeting) -> str | dict[str, Any]:
    motion = _motion(request, meeting)
    form = forms.CountsForm(request.POST, auto_id=f"id_counts_{motion.pk}_%s")
    if not form.is_valid():
        return {"counts_form": form, "counts_motion_id": motion.pk}
    try:
        vote_services.motion_record_show_of_hands(
            motion=motion,
            votes_for=form.cleaned_data["votes_for"],
            votes_against=form.cleaned_data["votes_against"],
            abstentions=form.cleaned_data["abstentions"],
            casting_vote=forms.casting_vote(form.cleaned_data["casting_vote"]),
            actor=request.user,
            now=timezone.now(),
        )
    except DomainError as error:
        form.add_domain_error(error)
        return {"counts_form": form, "counts_motion_id": motion.pk}
    return _("The decision is recorded.")


def _open_vote(request: PortalRequest, meeting: Meeting) -> str:
    vote_services.motion_open(
        motion=_motion(request, meeting), actor=request.user, now=timezone.now()
    )
    return _("The online vote is open.")


def _close_vote(request: PortalRequest, meeting: Meeting) -> str:
    form = forms.CloseVoteForm(request.POST)
    casting = forms.casting_vote(request.POST.get("casting_vote", "")) if form.is_valid() else None
    vote_services.motion_close(
        motion=_motion(request, meeting),
        actor=request.user,
        now=timezone.now(),
        casting_vote=casting,
    )
    return _("The vote is closed and counted.")


def _minutes(request: PortalRequest, meeting: Meeting) -> str:
    form = forms.MinutesForm(request.POST)
    form.is_valid()
    meeting_services.meeting_minutes_save(
        meeting=meeting, notes=form.cleaned_data.get("minutes_notes", ""), actor=request.user
    )
    return _("The minutes are saved.")


def _approve(request: PortalRequest, meeting: Meeting) -> str | dict[str, Any]:
    form = forms.ApproveMinutesForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return {"approve_form": form}
    meeting_services.meeting_minutes_approve(
        meeting=meeting, approved_at=form.cleaned_data["approved_at"], actor=request.user
    )
    return _("The minutes are approved.")


def _opinion(request: PortalRequest, meeting: Meeting) -> str | dict[str, Any]:
    form = forms.OpinionForm(request.POST)
    if not form.is_valid():
        return {"opinion_form": form}
    proposal = get_object_or_404(
        GeneralAssemblyProposal, pk=form.cleaned_data["proposal"], meeting=meeting
    )
    proposal_services.ga_proposal_opinion_record(
        proposal=proposal,
        opinion=form.cleaned_data["board_opinion"],
        accepted=form.cleaned_data["accepted"],
        actor=request.user,
        today=timezone.localdate(),
    )
    return _("The Executive Board's opinion is recorded.")


ACTIONS: dict[str, Action] = {
    "invitation": _invitation,
    "send_documents": _send_documents,
    "convened_outside": _convened_outside,
    "agenda_add": _agenda_add,
    "agenda_move": _agenda_move,
    "agenda_remove": _agenda_remove,
    "document_upload": _document_upload,
    "held": _held,
    "cancel": _cancel,
    "attendance": _attendance,
    "motion_add": _motion_add,
    "counts": _counts,
    "open_vote": _open_vote,
    "close_vote": _close_vote,
    "minutes": _minutes,
    "approve": _approve,
    "opinion": _opinion,
}


def _invitation_recipients(count: int) -> str:
    return ngettext(
        "The invitation and the draft agenda go by e-mail to %(count)d person, every member "
        "of the body with an address. A mailing cannot be recalled.",
        "The invitation and the draft agenda go by e-mail to %(count)d people, every member "
        "of the body with an address. A mailing cannot be recalled.",
        count,
    ) % {"count": count}


def _documents_recipients(count: int) -> str:
    return ngettext(
        "The new documents go by e-mail to %(count)d person, every member of the body with an "
        "address. A mailing cannot be recalled.",
        "The new documents go by e-mail to %(count)d people, every member of the body with an "
        "address. A mailing cannot be recalled.",
        count,
    ) % {"count": count}


# The actions that mail every member of the body: each is confirmed first (``confirm_send``).
MAILINGS: dict[str, Callable[[int], str]] = {
    "invitation": _invitation_recipients,
    "send_documents": _documents_recipients,
}


@login_required
@require_POST
def meeting_manage(request: PortalRequest, pk: int) -> HttpResponse:
    """The secretariat's actions on a meeting; each calls one service.

    A mailing to every member of the body is shown with its number of recipients and sent only
    by the confirming POST, which carries ``confirm_send=1``.
    """
    _staff_only(request)
    meeting = visible_meeting(request, pk)
    name = request.POST.get("action", "")
    action = ACTIONS.get(name)
    if action is None:
        return HttpResponse(_("Unknown action."), status=400)
    if name in MAILINGS and request.POST.get("confirm_send") != "1":
        # A mailing to every member of the body cannot be recalled: say to how many it goes.
        context = detail_context(
            request,
            meeting,
            confirm={
                "action": name,
                "send": True,
                "message": MAILINGS[name](len(meeting_invitees(meeting=meeting))),
            },
        )
        return render(request, "governance/meetings/detail.html", context)
    try:
        outcome = action(request, meeting)
    except Refused:
        raise  # the 403 page, with the sentence
    except DomainError as error:
        meeting.refresh_from_db()
        if error.field == "confirm_late":
            # Late: the person confirms the message quoting the article, then it is sent.
            context = detail_context(
                request, meeting, confirm={"action": name, "message": error.message}
            )
            return render(request, "governance/meetings/detail.html", context, status=409)
        messages.error(request, error.message)
        return render(
            request,
            "governance/meetings/detail.html",
            detail_context(request, meeting),
            status=400,
        )
    if isinstance(outcome, dict):
        meeting.refresh_from_db()
        context = detail_context(request, meeting, **outcome)
        return render(request, "governance/meetings/detail.html", context, status=400)
    messages.success(request, outcome)
    return HttpResponseRedirect(reverse("governance:meeting_detail", args=[meeting.pk]))


@login_required
@require_GET
def mailing_progress(request: PortalRequest, pk: int) -> HttpResponse:
    """How far the worker got in sending a mailing, and why any part failed (polled by htmx
    from the meeting page until it is done)."""
    _staff_only(request)
    return render(
        request,
        "pending_work/_progress.html",
        {
            "progress": group_progress(group=f"mailing:{pk}"),
            "poll_url": reverse("governance:mailing_progress", args=[pk]),
        },
    )
