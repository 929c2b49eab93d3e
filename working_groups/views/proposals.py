"""Pages of a proposal from draft to submission: drafting, inviting, answering, submitting."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BoundField
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.errors import DomainError, Refused
from members.access import PortalRequest
from members.models import Member
from working_groups.forms import (
    AnswerForm,
    CommentForm,
    ProposalForm,
    RegionChoiceForm,
    VoteForm,
)
from working_groups.models import WorkingGroupProposal
from working_groups.selectors import people as people_selectors
from working_groups.selectors import proposals as proposal_selectors
from working_groups.selectors.proposals import ProposalPage
from working_groups.services import proposals as proposal_services
from working_groups.services.checks import said

# --- Proposals ---------------------------------------------------------------------------

#: Proposals a page of the secretariat's list shows.
PROPOSALS_PAGE_SIZE = 25


@login_required
@require_GET
def proposal_list(request: PortalRequest) -> HttpResponse:
    """A region's proposals and invitations; every proposal for the secretariat.

    The secretariat's list comes 25 a page, newest first, filtered by status (``?status=``)
    and searched by topic or lead region (``?q=``).
    """
    portal = request.portal
    own, invitations = proposal_selectors.region_proposals(portal=portal)
    status = request.GET.get("status", "")
    search = request.GET.get("q", "")[:200]
    listing = None
    if portal.is_staff:
        rows = proposal_selectors.all_proposals(status=status, search=search)
        listing = Paginator(rows, PROPOSALS_PAGE_SIZE).get_page(request.GET.get("page"))
        # Labels and addresses written once for the page's rows, not looked up per row.
        labels = dict(WorkingGroupProposal.Status.choices)
        prefix = reverse("working_groups:proposal", args=[0]).removesuffix("0/")
        untitled = _("Untitled proposal")
        for row in listing:
            row["label"] = row["topic"] or untitled
            row["status_label"] = labels[row["status"]]
            row["url"] = f"{prefix}{row['pk']}/"
    return render(
        request,
        "working_groups/proposal_list.html",
        {
            "own": own,
            "invitations": invitations,
            "all_proposals": listing,
            "statuses": WorkingGroupProposal.Status.choices,
            "status": status,
            "search": search,
            "may_draft": bool(people_selectors.officer_region_ids(portal)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_new(request: PortalRequest) -> HttpResponse:
    """A member region's officer starts a draft proposal."""
    regions = people_selectors.officer_regions(request.portal)
    if not regions:
        raise PermissionDenied(_("Only a member region's officer drafts a proposal."))
    form = ProposalForm(
        request.POST or None,
        regions=regions,
        areas=people_selectors.policy_areas(),
        initial={"lead_region": regions[0].pk},
    )
    return _draft_form(
        request,
        form,
        None,
        lambda data: (
            proposal_services.proposal_create(actor=request.user, now=timezone.now(), **data).pk
        ),
    )


