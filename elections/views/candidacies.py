"""Candidacies: the list, the nomination form, withdrawal, review, and the files' downloads."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.errors import DomainError, Refused
from aer_portal.uploads import CONTENT_TYPES
from elections.forms import CandidacyForm, ReviewForm
from elections.models import Candidacy
from elections.selectors.candidacies import (
    candidacy_page,
    may_download_candidacy_file,
    may_read_portfolio,
)
from elections.services.candidacies import candidacy_review, candidacy_submit, candidacy_withdraw
from elections.services.portfolio import portfolio_file_name
from elections.views.candidacy_table import candidacy_table
from elections.views.public import get_election
from members.access import PortalRequest, may_run_elections, require
from members.models import Member

#: Candidacies the list shows before "show all": each row of the Committee's list carries
#: the candidate's eligibility and a review form.
CANDIDACY_ROWS = 25


@login_required
@require_GET
def candidacy_list(request: PortalRequest, pk: int) -> HttpResponse:
    """The candidacies a person may see, with eligibility reasons for those they handle."""
    election = get_election(request, pk)
    today = timezone.localdate()
    committee = may_run_elections(request.portal)
    show_all = request.GET.get("all") == "1"
    page = candidacy_page(
        election=election,
        roles=request.portal,
        today=today,
        limit=None if show_all else CANDIDACY_ROWS,
    )
    return render(
        request,
        "elections/candidacy_list.html",
        {
            "election": election,
            "rows": page.rows,
            "table": candidacy_table(
                page.rows,
                committee=committee,
                # A candidacy's links are this prefix, its id and the action: one reverse a
                # page instead of four a row.
                candidacies_url=reverse("elections:candidacy_review", args=[0]).removesuffix(
                    "0/review/"
                ),
                csrf_token=get_token(request),
            ),
            "page": page,
            "committee": committee,
            "today": today,
            # Only an officer, whom the form accepts (candidacy_new), sees the way to it; the
            # accesses are the ones the navigation read already.
            "may_nominate": request.portal.is_officer
            and today <= election.timeline.candidacies_due,
        },
    )


def _nominating_members(request: PortalRequest) -> list[Member]:
    user = request.user
    if user.is_staff:
        return list(Member.objects.order_by("name"))
    return [a.member for a in request.portal.accesses if a.role == a.Role.OFFICER]


@login_required
@require_http_methods(["GET", "POST"])
def candidacy_new(request: PortalRequest, pk: int) -> HttpResponse:
    """A member's officer nominates a candidate with a letter and a CV (art. 15.5)."""
    election = get_election(request, pk)
    members = _nominating_members(request)
    if not members:
        raise PermissionDenied
    form = CandidacyForm(
        request.POST or None, request.FILES or None, election=election, members=members
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidacy = candidacy_submit(
                election=election,
                position=data["position"],
                person=data["person"],
                member=data["member"],
                letter=data["letter"],
                cv=data["cv"],
                bureau_role=data["bureau_role"],
                actor=request.user,
                today=timezone.localdate(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("The candidacy of %(person)s has been submitted to the Election Committee.")
                % {"person": candidacy.person},
            )
            return redirect("elections:candidacy_list", pk=election.pk)
    return render(
        request,
        "elections/candidacy_form.html",
        {"election": election, "form": form, "timeline": election.timeline},
        status=400 if request.method == "POST" else 200,
    )


def _candidacy(pk: int) -> Candidacy:
    return get_object_or_404(
        Candidacy.objects.select_related("election__meeting", "position", "person", "member"),
        pk=pk,
    )


@login_required
@require_POST
def candidacy_withdraw_view(request: PortalRequest, pk: int) -> HttpResponse:
    """The nominating member withdraws its candidacy until election day."""
    candidacy = _candidacy(pk)
    try:
        candidacy_withdraw(candidacy=candidacy, actor=request.user, today=timezone.localdate())
    except Refused:
        raise  # not the nominating member's officer: the 403 page, with the sentence
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The candidacy of %(person)s is withdrawn.") % {"person": candidacy.person}
        )
    return redirect("elections:candidacy_list", pk=candidacy.election_id)


@login_required
@require_POST
def candidacy_review_view(request: PortalRequest, pk: int) -> HttpResponse:
    """The Election Committee accepts or rejects a candidacy, with a reason."""
    today = timezone.localdate()
    require(
        may_run_elections(request.portal), _("Only the Election Committee reviews candidacies.")
    )
    candidacy = _candidacy(pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to accept or to reject the candidacy."))
    else:
        try:
            candidacy_review(
                candidacy=candidacy,
                actor=request.user,
                accept=form.cleaned_data["decision"] == "accept",
                reason=form.cleaned_data["reason"],
                today=today,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The candidacy of %(person)s is reviewed.") % {"person": candidacy.person},
            )
    return redirect("elections:candidacy_list", pk=candidacy.election_id)


def _file_response(file: FieldFile, *, filename: str) -> FileResponse:
    name = file.name or ""
    extension = PurePath(name).suffix.lower()
    content_type = CONTENT_TYPES.get(extension) or mimetypes.guess_type(name)[0]
    response = FileResponse(
        file.open("rb"),
        as_attachment=extension != ".pdf",
        filename=filename,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def candidacy_file(request: PortalRequest, pk: int, which: str) -> FileResponse:
    """A candidate's letter or CV, for those who may read it (never through MEDIA_URL)."""
    if which not in ("letter", "cv"):
        raise Http404
    candidacy = _candidacy(pk)
    if not may_download_candidacy_file(roles=request.portal, candidacy=candidacy):
        raise PermissionDenied
    file = getattr(candidacy, which)
    extension = PurePath(file.name).suffix.lower()
    label = "letter" if which == "letter" else "CV"
    person = str(candidacy.person).replace(" ", "-")
    return _file_response(file, filename=f"{label}-{person}{extension}")


@login_required
@require_GET
def portfolio(request: PortalRequest, pk: int) -> FileResponse:
    """The candidates' portfolio, for every member, the Board and the Election Committee."""
    election = get_election(request, pk)
    if not may_read_portfolio(request.portal):
        raise PermissionDenied
    if not election.portfolio:
        raise Http404
    return _file_response(election.portfolio, filename=portfolio_file_name(election))
