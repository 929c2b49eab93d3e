"""The secretariat's fee run: the Board's parameters, the preview and issue of the call,
admissions with their first-year fee, and programme fees."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.errors import DomainError
from fees.forms import AdmissionForm, FeeDecisionForm, ParticipationForm
from fees.models import FeeDecision
from fees.selectors.assessments import FeeTable, Sort, fee_call_page, member_options
from fees.selectors.calls import fee_call_preview, fee_call_years
from fees.selectors.parameters import parameters_for
from fees.selectors.previews import PreviewRow, RowStatus
from fees.selectors.runs import call_run_progress
from fees.services.assessments import fees_assess
from fees.services.calls import fee_call_request
from fees.services.invoices import (
    first_year_invoice_issue,
    member_admission_record,
    programme_participation_record,
)
from fees.services.parameters import fee_decision_record
from members.access import PortalRequest, secretariat_page
from members.models import Member


def _checked_year(year: int) -> int:
    if not 2016 <= year <= 2100:
        raise Http404(_("No fee year %(year)s.") % {"year": year})
    return year


@require_GET
@secretariat_page
def call_list(request: PortalRequest) -> HttpResponse:
    """The fee years: the Board's decision, the call and how many invoices each has."""
    today = timezone.localdate()
    return render(
        request,
        "fees/call_list.html",
        {"years": fee_call_years(today=today), "today": today},
    )


#: Rows each table of the fee-call preview shows before "show all": a first screen, not a
#: thousand rows with their calculations. Four or five tables of five rows: about the 25 rich
#: rows of a portal page.
PREVIEW_ROWS = 5


# The preview's rows are written here rather than by template tags: ten rows of steps, lines
# and contacts and the rows left out cost more through ``{% for %}``, ``{% url %}`` and
# ``floatformat`` than the rest of the page. The markup is the template's, character for
# character (tests/fees/test_call_preview_rows.py compares them).


def _fee_rows_html(rows: list[PreviewRow]) -> SafeString:
    """The rows of a table of members to invoice: name, statistics, steps, amount, contacts."""
    nobody = _("none: the invoice will not be e-mailed")
    parts = []
    for row in rows:
        draft = row.draft
        lines = "".join(
            f'<div class="small">{conditional_escape(line.description())}: '
            f"€ {floatformat(line.amount, '2g')}</div>"
            for line in draft.lines
            if line.kind != "membership"
        )
        contacts = ", ".join(conditional_escape(str(person)) for person in row.contacts)
        if not contacts:
            contacts = f'<span class="text-danger">{nobody}</span>'
        parts.append(
            "\n      <tr>\n"
            f'        <th scope="row">{conditional_escape(row.member.name)}</th>\n'
            f"        <td>{conditional_escape(row.statistics_text)}</td>\n"
            f'        <td><ol class="fee-steps small mb-0">{conditional_escape(row.steps_html)}'
            f"</ol>\n          {lines}</td>\n"
            f'        <td class="text-end">€ {floatformat(draft.total, "2g")}</td>\n'
            f"        <td>{contacts}</td>\n"
            "      </tr>\n    "
        )
    return mark_safe("".join(parts))  # every value above is escaped


def _left_out_rows_html(rows: list[PreviewRow], *, year: int, request: PortalRequest) -> SafeString:
    """The rows of the members the call does not invoice, each with its reason."""
    parts = []
    token = ""  # one per page, as {% csrf_token %} gives: a new one costs 32 random choices
    for row in rows:
        status = row.status
        if status is RowStatus.INVOICED:
            assert row.invoice is not None
            number = row.invoice.number
            invoiced = _("Invoiced: %(number)s") % {"number": conditional_escape(number)}
            url = conditional_escape(reverse("fees:invoice", args=[number]))
            reason = f'{invoiced} — <a href="{url}">{_("open")}</a>\n          '
        elif status is RowStatus.CANNOT_COMPUTE:
            reason = (
                f"<strong>{_('Fee cannot be computed')}:</strong> "
                f"{conditional_escape(row.reason)}\n          "
            )
        elif status is RowStatus.NEW_MEMBER:
            url = conditional_escape(reverse("fees:first_year_issue", args=[year, row.member.pk]))
            token = token or conditional_escape(get_token(request))
            reason = (
                f"{conditional_escape(row.reason)}\n"
                f'            <form method="post" action="{url}" class="d-inline">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                '<button class="btn btn-sm btn-outline-primary" type="submit">'
                f"{_('Issue the first-year invoice')}</button></form>\n          "
            )
        else:
            reason = conditional_escape(row.reason)
        parts.append(
            f'\n      <tr class="fee-row-{conditional_escape(status)}">\n'
            f'        <th scope="row">{conditional_escape(row.member.name)}</th>\n'
            f"        <td>{conditional_escape(row.category_label)}</td>\n"
            f"        <td>{reason}</td>\n"
            "      </tr>\n    "
        )
    return mark_safe("".join(parts))  # every value above is escaped