def _draft_form(
    request: PortalRequest,
    form: ProposalForm,
    proposal: WorkingGroupProposal | None,
    save: Callable[[dict[str, Any]], int],
) -> HttpResponse:
    """The draft's form, new or edited: on a valid POST ``save`` writes the draft and returns
    its key; a refusal or a rule's message stays on the form with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            pk = save(form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("working_groups:proposal", pk=pk)
    return render(
        request,
        "working_groups/proposal_form.html",
        {"form": form, "proposal": proposal},
        status=400 if form.errors else 200,
    )


def proposal_page_for(request: PortalRequest, pk: int) -> ProposalPage:
    page = proposal_selectors.proposal_page(
        pk=pk, user=request.user, portal=request.portal, now=timezone.now()
    )
    if page is None:
        raise Http404(_("There is no such proposal, or it is not yours to see."))
    return page


def render_proposal(
    request: PortalRequest, page: ProposalPage, *, status: int = 200, **forms: Any
) -> HttpResponse:
    portal = request.portal
    rights = page.rights
    context: dict[str, Any] = {
        "page": page,
        "proposal": page.proposal,
        "rights": rights,
        "problems": [said(problem) for problem in page.problems],
        "invite_form": forms.get("invite_form")
        or (
            RegionChoiceForm(
                regions=Member.objects.filter(
                    pk__in=[m.pk for m in page.invitable_regions]
                ).order_by("name"),
                label=_("Region to invite"),
            )
            if rights.can_edit
            else None
        ),
        "suggest_form": forms.get("suggest_form")
        or (
            RegionChoiceForm(
                regions=Member.objects.exclude(pk=page.proposal.lead_region_id).order_by("name"),
                with_note=True,
                label=_("Region to suggest"),
            )
            if rights.can_suggest
            else None
        ),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "vote_form": forms.get("vote_form")
        or VoteForm(
            initial={
                "choice": page.my_vote.choice if page.my_vote else None,
                "seen": page.my_vote.choice if page.my_vote else "",
            }
        ),
        "is_staff": portal.is_staff,
    }
    if rights.can_vote:
        context["vote_radios"] = radio_inputs(context["vote_form"]["choice"])
    return render(request, "working_groups/proposal_detail.html", context, status=status)


def radio_inputs(field: BoundField) -> list[dict[str, Any]]:
    """Each choice of a radio field as ``{{ radio.tag }}`` writes it, with its id and label.

    Django draws each radio through four templates (the option, the input and its
    attributes): a tenth of a Board member's page for three choices. These are the same
    ``<input>``s, character for character (a test compares them with Django's).
    """
    radios = []
    for radio in field.subwidgets:
        data = radio.data
        value = data["value"]
        shown = f' value="{conditional_escape(str(value))}"' if value is not None else ""
        attrs = "".join(
            f" {conditional_escape(name)}"
            if attr is True
            else f' {conditional_escape(name)}="{conditional_escape(str(attr))}"'
            for name, attr in data["attrs"].items()
            if attr is not False
        )
        tag = (
            f'<input type="{conditional_escape(data["type"])}"'
            f' name="{conditional_escape(data["name"])}"{shown}{attrs}>'
        )
        radios.append(
            {"tag": mark_safe(tag), "id": radio.id_for_label, "label": radio.choice_label}
        )
    return radios


@require_GET
def proposal_detail(request: PortalRequest, pk: int) -> HttpResponse:
    """A proposal as the reader may see it; an approved one, to anyone, is its group's page."""
    page = proposal_selectors.proposal_page(
        pk=pk, user=request.user, portal=request.portal, now=timezone.now()
    )
    if page is None:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404(_("There is no such proposal, or it is not yours to see."))
    if not page.rights.sees_content:
        return HttpResponseRedirect(
            reverse("working_groups:group", args=[page.proposal.working_group.slug])
        )
    return render_proposal(request, page)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: PortalRequest, pk: int) -> HttpResponse:
    """The lead region's officer edits the draft; it may stay incomplete."""
    page = proposal_page_for(request, pk)
    if not page.rights.can_edit:
        raise PermissionDenied(_("Only the lead region's officer edits a draft."))
    proposal = page.proposal
    form = ProposalForm(
        request.POST or None,
        regions=[proposal.lead_region],
        areas=people_selectors.policy_areas(),
        with_lead_region=False,
        initial=ProposalForm.initial_from(proposal),
    )

    def save(data: dict[str, Any]) -> int:
        proposal_services.proposal_update(
            proposal_id=proposal.pk, actor=request.user, now=timezone.now(), **data
        )
        return proposal.pk

    return _draft_form(request, form, proposal, save)


def refused(request: PortalRequest, pk: int, error: DomainError, **forms: Any) -> HttpResponse:
    """The proposal's page again, with the refusal, and the forms as they were typed."""
    if isinstance(error, Refused):
        raise error  # the person may not do this: the 403 page says why
    messages.error(request, error.message)
    for form in forms.values():
        form.add_domain_error(error)
    return render_proposal(request, proposal_page_for(request, pk), status=400, **forms)


