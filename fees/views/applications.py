"""Joining AER: the public application page, the applicant's status link, and the
secretariat's one place to check applications, ask for information, put them before the
Executive Board and record its decision.

Here rather than in the members app because the pages show the fee (the Board's parameters,
fees) and the decision invoices it; the records are the members app's.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aer_portal.errors import DomainError
from aer_portal.forms import PortalForm
from aer_portal.messages import render_step, render_with_article
from aer_portal.rules.applications import FeePreview
from aer_portal.rules.bodies import Body as BodyKind
from aer_portal.rules.messages import Message
from aer_portal.uploads import CONTENT_TYPES
from fees.selectors.applications import applicant_fee_preview, ballot_counts
from fees.services.application_votes import application_vote_close, application_vote_open
from fees.services.applications import application_decide
from governance.models import ApplicationOnlineVote, Meeting
from governance.services.applications import application_schedule, board_meeting_label
from members.access import PortalRequest, secretariat_page
from members.forms import (
    ApplicationForm,
    DecisionForm,
    InformationReplyForm,
    InformationRequestForm,
    VoteCloseForm,
)
from members.models import Member, MembershipApplication
from members.selectors.applications import (
    application_from_token,
    application_refusals,
    applications_for_secretariat,
    may_give_notice,
    render_refusals,
)
from members.services.applications import (
    application_information_complete,
    application_information_request,
    application_status_token,
    application_submit,
)

RATE_LIMIT_ACTION = "membership_application"


def _preview(
    values: Mapping[str, Any] | MembershipApplication, on: date
) -> FeePreview | Message | None:
    """The fee for the figures of a form or of an application, if the Board approved on ``on``."""
    if isinstance(values, MembershipApplication):
        values = {
            "category": values.category,
            "population": values.population,
            "relative_gdp": values.relative_gdp,
            "total_revenue": values.total_revenue,
        }
    if not values.get("category"):
        return None
    return applicant_fee_preview(
        category=str(values["category"]),
        population=values.get("population"),
        relative_gdp=values.get("relative_gdp"),
        total_revenue=values.get("total_revenue"),
        on=on,
    )


def _preview_context(preview: FeePreview | Message | None) -> dict[str, object]:
    """The fee for the templates, its steps in the reader's language."""
    if isinstance(preview, Message):
        return {
            "preview": None,
            "preview_steps": [],
            "preview_missing": render_with_article(preview),
        }
    if isinstance(preview, FeePreview):
        steps = [render_step(step) for step in preview.steps]
        return {"preview": preview, "preview_steps": steps, "preview_missing": ""}
    return {"preview": None, "preview_steps": [], "preview_missing": ""}


def _applying_member(request: PortalRequest) -> Member | None:
    """The member a logged-in officer applies for (an observer becoming a member)."""
    raw = request.GET.get("member") or request.POST.get("member") or ""
    # A number the database cannot hold is no member either (PostgreSQL refuses it).
    if not raw.isdigit() or len(raw) > 9 or not request.user.is_authenticated:
        return None
    member = Member.objects.select_related("country").filter(pk=int(raw)).first()
    if member is None or not may_give_notice(user=request.user, member_id=member.pk):
        return None
    return member


@require_http_methods(["GET", "POST"])
def apply(request: PortalRequest) -> HttpResponse:
    """The public application form: no account; the fee it would pay is shown with its steps
    ("Show the fee") before anything is sent. Rate-limited per address, with a honeypot."""
    today = timezone.localdate()
    member = _applying_member(request)
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_robot:
            # Answer as if it worked: a robot learns nothing, nothing is recorded or sent.
            return render(request, "members/applications/thanks.html", {"application": None})
        # "Show the fee" records and sends nothing: only sending counts against the limit.
        sending = "preview" not in request.POST
        if sending and not ratelimit.consume(request, action=RATE_LIMIT_ACTION):
            return ratelimit.respond_429(request)
        if form.is_valid():
            data = form.cleaned_data
            if sending:
                try:
                    application = application_submit(
                        request_key=data["request_key"],
                        name=data["name"],
                        native_name=data["native_name"],
                        kind=data["kind"],
                        category=data["category"],
                        country=data["country"],
                        website=data["website"],
                        population=data["population"],
                        relative_gdp=data["relative_gdp"],
                        total_revenue=data["total_revenue"],
                        contact_first_name=data["contact_first_name"],
                        contact_last_name=data["contact_last_name"],
                        contact_email=data["contact_email"],
                        contact_title=data["contact_title"],
                        language=data["language"],
                        letter=data["letter"],
                        member=member,
                        now=timezone.now(),
                    )
                except DomainError as error:
                    form.add_domain_error(error)
                else:
                    return HttpResponseRedirect(
                        reverse("applications:status", args=[application_status_token(application)])
                        + "?sent=1"
                    )
        preview = _preview(form.cleaned_data if hasattr(form, "cleaned_data") else {}, today)
    else:
        initial: dict[str, object] = {"language": (get_language() or "en")[:2]}
        if member is not None:
            initial.update(
                {
                    "name": member.name,
                    "native_name": member.native_name,
                    "kind": member.kind,
                    "country": member.country_id,
                    "website": member.website,
                    "category": "full",
                }
            )
        form = ApplicationForm(initial=initial)
        preview = None
    return render(
        request,
        "members/applications/apply.html",
        {"form": form, "member": member, "today": today, **_preview_context(preview)},
    )