def _cut_html(table: FeeTable, *, all_query: str) -> str:
    """Says that a table lists its first rows only, with a link to every row."""
    if not table.cut:
        return "\n"
    listed = ngettext(
        "The first %(shown)s of %(count)s member are listed.",
        "The first %(shown)s of %(count)s members are listed.",
        table.matching,
    ) % {"shown": localize(len(table.rows)), "count": localize(table.matching)}
    return (
        f'<p class="small">{listed} <a href="?{conditional_escape(all_query)}">'
        f"{_('Show all (for printing)')}</a></p>\n"
    )


def _fee_tables_html(tables: list[FeeTable], *, all_query: str) -> SafeString:
    """The tables of members to invoice, one per category, each with its rows and a note when
    it lists only its first ones (written here for the reason given above the rows)."""
    head = (
        "\n    <thead><tr>\n"
        f'      <th scope="col">{_("Member")}</th>\n'
        f'      <th scope="col">{_("Statistics used")}</th>\n'
        f'      <th scope="col">{_("Calculation")}</th>\n'
        f'      <th scope="col" class="text-end">{_("Amount")}</th>\n'
        f'      <th scope="col">{_("Billing contact")}</th>\n'
        "    </tr></thead>\n"
    )
    parts = []
    for table in tables:
        label = conditional_escape(table.label)
        parts.append(
            f'\n  <h3 class="h6">{label} — € {floatformat(table.total, "2g")}</h3>\n'
            # Wider than a phone: a focusable region, so that the keyboard scrolls it too.
            f'  \n  <div class="table-responsive" tabindex="0" role="region" '
            f'aria-label="{label}">\n'
            '  <table class="table table-sm align-top">\n'
            f'    <caption class="visually-hidden">{label}</caption>{head}'
            f"    <tbody>\n    {_fee_rows_html(table.rows)}\n    </tbody>\n"
            "  </table>\n  </div>\n  "
            f"{_cut_html(table, all_query=all_query)}\n  "
        )
    return mark_safe("".join(parts))  # every value above is escaped


