"""Pages of working groups: the public list and page, joining and leaving, and managing a
group (Chair, seconded officer, meetings, activities, dissolution)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.errors import DomainError
from members.http import PortalRequest
from working_groups import selectors, services
from working_groups.forms import (
    ActivityForm,
    ChairForm,
    DissolveForm,
    MeetingForm,
    PersonChoiceForm,
    RegionChoiceForm,
)
from working_groups.selectors import GroupPage
from working_groups.views.roles import officer_regions_of, portal_of, user_of

# --- Public pages ------------------------------------------------------------------------


@require_GET
def group_list(request: PortalRequest) -> HttpResponse:
    """Every working group, running and dissolved, with how to join: public."""
    running, dissolved = selectors.public_groups(portal=portal_of(request))
    return render(
        request,
        "working_groups/group_list.html",
        {"running": running, "dissolved": dissolved},
    )


def _group_page(request: PortalRequest, slug: str) -> GroupPage:
    page = selectors.group_page(slug=slug, portal=portal_of(request), today=timezone.localdate())
    if page is None:
        raise Http404(_("There is no such working group."))
    return page


@require_GET
def group_detail(request: PortalRequest, slug: str) -> HttpResponse:
    """The public page of a group: the announcement the AER Working Groups page asks for."""
    return render(request, "working_groups/group_detail.html", {"page": _group_page(request, slug)})


def _membership_change(request: PortalRequest, slug: str, *, join: bool) -> HttpResponse:
    page = _group_page(request, slug)
    form = RegionChoiceForm(request.POST, regions=officer_regions_of(request))
    if not selectors.officer_region_ids(portal_of(request)):
        raise PermissionDenied(_("Only a member region's officer joins or leaves a group."))
    if not form.is_valid():
        messages.error(request, _("Choose one of the regions you act for."))
        return redirect("working_groups:group", slug=slug)
    region = form.cleaned_data["region"]
    action = services.group_join if join else services.group_leave
    try:
        action(
            group_id=page.group.pk,
            region=region,
            actor=user_of(request),
            today=timezone.localdate(),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        text = (
            _("%(region)s is now a member of the working group.")
            if join
            else _("%(region)s has left the working group.")
        )
        messages.success(request, text % {"region": region})
    return redirect("working_groups:group", slug=slug)


@login_required
@require_POST
def group_join(request: PortalRequest, slug: str) -> HttpResponse:
    return _membership_change(request, slug, join=True)


@login_required
@require_POST
def group_leave(request: PortalRequest, slug: str) -> HttpResponse:
    return _membership_change(request, slug, join=False)


# --- Managing a group --------------------------------------------------------------------


def _group_form_page(
    request: PortalRequest,
    page: GroupPage,
    form: Any,
    *,
    title: str,
    intro: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "working_groups/group_form.html",
        {"page": page, "form": form, "title": title, "intro": intro},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_chair(request: PortalRequest, slug: str) -> HttpResponse:
    """The secretariat records the Chair the group appointed, with the date."""
    page = _group_page(request, slug)
    if not portal_of(request).is_staff or page.group.is_dissolved:
        raise PermissionDenied
    today = timezone.localdate()
    people = selectors.people_of_group_regions(group=page.group, on=today)
    meetings = selectors.held_group_meetings(group=page.group)
    form = ChairForm(request.POST or None, people=people, meetings=meetings)
    title = _("Record the Chair of %(group)s") % {"group": page.group.name}
    if request.method == "POST" and form.is_valid():
        try:
            services.group_chair_appoint(
                group_id=page.group.pk,
                person=form.cleaned_data["person"],
                meeting=form.cleaned_data["meeting"],
                actor=user_of(request),
                today=today,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The Chair is recorded."))
            return redirect("working_groups:group", slug=slug)
    return _group_form_page(
        request,
        page,
        form,
        title=title,
        intro=_(
            "The working group appoints its Chair from its member regions, at one of its "
            "meetings: record that meeting as held first."
        ),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_seconded_officer(request: PortalRequest, slug: str) -> HttpResponse:
    """The Chair's region appoints the seconded officer (Procedures art. 11.2)."""
    page = _group_page(request, slug)
    if not page.may_appoint_seconded_officer or page.chair is None or page.chair.member_id is None:
        raise PermissionDenied
    today = timezone.localdate()
    people = selectors.people_of_group_regions(group=page.group, on=today).filter(
        member_id=page.chair.member_id
    )
    form = PersonChoiceForm(request.POST or None, people=people, initial={"starts_on": today})
    if request.method == "POST" and form.is_valid():
        try:
            services.group_seconded_officer_appoint(
                group_id=page.group.pk,
                person=form.cleaned_data["person"],
                starts_on=form.cleaned_data["starts_on"],
                actor=user_of(request),
                today=today,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The seconded officer is recorded."))
            return redirect("working_groups:group", slug=slug)
    return _group_form_page(
        request,
        page,
        form,
        title=_("Appoint the seconded officer of %(group)s") % {"group": page.group.name},
        intro=_(
            "The Chair's region appoints a seconded officer to act as the group's secretariat "
            "in liaison with the AER secretariat (Procedures art. 11.2)."
        ),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_meeting_add(request: PortalRequest, slug: str) -> HttpResponse:
    """Plans a meeting of the group, with its notice deadlines (Procedures art. 11.4)."""
    page = _group_page(request, slug)
    if not page.may_manage:
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.group_meeting_schedule(
                group_id=page.group.pk,
                actor=user_of(request),
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, _("The meeting of %(day)s is planned.") % {"day": meeting.starts_at.date()}
            )
            return redirect("working_groups:group", slug=slug)
    return _group_form_page(
        request,
        page,
        form,
        title=_("Plan a meeting of %(group)s") % {"group": page.group.name},
        intro=_(
            "Invitations and draft agendas go to the members at least four weeks before the "
            "meeting, working documents at least two weeks before (Procedures art. 11.4)."
        ),
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_activity_add(request: PortalRequest, slug: str) -> HttpResponse:
    """Lists an activity or output of the group on its page."""
    page = _group_page(request, slug)
    if not page.may_manage:
        raise PermissionDenied
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.group_activity_record(
                group_id=page.group.pk,
                actor=user_of(request),
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The activity is listed on the group's page."))
            return redirect("working_groups:group", slug=slug)
    return _group_form_page(
        request,
        page,
        form,
        title=_("Add an activity of %(group)s") % {"group": page.group.name},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_dissolve(request: PortalRequest, slug: str) -> HttpResponse:
    """The secretariat records the Board's decision to dissolve the group."""
    page = _group_page(request, slug)
    if not portal_of(request).is_staff or page.group.is_dissolved:
        raise PermissionDenied
    form = DissolveForm(request.POST or None, initial={"dissolved_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.group_dissolve(
                group_id=page.group.pk,
                actor=user_of(request),
                today=timezone.localdate(),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The dissolution is recorded."))
            return redirect("working_groups:group", slug=slug)
    return _group_form_page(
        request,
        page,
        form,
        title=_("Record the dissolution of %(group)s") % {"group": page.group.name},
        intro=_("The Executive Board establishes and dissolves the Working Groups."),
        status=400 if form.errors else 200,
    )