def _by_token(token: str) -> MembershipApplication:
    application = application_from_token(token)
    if application is None:
        raise Http404(_("This link to an application is not valid."))
    return application


@require_http_methods(["GET", "POST"])
def status(request: PortalRequest, token: str) -> HttpResponse:
    """The applicant's page: where the application stands, the fee, and the form to answer
    the secretariat's request for information."""
    application = _by_token(token)
    reply_form = None
    if application.status == MembershipApplication.Status.INFORMATION_REQUESTED:
        initial = {
            "population": application.population,
            "relative_gdp": application.relative_gdp,
            "total_revenue": application.total_revenue,
        }
        if request.method == "POST":
            reply_form = InformationReplyForm(request.POST, request.FILES, initial=initial)
            if reply_form.is_valid():
                data = reply_form.cleaned_data
                try:
                    application_information_complete(
                        application=application,
                        reply=data["reply"],
                        population=data["population"],
                        relative_gdp=data["relative_gdp"],
                        total_revenue=data["total_revenue"],
                        letter=data["letter"],
                    )
                except DomainError as error:
                    reply_form.add_domain_error(error)
                else:
                    messages.success(request, _("Thank you: the secretariat has your reply."))
                    return HttpResponseRedirect(request.path)
        else:
            reply_form = InformationReplyForm(initial=initial)
    elif request.method == "POST":
        return HttpResponseRedirect(request.path)
    on = application.decided_on or timezone.localdate()
    return render(
        request,
        "members/applications/status.html",
        {
            "application": application,
            "reply_form": reply_form,
            "sent": request.GET.get("sent") == "1",
            **_preview_context(_preview(application, on)),
        },
    )


# --- The secretariat ----------------------------------------------------------------------


@require_GET
@secretariat_page
def application_list(request: PortalRequest) -> HttpResponse:
    """Every application, undecided first."""
    return render(
        request,
        "members/applications/list.html",
        {"applications": list(applications_for_secretariat())},
    )


class ScheduleForm(PortalForm):
    """An Executive Board meeting still to be held."""

    meeting: forms.ModelChoiceField[Meeting] = forms.ModelChoiceField(
        label=_("Executive Board meeting"), queryset=Meeting.objects.none()
    )

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = meetings
        field.label_from_instance = board_meeting_label  # type: ignore[assignment]


def _board_meetings() -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(
            body__kind=BodyKind.EXECUTIVE_BOARD,
            status__in=[
                Meeting.Status.PLANNED,
                Meeting.Status.CONVENED,
                Meeting.Status.DOCUMENTS_SENT,
            ],
        )
        .select_related("body")
        .order_by("starts_at")
    )


def _agenda_meeting(application: MembershipApplication) -> Meeting | None:
    entry = (
        application.agenda_entries.select_related("agenda_item__meeting__body")
        .order_by("-agenda_item__meeting__starts_at")
        .first()
    )
    return entry.agenda_item.meeting if entry is not None else None


