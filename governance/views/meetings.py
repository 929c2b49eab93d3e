"""Pages about meetings, their deadlines, documents and decisions.

Everyone who may see a meeting (governance.selectors.meetings.meetings_visible_to) reads its
page, agenda, sent documents and, once held, its minutes. The secretariat runs the meeting
from the same page: every staff form posts to one URL naming its action, which calls one
service.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.dates import day
from aer_portal.errors import DomainError, Refused
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import ga_proposal_deadline
from governance import forms
from governance.models import (
    AgendaItem,
    GeneralAssemblyProposal,
    Meeting,
    MeetingDocument,
    Motion,
)
from governance.models.votes import Choice
from governance.pdf import agenda_pdf, minutes_pdf
from governance.selectors.deadlines import notice_deadlines_of
from governance.selectors.meetings import (
    attendance_rows,
    meeting_invitees,
    meeting_page,
    meeting_visible_to,
    meetings_visible_to,
    proposal_deadline_of,
    seated_people,
)
from governance.services import attendance as attendance_services
from governance.services import meetings as meeting_services
from governance.services import proposals as proposal_services
from governance.services import votes as vote_services
from governance.services.pending import group_progress
from members.access import PortalRoles, proposing_member_ids, require, require_secretariat
from members.http import PortalRequest
from members.models import User

MINUTES_VISIBLE = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)


def _user(request: PortalRequest) -> User:
    return request.user


def _roles(request: PortalRequest) -> PortalRoles:
    return request.portal


def _visible_meeting(request: PortalRequest, pk: int) -> Meeting:
    meeting = meeting_visible_to(
        user=_user(request),
        roles=_roles(request),
        pk=pk,
        on=timezone.localdate(),
    )
    if meeting is None:
        raise Http404(_("No such meeting, or not one you may see."))
    return meeting


@login_required
@require_GET
def meeting_list(request: PortalRequest) -> HttpResponse:
    """The meetings the person may see: those ahead, then the last ones held."""
    now = timezone.now()
    visible = meetings_visible_to(
        user=_user(request),
        roles=_roles(request),
        on=timezone.localdate(),
    )
    upcoming = list(visible.filter(starts_at__gte=now).order_by("starts_at")[:50])
    past = list(visible.filter(starts_at__lt=now).order_by("-starts_at")[:20])
    return render(request, "governance/meetings/list.html", {"upcoming": upcoming, "past": past})


def _detail_context(request: PortalRequest, meeting: Meeting, **overrides: Any) -> dict[str, Any]:
    roles = _roles(request)
    today = timezone.localdate()
    page = meeting_page(meeting=meeting, user=_user(request), roles=roles)
    context: dict[str, Any] = {
        "meeting": meeting,
        "page": page,
        "deadlines": notice_deadlines_of(meeting, today=today),
        "has_notice_period": bool(notice_deadlines_of(meeting, today=today))
        or meeting.status == Meeting.Status.CANCELLED,
        "is_staff": roles.is_staff,
        "minutes_visible": roles.is_staff or meeting.status in MINUTES_VISIBLE,
        "my_votes": page.attendance.my_votes,
        "confirm": None,
        "begun": meeting.starts_at <= timezone.now(),
        "seated": [],
        "counts_motion_id": None,
        "proposal_deadline": None,
        "proposals_closed": False,
        "may_propose": False,
    }
    if meeting.body.kind == BodyKind.GENERAL_ASSEMBLY:
        context["proposal_deadline"] = (
            None if page.board_meeting is None else ga_proposal_deadline(page.board_meeting.day)
        )
        deadline = context["proposal_deadline"]
        # Art. 4.2: no way to a form that can only refuse; after the deadline the page says so.
        context["proposals_closed"] = deadline is not None and timezone.localdate() > deadline
        context["may_propose"] = (
            roles.is_member_user
            and deadline is not None
            and not context["proposals_closed"]
            and meeting.status not in (Meeting.Status.CANCELLED, *MINUTES_VISIBLE)
        )
    if roles.is_staff:
        context.update(
            {
                "seated": seated_people(meeting=meeting)
                if meeting.status in attendance_services.RECORDABLE
                else [],
                "present_ids": {a.person_id for a in page.attendances if a.present},
                "agenda_form": forms.AgendaItemForm(),
                "document_form": forms.DocumentForm(meeting=meeting),
                "motion_form": forms.MotionForm(meeting=meeting),
                # One form per show-of-hands motion, each with its own ids.
                "counts_forms": {
                    motion.pk: forms.CountsForm(auto_id=f"id_counts_{motion.pk}_%s")
                    for motion in page.motions
                    if motion.method == Motion.Method.SHOW_OF_HANDS
                },
                "close_form": forms.CloseVoteForm(),
                "minutes_form": forms.MinutesForm(initial={"minutes_notes": meeting.minutes_notes}),
                "approve_form": forms.ApproveMinutesForm(meeting=meeting),
                "opinion_form": forms.OpinionForm(),
                "mailings": list(meeting.mailings.select_related("sent_by").order_by("sent_at")),
            }
        )
    context.update(overrides)
    if context["counts_motion_id"] is not None:
        context["counts_forms"][context["counts_motion_id"]] = context.pop("counts_form")
    return context


@login_required
@require_GET
def meeting_detail(request: PortalRequest, pk: int) -> HttpResponse:
    """A meeting: date, place, deadlines, agenda with documents, attendance and decisions."""
    meeting = _visible_meeting(request, pk)
    return render(request, "governance/meetings/detail.html", _detail_context(request, meeting))


ATTENDANCE_PAGE_SIZE = 50


@login_required
@require_GET
def meeting_attendance(request: PortalRequest, pk: int) -> HttpResponse:
    """Who attended a meeting, 50 people a page: loaded on demand from the meeting page.

    The meeting page shows the counts only (the secretariat gets every row there), so a
    member reloading it during a vote does not render 200 rows each time.
    """
    meeting = _visible_meeting(request, pk)
    rows = Paginator(attendance_rows(meeting=meeting), ATTENDANCE_PAGE_SIZE)
    listing = rows.get_page(request.GET.get("page"))
    context = {"meeting": meeting, "listing": listing}
    if request.headers.get("HX-Request") == "true":
        return render(request, "governance/meetings/_attendance.html", context)
    return render(request, "governance/meetings/attendance.html", context)


# --- The secretariat's actions ------------------------------------------------------------


def _staff_only(request: PortalRequest) -> None:
    require_secretariat(_user(request), message=_("Only the secretariat runs meetings."))


Action = Callable[[PortalRequest, Meeting], "str | dict[str, Any]"]


def _invitation(request: PortalRequest, meeting: Meeting) -> str:
    meeting_services.meeting_invitation_send(
        meeting=meeting,
        actor=_user(request),
        now=timezone.now(),
        late_confirmed=request.POST.get("confirm_late") == "1",
    )
    return _("The invitation is on its way to the members of the body.")


def _convened_outside(request: PortalRequest, meeting: Meeting) -> str:
    meeting_services.meeting_record_convened_outside(
        meeting=meeting,
        actor=_user(request),
        now=timezone.now(),
        confirmed=request.POST.get("confirm_late") == "1",
    )
    return _(
        "The meeting is recorded as convened outside the portal; attendance, votes and minutes "
        "can be recorded."
    )


def _send_documents(request: PortalRequest, meeting: Meeting) -> str:
    meeting_services.meeting_documents_send(
        meeting=meeting,
        actor=_user(request),
        now=timezone.now(),
        late_confirmed=request.POST.get("confirm_late") == "1",
    )
    return _("The documents are on their way to the members of the body.")


def _agenda_add(request: PortalRequest, meeting: Meeting) -> str | dict[str, Any]:
    form = forms.AgendaItemForm(request.POST)
    if not form.is_valid():
        return {"agenda_form": form}
    meeting_services.agenda_item_add(
        meeting=meeting,
        title=form.cleaned_data["title"],
        description=form.cleaned_data["description"],
        actor=_user(request),
    )
    return _("The point is on the agenda.")


def _agenda_move(request: PortalRequest, meeting: Meeting) -> str:
    item = get_object_or_404(AgendaItem, pk=request.POST.get("item") or 0, meeting=meeting)
    meeting_services.agenda_item_move(
        item=item, up=request.POST.get("direction") == "up", actor=_user(request)
    )
    return _("The agenda is reordered.")


def _agenda_remove(request: PortalRequest, meeting: Meeting) -> str:
    item = get_object_or_404(AgendaItem, pk=request.POST.get("item") or 0, meeting=meeting)
    meeting_services.agenda_item_remove(item=item, actor=_user(request))
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
            actor=_user(request),
            now=timezone.now(),
        )
    except DomainError as error:
        form.add_error("file", error.message)
        return {"document_form": form}
    return _("The document is stored; members see it once the documents are sent.")


def _held(request: PortalRequest, meeting: Meeting) -> str:
    meeting_services.meeting_mark_held(meeting=meeting, actor=_user(request), now=timezone.now())
    return _("The meeting is recorded as held.")


def _cancel(request: PortalRequest, meeting: Meeting) -> str:
    meeting_services.meeting_cancel(meeting=meeting, actor=_user(request))
    return _("The meeting is cancelled.")


def _attendance(request: PortalRequest, meeting: Meeting) -> str:
    ids = [int(value) for value in request.POST.getlist("present") if value.isdigit()]
    attendance_services.attendance_record(
        meeting=meeting, present_person_ids=ids, actor=_user(request)
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
            actor=_user(request),
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
            actor=_user(request),
            now=timezone.now(),
        )
    except DomainError as error:
        form.add_domain_error(error)
        return {"counts_form": form, "counts_motion_id": motion.pk}
    return _("The decision is recorded.")


def _open_vote(request: PortalRequest, meeting: Meeting) -> str:
    vote_services.motion_open(
        motion=_motion(request, meeting), actor=_user(request), now=timezone.now()
    )
    return _("The online vote is open.")


def _close_vote(request: PortalRequest, meeting: Meeting) -> str:
    form = forms.CloseVoteForm(request.POST)
    casting = forms.casting_vote(request.POST.get("casting_vote", "")) if form.is_valid() else None
    vote_services.motion_close(
        motion=_motion(request, meeting),
        actor=_user(request),
        now=timezone.now(),
        casting_vote=casting,
    )
    return _("The vote is closed and counted.")


def _minutes(request: PortalRequest, meeting: Meeting) -> str:
    form = forms.MinutesForm(request.POST)
    form.is_valid()
    meeting_services.meeting_minutes_save(
        meeting=meeting, notes=form.cleaned_data.get("minutes_notes", ""), actor=_user(request)
    )
    return _("The minutes are saved.")


def _approve(request: PortalRequest, meeting: Meeting) -> str | dict[str, Any]:
    form = forms.ApproveMinutesForm(request.POST, meeting=meeting)
    if not form.is_valid():
        return {"approve_form": form}
    meeting_services.meeting_minutes_approve(
        meeting=meeting, approved_at=form.cleaned_data["approved_at"], actor=_user(request)
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
        actor=_user(request),
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
    meeting = _visible_meeting(request, pk)
    name = request.POST.get("action", "")
    action = ACTIONS.get(name)
    if action is None:
        return HttpResponse(_("Unknown action."), status=400)
    if name in MAILINGS and request.POST.get("confirm_send") != "1":
        # A mailing to every member of the body cannot be recalled: say to how many it goes.
        context = _detail_context(
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
            context = _detail_context(
                request, meeting, confirm={"action": name, "message": error.message}
            )
            return render(request, "governance/meetings/detail.html", context, status=409)
        messages.error(request, error.message)
        return render(
            request,
            "governance/meetings/detail.html",
            _detail_context(request, meeting),
            status=400,
        )
    if isinstance(outcome, dict):
        meeting.refresh_from_db()
        context = _detail_context(request, meeting, **outcome)
        return render(request, "governance/meetings/detail.html", context, status=400)
    messages.success(request, outcome)
    return HttpResponseRedirect(reverse("governance:meeting_detail", args=[meeting.pk]))


# --- Voting, proposals, files -------------------------------------------------------------


@login_required
@require_POST
def meeting_vote(request: PortalRequest, pk: int) -> HttpResponse:
    """A present voter votes on an open online motion, after confirming the choice.

    The first POST shows "You vote for …; this cannot be changed."; only the confirming POST,
    which carries ``confirm=yes``, casts the sealed ballot (governance.services.votes).
    """
    meeting = _visible_meeting(request, pk)
    form = forms.VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose for, against or abstain."))
        return HttpResponseRedirect(reverse("governance:meeting_detail", args=[meeting.pk]))
    motion = get_object_or_404(Motion, pk=form.cleaned_data["motion"], meeting=meeting)
    if request.POST.get("confirm") != "yes" and motion.status == Motion.Status.OPEN:
        # Nothing is cast yet: the voter sees the choice once more, as on an election ballot.
        return render(
            request,
            "governance/meetings/vote_confirm.html",
            {
                "meeting": meeting,
                "motion": motion,
                "choice": form.cleaned_data["choice"],
                "chosen": Choice(form.cleaned_data["choice"]).label,
            },
        )
    try:
        vote_services.vote_cast(
            motion=motion, user=_user(request), choice=form.cleaned_data["choice"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return render(
            request,
            "governance/meetings/detail.html",
            _detail_context(request, meeting),
            status=400,
        )
    messages.success(request, _("Your vote is recorded. Results show when the vote closes."))
    return HttpResponseRedirect(reverse("governance:meeting_detail", args=[meeting.pk]))


def _proposals_closed_reason(meeting: Meeting, *, deadline: date | None, today: date) -> str:
    """Why no proposal can be submitted to ``meeting`` now (Procedures art. 4.2), or ``""``."""
    if meeting.status in (Meeting.Status.CANCELLED, *MINUTES_VISIBLE):
        return _("This General Assembly is over or cancelled: it takes no more proposals.")
    if deadline is None:
        return _(
            "The deadline for proposals follows from the Executive Board meeting before the "
            "General Assembly, which is not planned yet (Procedures art. 4.2). Proposals can be "
            "submitted once it is."
        )
    if today > deadline:
        return _(
            "Proposals could be submitted until %(day)s, the evening before the Executive Board "
            "meeting preceding the General Assembly (Procedures art. 4.2). The deadline has "
            "passed: no more proposals are accepted."
        ) % {"day": day(deadline)}
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: PortalRequest, pk: int) -> HttpResponse:
    """A member region submits a proposal to a General Assembly (Procedures art. 4.2)."""
    meeting = _visible_meeting(request, pk)
    roles = _roles(request)
    member_ids = proposing_member_ids(roles)
    require(
        meeting.body.kind == BodyKind.GENERAL_ASSEMBLY and bool(member_ids),
        _("Member regions submit proposals to a General Assembly."),
    )
    deadline = proposal_deadline_of(general_assembly=meeting)
    closed = _proposals_closed_reason(meeting, deadline=deadline, today=timezone.localdate())
    if closed:
        # Procedures art. 4.2: after the deadline there is no form to fill in, only why.
        return render(
            request,
            "governance/meetings/proposal_form.html",
            {"meeting": meeting, "form": None, "deadline": deadline, "closed": closed},
            status=400 if request.method == "POST" else 200,
        )
    form = forms.ProposalForm(request.POST or None, member_ids=member_ids)
    if request.method == "POST" and form.is_valid():
        try:
            # The form's fields are the service's: member, title, text.
            proposal_services.ga_proposal_submit(
                meeting=meeting, actor=_user(request), now=timezone.now(), **form.cleaned_data
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, _("Your proposal is submitted; the Executive Board will give its opinion.")
            )
            return HttpResponseRedirect(reverse("governance:meeting_detail", args=[meeting.pk]))
    return render(
        request,
        "governance/meetings/proposal_form.html",
        {
            "meeting": meeting,
            "form": form,
            "deadline": deadline,
            "closed": "",
        },
        status=400 if request.method == "POST" else 200,
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def meeting_agenda_pdf(request: PortalRequest, pk: int) -> HttpResponse:
    """The agenda as PDF."""
    meeting = _visible_meeting(request, pk)
    return _pdf_response(agenda_pdf(meeting=meeting), f"agenda-{slugify(meeting.title)}.pdf")


@login_required
@require_GET
def meeting_minutes_pdf(request: PortalRequest, pk: int) -> HttpResponse:
    """The minutes as PDF: for members once the meeting is held, a draft for the secretariat."""
    meeting = _visible_meeting(request, pk)
    if not (_roles(request).is_staff or meeting.status in MINUTES_VISIBLE):
        raise Http404(_("The minutes are written after the meeting."))
    return _pdf_response(minutes_pdf(meeting=meeting), f"minutes-{slugify(meeting.title)}.pdf")


@login_required
@require_GET
def document_download(request: PortalRequest, pk: int) -> FileResponse:
    """A meeting document, for those who may see the meeting once it is sent (staff: always)."""
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    _visible_meeting(request, document.meeting_id)
    if document.sent_at is None and not _roles(request).is_staff:
        raise Http404(_("No such document."))
    extension = document.extension
    filename = slugify(document.title) or "document"
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{filename}{extension}",
        content_type=_content_type(extension),
    )


def _content_type(extension: str) -> str:
    from aer_portal.uploads import CONTENT_TYPES

    return CONTENT_TYPES.get(extension, "application/octet-stream")


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


urlpatterns: list[URLPattern | URLResolver] = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/manage/", meeting_manage, name="meeting_manage"),
    path("meetings/<int:pk>/vote/", meeting_vote, name="meeting_vote"),
    path("meetings/<int:pk>/proposals/new/", proposal_new, name="proposal_new"),
    path("meetings/<int:pk>/agenda.pdf", meeting_agenda_pdf, name="meeting_agenda_pdf"),
    path("meetings/<int:pk>/minutes.pdf", meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("meetings/documents/<int:pk>/", document_download, name="document_download"),
    path("meetings/mailings/<int:pk>/progress/", mailing_progress, name="mailing_progress"),
]
