"""The election desk's forms on a position and its rounds (Procedures arts. 15.7–15.8, 15 B):
opening a round, the talliers' counts, closing an online round, the Committee's choice on a
tie and the General Assembly's decision on the Bureau's list.

Each refusal draws the desk again (``elections.views.desk``) with what was typed and why.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aer_portal.errors import DomainError
from elections.forms import CountsForm, RatifyForm, RoundOpenForm, TieForm
from elections.models import Election, Position, Round
from elections.selectors.rounds import pending_tie
from elections.selectors.voting import round_turnout
from elections.services.results import bureau_ratify
from elections.services.rounds import (
    round_close,
    round_open,
    round_record_counts,
    round_tie_resolve,
)
from elections.views.desk import _desk_form, _done, _ids
from elections.views.public import get_election
from members.access import PortalRequest, election_desk_page


def _position_of(request: PortalRequest, pk: int) -> tuple[Position, Election]:
    """The position and its election, if the person may see it (else 404)."""
    position = get_object_or_404(Position.objects.select_related("election"), pk=pk)
    return position, get_election(request, position.election_id)


@login_required
@require_POST
@election_desk_page
def round_open_view(request: PortalRequest, pk: int) -> HttpResponse:
    """Opens the next round of a position."""
    actor = request.user
    position, election = _position_of(request, pk)
    key = f"open_{position.pk}"

    def act(data: dict[str, Any]) -> str:
        round = round_open(
            position=position,
            method=data["method"],
            secret=not data["open_vote"],
            secrecy_decision=data["secrecy_decision"],
            actor=actor,
            now=timezone.now(),
        )
        return _("%(round)s is open.") % {"round": round}

    form = RoundOpenForm(request.POST, auto_id=_ids(key))
    return _desk_form(request, election, key, form, act)


def _round_of(request: PortalRequest, pk: int) -> tuple[Round, Election]:
    """The round and its election, if the person may see it (else 404)."""
    round = get_object_or_404(Round.objects.select_related("position__election"), pk=pk)
    return round, get_election(request, round.position.election_id)


@login_required
@require_POST
@election_desk_page
def round_counts(request: PortalRequest, pk: int) -> HttpResponse:
    """The talliers' counts of a paper round; the round closes with its result."""
    actor = request.user
    round, election = _round_of(request, pk)
    key = f"counts_{round.pk}"
    form = CountsForm(
        request.POST,
        candidates=round.candidates.select_related("candidacy__person"),
        auto_id=_ids(key),
    )

    def act(data: dict[str, Any]) -> str:
        round_record_counts(
            round=round,
            votes=form.votes(),
            blank=data["blank"],
            invalid=data["invalid"],
            actor=actor,
            now=timezone.now(),
        )
        return _("%(round)s is closed and counted.") % {"round": round}

    return _desk_form(request, election, key, form, act)


@login_required
@require_POST
@election_desk_page
def round_close_view(request: PortalRequest, pk: int) -> HttpResponse:
    """Closes an online round and counts its ballots, after a confirmation showing the turnout.

    The desk's button asks first ("2 of 36 voted: close and count?"); only the confirming POST,
    which carries ``confirm``, closes the round. Both are plain forms (no JavaScript needed).
    """
    actor = request.user
    round, election = _round_of(request, pk)
    if request.POST.get("confirm") != "yes" and round.is_open and round.is_online:
        return render(
            request,
            "elections/round_close_confirm.html",
            {"round": round, "election": election, "turnout": round_turnout(round=round)},
        )
    try:
        round_close(round=round, actor=actor, now=timezone.now())
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("elections:desk", pk=election.pk)
    return _done(request, election, _("%(round)s is closed and counted.") % {"round": round})


@login_required
@require_POST
@election_desk_page
def round_tie(request: PortalRequest, pk: int) -> HttpResponse:
    """The Committee's choice among candidates tied for the second round."""
    actor = request.user
    round, election = _round_of(request, pk)
    key = f"tie_{round.pk}"

    def act(data: dict[str, Any]) -> str:
        round_tie_resolve(
            round=round,
            advancing=[int(pk) for pk in data["advancing"]],
            decision=data["decision"],
            actor=actor,
            now=timezone.now(),
        )
        return _("The Election Committee's decision is recorded.")

    form = TieForm(request.POST, tied=pending_tie(round), auto_id=_ids(key))
    return _desk_form(request, election, key, form, act)


@login_required
@require_POST
@election_desk_page
def bureau_ratify_view(request: PortalRequest, pk: int) -> HttpResponse:
    """The General Assembly's decision on the Bureau's list (art. 15 B)."""
    actor = request.user
    position, election = _position_of(request, pk)
    key = f"ratify_{position.pk}"

    def act(data: dict[str, Any]) -> str:
        bureau_ratify(
            position=position,
            ratified=data["ratified"],
            note=data["note"],
            actor=actor,
            today=timezone.localdate(),
        )
        return _("The General Assembly's decision on the Bureau is recorded.")

    return _desk_form(request, election, key, RatifyForm(request.POST, auto_id=_ids(key)), act)