@require_http_methods(["GET", "POST"])
@secretariat_page
def application_detail(request: PortalRequest, pk: int) -> HttpResponse:
    """One application: its figures and fee, the checks with their reasons (art. 2.2 among
    them), and the secretariat's actions: ask for information, schedule, record the decision."""
    application = get_object_or_404(
        MembershipApplication.objects.select_related("country", "member", "membership"), pk=pk
    )
    today = timezone.localdate()
    meeting = _agenda_meeting(application)
    request_form = InformationRequestForm(prefix="request")
    schedule_form = ScheduleForm(prefix="schedule", meetings=_board_meetings())
    decision_form = DecisionForm(
        prefix="decision",
        initial={"decided_on": meeting.day if meeting and meeting.day <= today else today},
    )
    close_form = VoteCloseForm(prefix="close")
    action = request.POST.get("action", "")
    if request.method == "POST":
        try:
            if action == "vote_open":
                application_vote_open(application=application, actor=request.user, today=today)
                messages.success(request, _("The Executive Board's online vote is open."))
                return HttpResponseRedirect(request.path)
            if action == "vote_close":
                close_form = VoteCloseForm(request.POST, prefix="close")
                if close_form.is_valid():
                    result = application_vote_close(
                        application=application,
                        actor=request.user,
                        today=today,
                        casting_vote=close_form.cleaned_data["casting_vote"],
                        reason=close_form.cleaned_data["decision_reason"],
                    )
                    messages.success(
                        request,
                        _("The online vote is closed: %(status)s.")
                        % {"status": result.application.get_status_display()},
                    )
                    return HttpResponseRedirect(request.path)
            elif action == "request":
                request_form = InformationRequestForm(request.POST, prefix="request")
                if request_form.is_valid():
                    application_information_request(
                        application=application,
                        actor=request.user,
                        message=request_form.cleaned_data["information_request"],
                    )
                    messages.success(request, _("The applicant was asked for the information."))
                    return HttpResponseRedirect(request.path)
            elif action == "schedule":
                schedule_form = ScheduleForm(
                    request.POST, prefix="schedule", meetings=_board_meetings()
                )
                if schedule_form.is_valid():
                    application_schedule(
                        application=application,
                        meeting=schedule_form.cleaned_data["meeting"],
                        actor=request.user,
                    )
                    messages.success(request, _("The application is on the meeting's agenda."))
                    return HttpResponseRedirect(request.path)
            elif action == "decide":
                decision_form = DecisionForm(request.POST, prefix="decision")
                if decision_form.is_valid():
                    data = decision_form.cleaned_data
                    result = application_decide(
                        application=application,
                        approve=data["approve"],
                        decided_on=data["decided_on"],
                        reason=data["decision_reason"],
                        meeting_label=board_meeting_label(meeting) if meeting else "",
                        votes_for=data["votes_for"],
                        votes_against=data["votes_against"],
                        abstentions=data["abstentions"],
                        casting_vote=data["casting_vote"],
                        online=data["online"],
                        actor=request.user,
                        today=today,
                    )
                    if result.invoice is not None:
                        messages.success(
                            request,
                            _("Approved; first-year invoice %(number)s issued.")
                            % {"number": result.invoice.number},
                        )
                    else:
                        messages.success(request, result.note or _("The decision is recorded."))
                    return HttpResponseRedirect(request.path)
        except DomainError as error:
            form = {
                "request": request_form,
                "schedule": schedule_form,
                "vote_open": close_form,
                "vote_close": close_form,
            }.get(action, decision_form)
            form.add_domain_error(error)
    on = application.decided_on or today
    reasons = render_refusals(application_refusals(application, on=on), _)
    vote = ApplicationOnlineVote.objects.filter(application=application).first()
    return render(
        request,
        "members/applications/detail.html",
        {
            "application": application,
            "meeting": meeting,
            "refusals": [] if not application.is_open else reasons,
            "request_form": request_form,
            "schedule_form": schedule_form,
            "decision_form": decision_form,
            "vote": vote,
            "vote_counts": ballot_counts(vote) if vote else None,
            "close_form": close_form,
            "status_link": reverse(
                "applications:status", args=[application_status_token(application)]
            ),
            **_preview_context(_preview(application, on)),
        },
    )


@require_GET
@secretariat_page
def application_letter(request: PortalRequest, pk: int) -> FileResponse:
    """The signed letter of intent, to the secretariat only."""
    application = get_object_or_404(MembershipApplication, pk=pk)
    extension = "." + application.letter.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        application.letter.open("rb"),
        as_attachment=True,
        filename=application.letter_name or f"letter{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
