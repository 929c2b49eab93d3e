"""Pages of the Executive Board's review: comments, votes, the decision, the queue."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.errors import DomainError, Refused
from aer_portal.open_data import Rows
from members.access import PortalRequest, may_review_proposals, require
from working_groups.forms import (
    CommentForm,
    DecisionForm,
    VoteForm,
)
from working_groups.selectors import groups as group_selectors
from working_groups.selectors import people as people_selectors
from working_groups.selectors import review as review_selectors
from working_groups.services import review as review_services
from working_groups.views.proposals import (
    proposal_form_post,
    proposal_page_for,
    render_proposal,
)


@login_required
@require_POST
def proposal_comment(request: PortalRequest, pk: int) -> HttpResponse:
    """A Board member or the secretariat comments on a proposal under review."""
    page = proposal_page_for(request, pk)

    def comment(data: dict[str, Any]) -> str:
        review_services.proposal_comment_add(
            proposal_id=pk, actor=request.user, text=data["text"], now=timezone.now()
        )
        return _("Your comment is added.")

    return proposal_form_post(request, page, "comment_form", CommentForm(request.POST), comment)


@login_required
@require_POST
def proposal_vote(request: PortalRequest, pk: int) -> HttpResponse:
    """A Board member votes or changes the vote, until the review closes."""
    page = proposal_page_for(request, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        return render_proposal(request, page, status=400, vote_form=form)
    previous = page.my_vote.choice if page.my_vote else ""
    try:
        vote = review_services.proposal_vote_cast(
            proposal_id=pk,
            actor=request.user,
            choice=form.cleaned_data["choice"],
            seen_choice=form.cleaned_data["seen"],
            now=timezone.now(),
        )
    except Refused:
        raise  # not a Board member: the 403 page says why
    except DomainError as error:
        messages.error(request, error.message)
        return render_proposal(request, proposal_page_for(request, pk), status=400)
    if previous and previous != vote.choice:
        text = _("Your vote is changed to: %(vote)s.")
    else:
        text = _("Your vote is recorded: %(vote)s.")
    messages.success(request, text % {"vote": vote.get_choice_display()})
    return redirect("working_groups:proposal", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_decide(request: PortalRequest, pk: int) -> HttpResponse:
    """The secretariat records the Board's decision; on approval the group is established."""
    page = proposal_page_for(request, pk)
    if not page.rights.can_decide:
        raise PermissionDenied(_("Only the secretariat records the Board's decision."))
    proposal = page.proposal
    meeting_day = (
        timezone.localdate(proposal.board_meeting.starts_at) if proposal.board_meeting else None
    )
    today = timezone.localdate()
    initial = {
        **review_selectors.decision_form_initial(proposal=proposal),
        "decided_on": meeting_day if meeting_day and meeting_day <= today else today,
    }
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = review_services.proposal_decide(
                proposal_id=pk,
                actor=request.user,
                now=timezone.now(),
                decided_on=data["decided_on"],
                approve_votes=data["approve_votes"],
                reject_votes=data["reject_votes"],
                abstentions=data["abstentions"],
                casting_vote=data["casting_vote"],
                reason=data["reason"],
                reason_against_online=data["reason_against_online"],
                first_meeting_starts_at=data["first_meeting_starts_at"],
                first_meeting_place=data["first_meeting_place"],
                first_meeting_online_url=data["first_meeting_online_url"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if decision.approved:
                messages.success(
                    request,
                    _("The proposal is approved; the working group and its public page exist."),
                )
                group = group_selectors.group_of_proposal(proposal_id=pk)
                return redirect("working_groups:group", slug=group.slug)
            messages.success(request, _("The proposal is rejected; the lead region is told."))
            return redirect("working_groups:proposal", pk=pk)
    return render(
        request,
        "working_groups/proposal_decision.html",
        {
            "page": page,
            "proposal": proposal,
            "form": form,
            "president": people_selectors.president(on=today),
            "online": review_selectors.tally(page.votes),
        },
        status=400 if form.errors else 200,
    )


#: Proposals a page of the Board's review queue shows.
REVIEW_QUEUE_PAGE_SIZE = 25


@login_required
@require_GET
def review_queue(request: PortalRequest) -> HttpResponse:
    """The Executive Board's queue of proposals under review, oldest first, 25 a page.

    ``?all=1`` lists every one of them on one page, for printing.
    """
    portal = request.portal
    require(
        may_review_proposals(portal),
        _("The review queue is for the Executive Board and the secretariat."),
    )
    now = timezone.now()
    person_id = request.user.person_id if portal.is_board_member else None
    show_all = request.GET.get("all") == "1"
    rows = Rows(
        count=review_selectors.review_queue_count,
        fetch=lambda start, stop: review_selectors.review_queue(
            person_id=person_id, now=now, offset=start, limit=stop - start
        ),
    )
    if show_all:
        entries = review_selectors.review_queue(person_id=person_id, now=now)
        listing = None
    else:
        listing = Paginator(cast(Any, rows), REVIEW_QUEUE_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        entries = list(listing)
    # The tally's sentence, translated once and filled per row, as {% blocktranslate %} would
    # (the translation is trusted text; the counts are numbers).
    votes = gettext("%(yes)s approve · %(no)s reject · %(abstain)s abstain")
    return render(
        request,
        "working_groups/review_queue.html",
        {
            "rows": [
                (
                    entry,
                    mark_safe(
                        votes % {"yes": entry.approve, "no": entry.reject, "abstain": entry.abstain}
                    ),
                )
                for entry in entries
            ],
            "listing": listing,
            "show_all": show_all,
            "is_board_member": portal.is_board_member,
            "proposal_url": reverse("working_groups:proposal", args=[0]).removesuffix("0/"),
        },
    )