@require_GET
@secretariat_page
def call_preview(request: PortalRequest, year: int) -> HttpResponse:
    """What issuing the call would invoice, per category, and who is left out and why.

    The totals are every member's; each table lists its first rows, of the members whose
    name contains ``q`` if given, by name or amount (``sort``); ``all=1`` lists every row,
    for printing or reading through.
    """
    year = _checked_year(year)
    show_all = request.GET.get("all") == "1"
    search = request.GET.get("q", "").strip()[:100]
    sort = request.GET.get("sort", Sort.NAME)
    preview = fee_call_page(
        assessment=fees_assess(year=year, on=timezone.localdate()),
        shown=None if show_all else PREVIEW_ROWS,
        search=search,
        sort=sort,
    )
    query = {"q": preview.search} if preview.search else {}
    if preview.sort != Sort.NAME:
        query["sort"] = preview.sort
    all_query = urlencode({**query, "all": "1"})
    return render(
        request,
        "fees/call_preview.html",
        {
            "preview": preview,
            "fee_tables": _fee_tables_html(preview.groups, all_query=all_query),
            "left_out_rows": _left_out_rows_html(
                preview.left_out.rows, year=preview.year, request=request
            ),
            "left_out_cut": mark_safe(_cut_html(preview.left_out, all_query=all_query)),
            "show_all": show_all,
            "preview_rows": PREVIEW_ROWS,
            "sorts": [
                (Sort.NAME, _("name")),
                (Sort.AMOUNT_DOWN, _("amount, highest first")),
                (Sort.AMOUNT_UP, _("amount, lowest first")),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@secretariat_page
def call_issue(request: PortalRequest, year: int) -> HttpResponse:
    """Asks to confirm how many invoices the call issues, their total and that they are
    e-mailed; the confirmed call is issued by the worker, and the page shows its progress.

    Posting twice (a double click, a second tab) issues once: fees.services.fee_call_request.
    """
    year = _checked_year(year)
    today = timezone.localdate()
    if request.method == "POST":
        try:
            count = int(request.POST.get("count", ""))
            total = Decimal(request.POST.get("total", ""))
        except (ValueError, InvalidOperation):
            messages.error(request, _("Confirm the number of invoices and their total."))
            return HttpResponseRedirect(reverse("fees:call_issue", args=[year]))
        try:
            requested = fee_call_request(
                year=year,
                actor=request.user,
                today=today,
                confirmed_count=count,
                confirmed_total=total,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(reverse("fees:call_issue", args=[year]))
        if requested.created:
            messages.success(
                request,
                _(
                    "The call for %(year)s is being issued: you may leave this page and come "
                    "back to it."
                )
                % {"year": year},
            )
        else:
            messages.info(request, _("This call is being issued already; here is its progress."))
        return HttpResponseRedirect(reverse("fees:call_progress", args=[year]))
    preview = fee_call_preview(year=year, on=today)
    rows = preview.to_invoice
    return render(
        request,
        "fees/call_confirm.html",
        {
            "year": year,
            "count": len(rows),
            "total": preview.total_to_invoice,
            "without_contact": [row.member for row in rows if not row.contacts],
            "emailed": sum(1 for row in rows if row.contacts),
        },
    )


@require_GET
@secretariat_page
def call_progress(request: PortalRequest, year: int) -> HttpResponse:
    """Where the issue of the call stands: invoices issued, PDFs, e-mails, failures and why.

    Polled by htmx every few seconds until everything is done or given up.
    """
    year = _checked_year(year)
    progress = call_run_progress(year=year)
    template = "fees/_call_progress.html" if request.htmx else "fees/call_progress.html"
    return render(request, template, {"year": year, "progress": progress})


@require_http_methods(["GET", "POST"])
@secretariat_page
def decision_edit(request: PortalRequest, year: int) -> HttpResponse:
    """Records the Executive Board's decision on a year's fee parameters (art. 3.2)."""
    year = _checked_year(year)
    existing = FeeDecision.objects.filter(year=year).first()
    if existing is None:
        previous = parameters_for(year=year).decision
        initial = {
            name: getattr(previous, name)
            for name in FeeDecisionForm.Meta.fields
            if previous is not None and name not in ("decided_on", "notes")
        }
        existing = FeeDecision(year=year, **initial)
    form = FeeDecisionForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        values = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name != "decided_on"
        }
        try:
            fee_decision_record(
                year=year,
                decided_on=form.cleaned_data["decided_on"],
                values=values,
                actor=request.user,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, _("The fee parameters of %(year)s are recorded.") % {"year": year}
            )
            return HttpResponseRedirect(reverse("fees:call", args=[year]))
    return render(request, "fees/decision_form.html", {"form": form, "year": year})


@require_http_methods(["GET", "POST"])
@secretariat_page
def admission_new(request: PortalRequest) -> HttpResponse:
    """Admit a member: records the Board's decision and invoices the first-year fee."""
    form = AdmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            admission = member_admission_record(
                member=data["member"],
                category=data["category"],
                board_decision=data["board_decision"],
                ga_ratification=data["ga_ratification"],
                actor=request.user,
                today=timezone.localdate(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if admission.invoice is not None:
                messages.success(
                    request,
                    _("%(member)s is admitted; first-year invoice %(number)s issued.")
                    % {"member": data["member"], "number": admission.invoice.number},
                )
                return HttpResponseRedirect(
                    reverse("fees:invoice", args=[admission.invoice.number])
                )
            messages.success(
                request,
                _("%(member)s is admitted. %(note)s")
                % {"member": data["member"], "note": admission.note},
            )
            return HttpResponseRedirect(reverse("fees:calls"))
    return render(request, "fees/admission_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@secretariat_page
def participation_new(request: PortalRequest, year: int) -> HttpResponse:
    """Records a member's part in a programme with a fee (Procedures art. 3.3).

    On its own page, linked from the call's preview: its list of every member (a thousand
    options) was built on every view of the preview. Recorded, it goes back to the preview,
    where the fee shows.
    """
    year = _checked_year(year)
    if request.method == "GET":
        return render(
            request,
            "fees/participation_form.html",
            {
                "year": year,
                "programme_fees": parameters_for(year=year).programme_fees,
                # Built here: a template loop over a thousand members costs more than the page.
                "member_options": member_options(),
                "participation_form": ParticipationForm(),
            },
        )
    form = ParticipationForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return HttpResponseRedirect(reverse("fees:participation_new", args=[year]))
    try:
        result = programme_participation_record(
            member=form.cleaned_data["member"],
            year=year,
            programme=form.cleaned_data["programme"],
            actor=request.user,
            today=timezone.localdate(),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("fees:participation_new", args=[year]))
    if result.invoice is not None:
        messages.success(
            request,
            _("Recorded; programme invoice %(number)s issued.") % {"number": result.invoice.number},
        )
    else:
        messages.success(request, _("Recorded; the fee is added when the member is invoiced."))
    return HttpResponseRedirect(reverse("fees:call", args=[year]))


@require_POST
@secretariat_page
def first_year_issue(request: PortalRequest, year: int, member_id: int) -> HttpResponse:
    """Invoices the first-year fee of a member admitted during ``year`` that has none yet."""
    year = _checked_year(year)
    member = get_object_or_404(Member, pk=member_id)
    decisions = [
        m.board_decision
        for m in member.memberships.all()
        if m.board_decision.year == year and m.category != "observer"
    ]
    if not decisions:
        raise Http404(_("The member was not admitted in %(year)s.") % {"year": year})
    decision: date = min(decisions)
    try:
        invoice = first_year_invoice_issue(
            member=member,
            decision=decision,
            actor=request.user,
            today=timezone.localdate(),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if invoice is None:
            messages.info(request, _("Nothing to invoice for %(year)s.") % {"year": year})
        else:
            messages.success(
                request, _("First-year invoice %(number)s issued.") % {"number": invoice.number}
            )
    return HttpResponseRedirect(reverse("fees:call", args=[year]))
