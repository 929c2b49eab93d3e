"""The Executive Board's pages on membership applications: the applications awaiting its
decision, each with its checks, fee and letter of intent, and the online vote (issue 18;
Procedures arts. 2, 3.1.1, 14). The secretariat opens and closes the vote on its own page
(fees.views.applications)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from aer_portal.errors import DomainError, Refused
from aer_portal.uploads import CONTENT_TYPES
from fees.selectors.applications import applications_awaiting_board, ballot_counts, my_ballot
from fees.services.application_votes import application_vote_cast
from fees.views.applications import _preview, _preview_context
from governance.models import ApplicationOnlineVote
from members.access import PortalRequest, board_applications_page, may_vote_on_applications
from members.forms import BallotForm
from members.models import MembershipApplication
from members.selectors.applications import application_refusals, render_refusals


def _before_the_board() -> Q:
    """Applications the Board reads: before it now, or put to its online vote."""
    return Q(status=MembershipApplication.Status.ON_AGENDA) | Q(online_vote__isnull=False)


def _application(pk: int) -> MembershipApplication:
    return get_object_or_404(
        MembershipApplication.objects.filter(_before_the_board()).select_related(
            "country", "online_vote"
        ),
        pk=pk,
    )


def _online_vote(application: MembershipApplication) -> ApplicationOnlineVote | None:
    try:
        return application.online_vote
    except ApplicationOnlineVote.DoesNotExist:
        return None


@require_GET
@board_applications_page
def board_application_list(request: PortalRequest) -> HttpResponse:
    """The applications awaiting the Board's decision, oldest first (one query)."""
    return render(
        request,
        "members/applications/board_list.html",
        {"applications": list(applications_awaiting_board())},
    )


@require_http_methods(["GET", "POST"])
@board_applications_page
def board_application_detail(request: PortalRequest, pk: int) -> HttpResponse:
    """One application before the Board: figures, fee, checks, the letter, and the vote."""
    application = _application(pk)
    vote = _online_vote(application)
    may_vote = may_vote_on_applications(request.portal)
    mine = my_ballot(vote, person_id=request.user.person_id) if vote and may_vote else None
    form = BallotForm(
        initial={"choice": mine.choice if mine else "", "seen_choice": mine.choice if mine else ""}
    )
    if request.method == "POST":
        form = BallotForm(request.POST)
        if form.is_valid():
            try:
                application_vote_cast(
                    application=application,
                    actor=request.user,
                    choice=form.cleaned_data["choice"],
                    seen_choice=form.cleaned_data["seen_choice"],
                    now=timezone.now(),
                )
            except Refused:
                raise  # not a Board member: the 403 page says who votes
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Your vote is recorded."))
                return HttpResponseRedirect(request.path)
    today = timezone.localdate()
    on = application.decided_on or today
    return render(
        request,
        "members/applications/board_detail.html",
        {
            "application": application,
            "vote": vote,
            "counts": ballot_counts(vote) if vote else None,
            "my_ballot": mine,
            "may_vote": may_vote and vote is not None and vote.is_open,
            "form": form,
            "refusals": render_refusals(application_refusals(application, on=on), _)
            if application.is_open
            else [],
            **_preview_context(_preview(application, on)),
        },
    )


@require_GET
@board_applications_page
def board_application_letter(request: PortalRequest, pk: int) -> FileResponse:
    """The signed letter of intent: it is addressed to the Board, so the Board reads it."""
    application = _application(pk)
    extension = "." + application.letter.name.rsplit(".", 1)[-1].lower()
    return FileResponse(
        application.letter.open("rb"),
        as_attachment=True,
        filename=application.letter_name or f"letter{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
