"""The election desk of the secretariat and the Election Committee (Procedures art. 15.1).

The page itself, the talliers, the statutory mailings and publishing the results; the forms
on a position's rounds are in ``elections.views.round_actions``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aer_portal.errors import DomainError
from aer_portal.rules.elections import unfilled_seat_options
from elections.forms import CountsForm, RatifyForm, RoundOpenForm, TalliersForm, TieForm
from elections.models import Election, Round
from elections.selectors.elections import candidacy_counts, election_steps
from elections.selectors.results import IN_FULL_LAST, election_results
from elections.selectors.rounds import pending_tie
from elections.selectors.voting import round_turnout
from elections.services.announcement import election_announce
from elections.services.portfolio import portfolio_group, portfolio_request
from elections.services.results import results_publish
from elections.services.rounds import talliers_record
from elections.views.public import get_election
from elections.views.round_rows import RoundPhrases, desk_nominees, desk_rounds
from governance.services.pending import group_progress
from members.access import PortalRequest, election_desk_page


def _unfilled_options(result: Any, *, accepted: int) -> list[tuple[str, str]]:
    """The choices for a position's unfilled seats (rules.elections.unfilled_seat_options),
    given its ``accepted`` candidacies."""
    position = result.position
    options = unfilled_seat_options(
        position.body_kind, enough_candidates=accepted >= position.seats
    )
    return [(choice.value, f"{_(choice.label)} ({article})") for choice, article in options.items()]


def _ids(key: str) -> str:
    """The ids of one of the desk's forms: each position has its own forms on the same page,
    so each form's ids carry its key (``id_open_12_method``) and no label points at another
    position's field. The field names stay the same, so what is posted does not change."""
    return f"id_{key}_%s"


def _desk(
    request: PortalRequest,
    election: Election,
    *,
    bound: dict[str, forms.Form] | None = None,
    publish_confirm: dict[str, Any] | None = None,
    confirm: dict[str, str] | None = None,
) -> HttpResponse:
    bound = bound or {}
    today = timezone.localdate()
    published = election.results_published_on is not None
    rows: list[dict[str, Any]] = []
    phrases = RoundPhrases()
    results_url = reverse("elections:results", args=[election.pk])
    # Counted once for the calendar and the positions (the accepted nominations on the
    # Bureau's list, and whether a vacant seat has enough candidates).
    counts = candidacy_counts(election=election)
    for result in election_results(election=election, in_full=IN_FULL_LAST):
        position = result.position
        row: dict[str, Any] = {
            "result": result,
            "rounds": desk_rounds(
                election=election, result=result, phrases=phrases, results_url=results_url
            ),
            "elected_names": ", ".join(winner.name for winner in result.winners),
            "nominees": desk_nominees(result.nominees),
            "open_form": None,
            "counts_form": None,
            "tie_form": None,
            "ratify_form": None,
            "turnout": None,
            "tie_round": None,
            "unfilled_options": [],
            "accepted": counts.accepted.get(position.pk, 0),
        }
        if position.is_ratification:
            if not published:
                row["ratify_form"] = bound.get(f"ratify_{position.pk}") or RatifyForm(
                    auto_id=_ids(f"ratify_{position.pk}")
                )
            rows.append(row)
            continue
        open_round = result.open_round
        last = result.last_round
        tied = pending_tie(last) if last is not None else []
        if open_round is not None:
            if open_round.is_online:
                row["turnout"] = round_turnout(round=open_round)
            else:
                row["counts_form"] = bound.get(f"counts_{open_round.pk}") or CountsForm(
                    candidates=open_round.candidates.all(),
                    auto_id=_ids(f"counts_{open_round.pk}"),
                )
        elif tied and last is not None:
            row["tie_round"] = last
            row["tie_form"] = bound.get(f"tie_{last.pk}") or TieForm(
                tied=tied, auto_id=_ids(f"tie_{last.pk}")
            )
        elif not published and result.vacant_seats:
            row["open_form"] = bound.get(f"open_{position.pk}") or RoundOpenForm(
                auto_id=_ids(f"open_{position.pk}"),
                initial={
                    "method": Round.Method.ONLINE
                    if election.meeting.is_online
                    else Round.Method.PAPER
                },
            )
        if not published and result.vacant_seats and open_round is None:
            row["unfilled_options"] = _unfilled_options(
                result, accepted=counts.accepted.get(position.pk, 0)
            )
        rows.append(row)
    context = {
        "election": election,
        "steps": election_steps(election=election, today=today, counts=counts),
        "rows": rows,
        "talliers_form": bound.get("talliers")
        or TalliersForm(
            initial={"tallier_one": election.tallier_one, "tallier_two": election.tallier_two}
        ),
        "today": today,
        "is_election_day": today >= election.election_day,
        "publish_confirm": publish_confirm,
        "confirm": confirm,
    }
    status = 409 if publish_confirm or confirm else 400 if bound else 200
    return render(request, "elections/desk.html", context, status=status)


