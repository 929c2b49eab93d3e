"""Pages anyone may read: the elections, an election's calendar, its results, a receipt check."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from elections.forms import ReceiptForm
from elections.models import Election
from elections.selectors.elections import election_get, elections_visible
from elections.selectors.results import IN_FULL_NONE, election_results
from elections.selectors.rounds import election_positions
from elections.selectors.voting import receipt_status, round_turnout
from elections.views.round_rows import results_sections
from members.access import PortalRequest, may_run_elections


def get_election(request: PortalRequest, pk: int) -> Election:
    """The election if the person may see it, else 404 (drafts are for staff only)."""
    election = election_get(user=request.user, pk=pk)
    if election is None:
        raise Http404
    return election


@require_GET
def election_list(request: PortalRequest) -> HttpResponse:
    """Every published election, the next first."""
    today = timezone.localdate()
    elections = list(elections_visible(user=request.user))
    upcoming = sorted(
        (e for e in elections if e.election_day >= today), key=lambda e: e.meeting.starts_at
    )
    past = [e for e in elections if e.election_day < today]
    return render(request, "elections/list.html", {"upcoming": upcoming, "past": past})


@require_GET
def election_detail(request: PortalRequest, pk: int) -> HttpResponse:
    """An election's calendar (arts. 15.4–15.6), positions, open rounds and links."""
    election = get_election(request, pk)
    today = timezone.localdate()
    portal = request.portal
    committee = may_run_elections(portal)
    sees_turnout = committee or portal.is_board_member
    results = election_positions(election=election)
    open_rounds = [
        {
            "round": result.open_round,
            "turnout": round_turnout(round=result.open_round)
            if sees_turnout and result.open_round.is_online
            else None,
        }
        for result in results
        if result.open_round is not None
    ]
    return render(
        request,
        "elections/detail.html",
        {
            "election": election,
            "timeline": election.timeline,
            "results": results,
            "open_rounds": open_rounds,
            "committee": committee,
            "may_nominate": portal.is_officer and today <= election.timeline.candidacies_due,
            "today": today,
        },
    )


@require_GET
def results(request: PortalRequest, pk: int) -> HttpResponse:
    """The public results: every closed round with its counts, who was elected, the mandates.

    Counts exist only for closed rounds (they are computed when a round closes), so an open
    round shows none. A constant number of queries whatever the number of rounds.

    Every position shows whom it elected and, per closed round, the votes cast (summed in the
    database), the elected candidate and those standing in the next round; ``?position=<pk>``
    adds every candidate's count for that position's rounds. So the page of every position
    costs the same whatever the number of candidates, and every count stays one link away.
    """
    election = get_election(request, pk)
    raw = request.GET.get("position", "")
    position_pk = int(raw) if raw.isdigit() and len(raw) < 10 else None
    results = election_results(election=election, in_full=IN_FULL_NONE, position_pk=position_pk)
    return render(
        request,
        "elections/results.html",
        {
            "election": election,
            "sections": results_sections(results),
            "position_pk": position_pk,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def receipt_check(request: PortalRequest) -> HttpResponse:
    """A voter enters the receipt code and learns whether the ballot was counted.

    The code is posted, not put in the address, so that it stays out of logs and histories.
    """
    form = ReceiptForm(request.POST or None)
    status = None
    if form.is_valid():
        status = receipt_status(code=form.cleaned_data["code"])
    return render(request, "elections/receipt_check.html", {"form": form, "status": status})


@require_GET
def secrecy(request: PortalRequest) -> HttpResponse:
    """How the secret ballot is kept (Procedures art. 15.9): what the portal guarantees, what
    it does not, and how the Election Committee checks a result. Public, no query."""
    return render(request, "elections/secrecy.html")
