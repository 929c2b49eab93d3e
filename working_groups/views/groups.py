"""Pages of working groups: the public list and page, joining and leaving, and managing a
group (Chair, seconded officer, meetings, activities, dissolution)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.dates import day
from aer_portal.errors import DomainError, Refused
from governance.models import Meeting
from members.access import PortalRequest, require_secretariat
from members.models import Member
from working_groups.forms import (
    ActivityForm,
    ChairForm,
    DissolveForm,
    MeetingForm,
    PersonChoiceForm,
    RegionChoiceForm,
)
from working_groups.selectors import groups as group_selectors
from working_groups.selectors import people as people_selectors
from working_groups.selectors.group_page import GroupPage, group_page
from working_groups.services import groups as group_services

# --- Public pages ------------------------------------------------------------------------


def _officer_regions(request: PortalRequest) -> QuerySet[Member]:
    """The members the person may act for as international relations officer."""
    return Member.objects.filter(pk__in=people_selectors.officer_region_ids(request.portal))


#: Running groups a page of the public list shows.
GROUPS_PAGE_SIZE = 25


@require_GET
def group_list(request: PortalRequest) -> HttpResponse:
    """The running working groups with how to join, 25 a page by name, and the past ones on
    ``?past=1``: public. ``?all=1`` lists every running group on one page, for printing."""
    with_past = request.GET.get("past") == "1"
    show_all = request.GET.get("all") == "1"
    running_count, dissolved_count = group_selectors.public_group_counts()
    listing = None
    offset, limit = 0, None
    if not show_all:
        # The page number checked against the count, without reading a row.
        listing = Paginator(range(running_count), GROUPS_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        offset, limit = max(listing.start_index() - 1, 0), GROUPS_PAGE_SIZE
    groups = group_selectors.public_groups(
        portal=request.portal, with_past=with_past, offset=offset, limit=limit
    )
    return render(
        request,
        "working_groups/group_list.html",
        {
            "running": groups.running,
            "listing": listing,
            "running_count": running_count,
            "dissolved": groups.dissolved,
            "dissolved_count": dissolved_count,
            "with_past": with_past,
        },
    )


def _group_page(request: PortalRequest, slug: str) -> GroupPage:
    page = group_page(slug=slug, portal=request.portal, today=timezone.localdate())
    if page is None:
        raise Http404(_("There is no such working group."))
    return page


@require_GET
def group_detail(request: PortalRequest, slug: str) -> HttpResponse:
    """The public page of a group: the announcement the AER Working Groups page asks for."""
    return render(request, "working_groups/group_detail.html", {"page": _group_page(request, slug)})


def _membership_change(request: PortalRequest, slug: str, *, join: bool) -> HttpResponse:
    page = _group_page(request, slug)
    form = RegionChoiceForm(request.POST, regions=_officer_regions(request))
    if not people_selectors.officer_region_ids(request.portal):
        raise PermissionDenied(_("Only a member region's officer joins or leaves a group."))
    if not form.is_valid():
        messages.error(request, _("Choose one of the regions you act for."))
        return redirect("working_groups:group", slug=slug)
    region = form.cleaned_data["region"]
    action = group_services.group_join if join else group_services.group_leave
    try:
        action(
            group_id=page.group.pk,
            region=region,
            actor=request.user,
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


def _group_form(
    request: PortalRequest,
    page: GroupPage,
    form: Any,
    *,
    service: Callable[..., Any],
    done: str | Callable[[Any], str],
    title: str,
    intro: str = "",
    today: date | None = None,
) -> HttpResponse:
    """A form that changes a group: on a valid POST it calls ``service`` for the group, the
    acting user and ``today`` with the form's fields, and says ``done`` (or what ``done``
    makes of the service's result); a refusal or a rule's message stays on the form with what
    was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            result = service(
                group_id=page.group.pk,
                actor=request.user,
                today=today or timezone.localdate(),
                **form.cleaned_data,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, done(result) if callable(done) else done)
            return redirect("working_groups:group", slug=page.group.slug)
    return render(
        request,
        "working_groups/group_form.html",
        {"page": page, "form": form, "title": title, "intro": intro},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_chair(request: PortalRequest, slug: str) -> HttpResponse:
    """The secretariat records the Chair the group appointed, with the date."""
    page = _group_page(request, slug)
    require_secretariat(request.user)
    if page.group.is_dissolved:
        raise PermissionDenied(_("This working group is dissolved."))
    today = timezone.localdate()
    people = group_selectors.people_of_group_regions(group=page.group, on=today)
    meetings = group_selectors.held_group_meetings(group=page.group)
    return _group_form(
        request,
        page,
        ChairForm(request.POST or None, people=people, meetings=meetings),
        service=group_services.group_chair_appoint,
        done=_("The Chair is recorded."),
        today=today,
        title=_("Record the Chair of %(group)s") % {"group": page.group.name},
        intro=_(
            "The working group appoints its Chair from its member regions, at one of its "
            "meetings: record that meeting as held first."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_seconded_officer(request: PortalRequest, slug: str) -> HttpResponse:
    """The Chair's region appoints the seconded officer (Procedures art. 11.2)."""
    page = _group_page(request, slug)
    if not page.may_appoint_seconded_officer or page.chair is None or page.chair.member_id is None:
        raise Refused(_("Only the officers of the Chair's region appoint the seconded officer."))
    today = timezone.localdate()
    people = group_selectors.people_of_group_regions(group=page.group, on=today).filter(
        member_id=page.chair.member_id
    )
    return _group_form(
        request,
        page,
        PersonChoiceForm(request.POST or None, people=people, initial={"starts_on": today}),
        service=group_services.group_seconded_officer_appoint,
        done=_("The seconded officer is recorded."),
        today=today,
        title=_("Appoint the seconded officer of %(group)s") % {"group": page.group.name},
        intro=_(
            "The Chair's region appoints a seconded officer to act as the group's secretariat "
            "in liaison with the AER secretariat (Procedures art. 11.2)."
        ),
    )


def _require_manager(page: GroupPage) -> None:
    if not page.may_manage:
        raise Refused(
            _(
                "Only the secretariat and the officers of the Chair's region manage the "
                "working group's meetings and activities (Procedures art. 11.3)."
            )
        )


@login_required
@require_http_methods(["GET", "POST"])
def group_meeting_add(request: PortalRequest, slug: str) -> HttpResponse:
    """Plans a meeting of the group, with its notice deadlines (Procedures art. 11.4)."""
    page = _group_page(request, slug)
    _require_manager(page)

    def planned(meeting: Meeting) -> str:
        return _("The meeting of %(day)s is planned.") % {
            "day": day(timezone.localdate(meeting.starts_at))
        }

    return _group_form(
        request,
        page,
        MeetingForm(request.POST or None),
        service=group_services.group_meeting_schedule,
        done=planned,
        title=_("Plan a meeting of %(group)s") % {"group": page.group.name},
        intro=_(
            "Invitations and draft agendas go to the members at least four weeks before the "
            "meeting, working documents at least two weeks before (Procedures art. 11.4)."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_activity_add(request: PortalRequest, slug: str) -> HttpResponse:
    """Lists an activity or output of the group on its page."""
    page = _group_page(request, slug)
    _require_manager(page)

    return _group_form(
        request,
        page,
        ActivityForm(request.POST or None),
        service=group_services.group_activity_record,
        done=_("The activity is listed on the group's page."),
        title=_("Add an activity of %(group)s") % {"group": page.group.name},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_dissolve(request: PortalRequest, slug: str) -> HttpResponse:
    """The secretariat records the Board's decision to dissolve the group."""
    page = _group_page(request, slug)
    require_secretariat(request.user)
    if page.group.is_dissolved:
        raise PermissionDenied(_("This working group is dissolved."))

    return _group_form(
        request,
        page,
        DissolveForm(request.POST or None, initial={"dissolved_on": timezone.localdate()}),
        service=group_services.group_dissolve,
        done=_("The dissolution is recorded."),
        title=_("Record the dissolution of %(group)s") % {"group": page.group.name},
        intro=_("The Executive Board establishes and dissolves the Working Groups."),
    )