@login_required
@require_GET
@election_desk_page
def desk(request: PortalRequest, pk: int) -> HttpResponse:
    """Everything the Committee does on one page: calendar, talliers, portfolio, rounds, results."""
    return _desk(request, get_election(request, pk))


def _fail(
    request: PortalRequest, election: Election, key: str, form: forms.Form, error: DomainError
) -> HttpResponse:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
    messages.error(request, error.message)
    return _desk(request, election, bound={key: form})


def _done(request: PortalRequest, election: Election, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("elections:desk", pk=election.pk)


def _desk_form(
    request: PortalRequest,
    election: Election,
    key: str,
    form: forms.Form,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """One of the desk's forms: refused, the desk again with what was typed and why (on the
    field the refusal names); accepted, ``act`` does it with the cleaned data and says what
    was done, and the desk reloads."""
    if not form.is_valid():
        return _desk(request, election, bound={key: form})
    try:
        done = act(form.cleaned_data)
    except DomainError as error:
        return _fail(request, election, key, form, error)
    return _done(request, election, done)


@login_required
@require_POST
@election_desk_page
def talliers(request: PortalRequest, pk: int) -> HttpResponse:
    """Records the two talliers (art. 15.7)."""
    actor = request.user
    election = get_election(request, pk)

    def act(data: dict[str, Any]) -> str:
        talliers_record(election=election, actor=actor, now=timezone.now(), **data)
        return _("The talliers are recorded.")

    return _desk_form(request, election, "talliers", TalliersForm(request.POST), act)


def _statutory_mailing(
    request: PortalRequest,
    pk: int,
    *,
    send: Callable[..., object],
    url_name: str,
    done: str,
) -> HttpResponse:
    """Sends one of the election's statutory mailings; after its deadline only once the person
    confirms the message quoting the article (the service raises it on ``confirm_late``)."""
    actor = request.user
    election = get_election(request, pk)
    try:
        send(
            election=election,
            actor=actor,
            today=timezone.localdate(),
            late_confirmed=request.POST.get("confirm_late") == "1",
        )
    except DomainError as error:
        if error.field == "confirm_late":
            url = reverse(url_name, args=[election.pk])
            return _desk(request, election, confirm={"url": url, "message": error.message})
        messages.error(request, error.message)
        return redirect("elections:desk", pk=election.pk)
    return _done(request, election, done)


@login_required
@require_POST
@election_desk_page
def portfolio_send(request: PortalRequest, pk: int) -> HttpResponse:
    """Makes the portfolio and sends it to all members (art. 15.6), in the worker."""
    return _statutory_mailing(
        request,
        pk,
        send=portfolio_request,
        url_name="elections:portfolio_send",
        done=_(
            "The portfolio is being made and sent to every member; this page shows how far it got."
        ),
    )


@login_required
@require_GET
@election_desk_page
def portfolio_progress(request: PortalRequest, pk: int) -> HttpResponse:
    """How far the worker got in making and sending the portfolio, and why it failed."""
    election = get_election(request, pk)
    return render(
        request,
        "pending_work/_progress.html",
        {
            "progress": group_progress(group=portfolio_group(election.pk)),
            "poll_url": reverse("elections:portfolio_progress", args=[election.pk]),
        },
    )


@login_required
@require_POST
@election_desk_page
def announce(request: PortalRequest, pk: int) -> HttpResponse:
    """Informs every member region of the elections (art. 15.4); late only after confirming."""
    return _statutory_mailing(
        request,
        pk,
        send=election_announce,
        url_name="elections:announce",
        done=_("The member regions are being informed of the elections."),
    )


@login_required
@require_POST
@election_desk_page
def results_publish_view(request: PortalRequest, pk: int) -> HttpResponse:
    """Publishes the results and creates the winners' mandates."""
    actor = request.user
    election = get_election(request, pk)
    unfilled: dict[int, str] = {
        int(key.removeprefix("unfilled_")): str(value)
        for key, value in request.POST.items()
        if key.startswith("unfilled_") and key.removeprefix("unfilled_").isdigit() and value
    }
    try:
        mandates = results_publish(
            election=election,
            actor=actor,
            today=timezone.localdate(),
            unfilled=unfilled,
            confirmed=request.POST.get("confirm") == "1",
        )
    except DomainError as error:
        if error.field == "confirm":
            return _desk(
                request,
                election,
                publish_confirm={"message": error.message, "unfilled": unfilled.items()},
            )
        messages.error(request, error.message)
        return redirect("elections:desk", pk=election.pk)
    messages.success(
        request,
        _("The results are published; %(count)d mandates are recorded in the bodies.")
        % {"count": len(mandates)},
    )
    return redirect("elections:results", pk=election.pk)
