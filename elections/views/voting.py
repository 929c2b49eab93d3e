"""The online secret ballot: the voting page, the receipt, and the turnout for the Board."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from aer_portal.errors import DomainError
from elections.forms import VoteForm
from elections.models import Round
from elections.selectors.voting import (
    VotingRight,
    ballot_page_right,
    round_candidates,
    round_turnout,
)
from elections.services.rounds import ballot_cast
from members.access import PortalRequest, may_run_elections


def _round(pk: int) -> Round:
    return get_object_or_404(
        Round.objects.select_related("position__election__meeting").filter(
            position__election__is_published=True
        ),
        pk=pk,
    )


def _refusal(right: VotingRight) -> str:
    """Why the person may not vote, in the words ``ballot_cast`` uses."""
    if right.reasons:
        return _("You may not vote: %(reasons)s") % {"reasons": " ".join(right.reasons)}
    if right.already_voted:
        return _("Your member has already voted in this round; a vote cannot be changed.")
    return _("This round is not open for online voting.")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def vote(request: PortalRequest, pk: int) -> HttpResponse:
    """A member's delegate votes once in an open online round and receives a receipt code.

    Two steps, both plain forms that work without JavaScript: the choice, then its
    confirmation ("You vote for X. This cannot be changed."); only the second POST, which
    carries ``confirm``, casts the vote. The receipt is shown in the answer to the vote itself
    and kept nowhere else (not in the session, not in a message).
    """
    round = _round(pk)
    if not round.is_online:
        raise PermissionDenied
    candidates = round_candidates(round=round)
    form = VoteForm(request.POST or None, candidates=candidates)
    casting = request.method == "POST" and request.POST.get("confirm") == "yes"
    if casting and form.is_valid():
        # ``ballot_cast`` checks the right to vote itself: asking it here as well cost six
        # queries on the request the whole Assembly makes at once (README, Load test).
        try:
            code = ballot_cast(
                round=round,
                voter=request.user,
                choice=form.chosen_number(),
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return render(request, "elections/vote_receipt.html", {"round": round, "code": code})
    right = ballot_page_right(user=request.user, round=round, on=timezone.localdate())
    context = {"round": round, "right": right, "form": form, "candidates": candidates}
    if request.method == "POST":
        if not casting and form.is_valid():
            if right.may_vote and round.is_open:
                return render(
                    request,
                    "elections/vote_confirm.html",
                    {
                        **context,
                        "chosen": form.chosen_label(),
                        "value": form.cleaned_data["choice"],
                    },
                )
            form.add_error(None, _refusal(right))
        return render(request, "elections/vote.html", context, status=400)
    return render(request, "elections/vote.html", context)


@never_cache
@login_required
@require_GET
def turnout(request: PortalRequest, pk: int) -> HttpResponse:
    """How many members have voted in a round, live: for the Board and the Committee only.

    Never the counts: they do not exist until the round closes.
    """
    round = _round(pk)
    portal = request.portal
    if not (portal.is_board_member or may_run_elections(portal)):
        raise PermissionDenied
    context = {"round": round, "turnout": round_turnout(round=round)}
    template = "elections/_turnout.html" if request.htmx else "elections/turnout.html"
    return render(request, template, context)