def proposal_form_post(
    request: PortalRequest,
    page: ProposalPage,
    name: str,
    form: Any,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """A form of the proposal's page, posted: if valid, ``act`` calls one service and says
    what was done, and the page is shown again; else, or on a refusal, the page with the form
    (``name`` in its template) as it was typed."""
    if not form.is_valid():
        return render_proposal(request, page, status=400, **{name: form})
    try:
        done = act(form.cleaned_data)
    except DomainError as error:
        return refused(request, page.proposal.pk, error, **{name: form})
    messages.success(request, done)
    return redirect("working_groups:proposal", pk=page.proposal.pk)


@login_required
@require_POST
def proposal_invite(request: PortalRequest, pk: int) -> HttpResponse:
    """The lead region invites a supporting region."""
    page = proposal_page_for(request, pk)
    form = RegionChoiceForm(request.POST, regions=Member.objects.all())
    if not form.is_valid():
        return render_proposal(request, page, status=400, invite_form=form)
    try:
        support = proposal_services.proposal_support_invite(
            proposal_id=pk,
            region=form.cleaned_data["region"],
            actor=request.user,
            now=timezone.now(),
        )
    except DomainError as error:
        return refused(request, pk, error)
    messages.success(
        request,
        _("%(region)s is invited; its officers receive an e-mail with a link to answer.")
        % {"region": support.region},
    )
    return redirect("working_groups:proposal", pk=pk)


@login_required
@require_POST
def proposal_suggest(request: PortalRequest, pk: int) -> HttpResponse:
    """The secretariat suggests a region that may be interested."""
    page = proposal_page_for(request, pk)
    form = RegionChoiceForm(request.POST, regions=Member.objects.all(), with_note=True)

    def suggest(data: dict[str, Any]) -> str:
        proposal_services.proposal_support_suggest(
            proposal_id=pk,
            region=data["region"],
            note=data["note"],
            actor=request.user,
            now=timezone.now(),
        )
        return _("The suggestion is shown to the lead region.")

    return proposal_form_post(request, page, "suggest_form", form, suggest)


@login_required
@require_POST
def proposal_answer(request: PortalRequest, pk: int) -> HttpResponse:
    """An invited region's officer confirms or declines support."""
    page = proposal_page_for(request, pk)
    support = page.rights.answering_support
    if support is None:
        raise PermissionDenied(_("Only an invited region's officer answers the invitation."))
    form = AnswerForm(request.POST, regions=Member.objects.filter(pk=support.region_id))
    if not form.is_valid():
        messages.error(request, _("Choose to confirm or to decline."))
        return redirect("working_groups:proposal", pk=pk)
    confirm = form.cleaned_data["answer"] == "confirm"
    try:
        proposal_services.proposal_support_answer(
            proposal_id=pk,
            region=form.cleaned_data["region"],
            confirm=confirm,
            actor=request.user,
            now=timezone.now(),
        )
    except DomainError as error:
        return refused(request, pk, error)
    text = _("%(region)s supports this proposal.") if confirm else _("%(region)s declined.")
    messages.success(request, text % {"region": support.region})
    return redirect("working_groups:proposal", pk=pk)


@login_required
@require_POST
def proposal_submit(request: PortalRequest, pk: int) -> HttpResponse:
    """The lead region submits the proposal to the Executive Board."""
    proposal_page_for(request, pk)  # a 404 for a proposal the person may not see
    try:
        proposal = proposal_services.proposal_submit(
            proposal_id=pk, actor=request.user, now=timezone.now()
        )
    except DomainError as error:
        return refused(request, pk, error)
    if proposal.board_meeting is not None:
        text = _(
            "The proposal is submitted to the Executive Board for its meeting of %(day)s; every "
            "Board member is told."
        ) % {"day": timezone.localdate(proposal.board_meeting.starts_at)}
    else:
        text = _(
            "The proposal is submitted to the Executive Board; it will be decided at its next "
            "meeting, not yet planned. Every Board member is told."
        )
    messages.success(request, text)
    return redirect("working_groups:proposal", pk=pk)
