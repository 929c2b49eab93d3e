"""Pages about meetings, their deadlines, documents and decisions.

Everyone who may see a meeting (governance.selectors.meetings.meetings_visible_to) reads its
page, agenda, sent documents and, once held, its minutes. The secretariat runs the meeting
from the same page; its actions are in governance.views.meeting_desk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.dates import day
from aer_portal.errors import DomainError
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.meetings import ga_proposal_deadline
from governance import forms
from governance.models import (
    Body,
    Meeting,
    MeetingDocument,
    Motion,
)
from governance.models.votes import Choice
from governance.pdf import agenda_pdf, minutes_pdf
from governance.selectors.deadlines import notice_deadlines_of
from governance.selectors.meeting_page import attendance_rows, meeting_page
from governance.selectors.meetings import listed_meetings, meeting_visible_to, proposal_deadline_of
from governance.selectors.seated import seated_people
from governance.services import attendance as attendance_services
from governance.services import proposals as proposal_services
from governance.services import votes as vote_services
from members.access import PortalRequest, proposing_member_ids, require

MINUTES_VISIBLE = (Meeting.Status.HELD, Meeting.Status.MINUTES_APPROVED)


def visible_meeting(request: PortalRequest, pk: int) -> Meeting:
    meeting = meeting_visible_to(
        user=request.user,
        roles=request.portal,
        pk=pk,
        on=timezone.localdate(),
    )
    if meeting is None:
        raise Http404(_("No such meeting, or not one you may see."))
    return meeting


@dataclass(frozen=True)
class MeetingRow:
    """A meeting as the list shows it, its words made once (the list has up to 70 rows)."""

    url: str
    title: str
    body: str
    starts: str
    day: str
    place: str
    status: str
    status_label: str


#: The columns of a row of the meetings list (no model is built for a row).
_ROW_COLUMNS = ("pk", "title", "body_id", "body__name", "starts_at", "place", "status")


def _meeting_rows(meetings: Iterable[tuple[Any, ...]]) -> list[MeetingRow]:
    """The list's rows from columns, each body's name, status and day written once: a model
    for each meeting and its body, and a label per row, were most of the list."""
    # One reversed address for every row: reversing each one was a tenth of the page.
    link = reverse("governance:meeting_detail", args=[0])[: -len("0/")] + "{}/"
    bodies: dict[int, str] = {}
    labels: dict[str, str] = {}
    days: dict[date, str] = {}
    rows = []
    for pk, title, body_id, body_name, starts_at, place, status in meetings:
        if body_id not in bodies:
            bodies[body_id] = Body(name=body_name).display_name
        if status not in labels:
            labels[status] = Meeting(status=status).status_label
        starts = timezone.localtime(starts_at)
        if starts.date() not in days:
            days[starts.date()] = day(starts.date())
        rows.append(
            MeetingRow(
                url=link.format(pk),
                title=title,
                body=bodies[body_id],
                starts=date_format(starts, "DATETIME_FORMAT"),
                day=days[starts.date()],
                place=place,
                status=status,
                status_label=labels[status],
            )
        )
    return rows


#: Meetings ahead the list shows before "show all".
UPCOMING_ROWS = 25


@login_required
@require_GET
def meeting_list(request: PortalRequest) -> HttpResponse:
    """The meetings the person may see: those ahead, then the last ones held."""
    # The meetings ahead grow with the working groups (fifty and more at five times AER's
    # size): the next 25, one more read to know whether to offer the rest, and every one on
    # "show all", for printing.
    show_all = request.GET.get("all") == "1"
    listed = partial(
        listed_meetings,
        user=request.user,
        roles=request.portal,
        on=timezone.localdate(),
        now=timezone.now(),
        columns=_ROW_COLUMNS,
    )
    upcoming = _meeting_rows(listed(ahead=True, limit=None if show_all else UPCOMING_ROWS + 1))
    more = len(upcoming) > UPCOMING_ROWS and not show_all
    past = _meeting_rows(listed(ahead=False, limit=20))
    context = {
        "upcoming": upcoming[:UPCOMING_ROWS] if more else upcoming,
        "more_upcoming": more,
        "past": past,
    }
    return render(request, "governance/meetings/list.html", context)


def detail_context(request: PortalRequest, meeting: Meeting, **overrides: Any) -> dict[str, Any]:
    roles = request.portal
    today = timezone.localdate()
    page = meeting_page(meeting=meeting, user=request.user, roles=roles)
    deadlines = notice_deadlines_of(meeting, today=today)
    context: dict[str, Any] = {
        "meeting": meeting,
        "page": page,
        "deadlines": deadlines,
        "has_notice_period": bool(deadlines) or meeting.status == Meeting.Status.CANCELLED,
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
                "document_form": forms.DocumentForm(meeting=meeting, agenda=page.agenda),
                "motion_form": forms.MotionForm(meeting=meeting, agenda=page.agenda),
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
    meeting = visible_meeting(request, pk)
    return render(request, "governance/meetings/detail.html", detail_context(request, meeting))


ATTENDANCE_PAGE_SIZE = 50


@login_required
@require_GET
def meeting_attendance(request: PortalRequest, pk: int) -> HttpResponse:
    """Who attended a meeting, 50 people a page: loaded on demand from the meeting page.

    The meeting page shows the counts only (the secretariat gets every row there), so a
    member reloading it during a vote does not render 200 rows each time.
    """
    meeting = visible_meeting(request, pk)
    rows = Paginator(attendance_rows(meeting=meeting), ATTENDANCE_PAGE_SIZE)
    listing = rows.get_page(request.GET.get("page"))
    context = {"meeting": meeting, "listing": listing}
    if request.headers.get("HX-Request") == "true":
        return render(request, "governance/meetings/_attendance.html", context)
    return render(request, "governance/meetings/attendance.html", context)


# --- Voting, proposals, files -------------------------------------------------------------


@login_required
@require_POST
def meeting_vote(request: PortalRequest, pk: int) -> HttpResponse:
    """A present voter votes on an open online motion, after confirming the choice.

    The first POST shows "You vote for …; this cannot be changed."; only the confirming POST,
    which carries ``confirm=yes``, casts the sealed ballot (governance.services.votes).
    """
    meeting = visible_meeting(request, pk)
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
            motion=motion, user=request.user, choice=form.cleaned_data["choice"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return render(
            request,
            "governance/meetings/detail.html",
            detail_context(request, meeting),
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
    meeting = visible_meeting(request, pk)
    roles = request.portal
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
                meeting=meeting, actor=request.user, now=timezone.now(), **form.cleaned_data
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
    meeting = visible_meeting(request, pk)
    return _pdf_response(agenda_pdf(meeting=meeting), f"agenda-{slugify(meeting.title)}.pdf")


@login_required
@require_GET
def meeting_minutes_pdf(request: PortalRequest, pk: int) -> HttpResponse:
    """The minutes as PDF: for members once the meeting is held, a draft for the secretariat."""
    meeting = visible_meeting(request, pk)
    if not (request.portal.is_staff or meeting.status in MINUTES_VISIBLE):
        raise Http404(_("The minutes are written after the meeting."))
    return _pdf_response(minutes_pdf(meeting=meeting), f"minutes-{slugify(meeting.title)}.pdf")


@login_required
@require_GET
def document_download(request: PortalRequest, pk: int) -> FileResponse:
    """A meeting document, for those who may see the meeting once it is sent (staff: always)."""
    document = get_object_or_404(MeetingDocument.objects.select_related("meeting"), pk=pk)
    visible_meeting(request, document.meeting_id)
    if document.sent_at is None and not request.portal.is_staff:
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
