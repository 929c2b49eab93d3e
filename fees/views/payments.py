"""Payments: recorded by the secretariat, imported from bank statements, lines resolved."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from aer_portal.errors import DomainError
from fees.forms import SPLIT_ROWS, PaymentForm, ResolveLineForm, SplitLineForm, StatementForm
from fees.models import BankLine, Payment, StatementImport
from fees.selectors.invoices import lines_to_resolve, recent_payments
from fees.services.payments import bank_line_resolve, bank_line_split, payment_record
from fees.services.statements import StatementImportRefused, statement_import
from members.access import PortalRequest, secretariat_page

#: The largest statement file accepted (bytes); a year of a busy account is far smaller.
STATEMENT_MAX_BYTES = 5 * 1024 * 1024


@require_http_methods(["GET", "POST"])
@secretariat_page
def payment_new(request: PortalRequest) -> HttpResponse:
    """Record a payment by hand; the latest payments below the form."""
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = payment_record(
                invoice_number=data["invoice"],
                amount=data["amount"],
                received_on=data["received_on"],
                reference=data["reference"],
                actor=request.user,
                today=timezone.localdate(),
                request_key=data["request_key"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Payment of € %(amount)s recorded for invoice %(number)s.")
                % {"amount": payment.amount, "number": payment.invoice.number},
            )
            return HttpResponseRedirect(reverse("fees:payments"))
    return render(
        request,
        "fees/payment_form.html",
        {"form": form, "payments": recent_payments()},
    )


@require_http_methods(["GET", "POST"])
@secretariat_page
def statement_upload(request: PortalRequest) -> HttpResponse:
    """Import a bank statement; the lines waiting for a person are listed below."""
    form = StatementForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > STATEMENT_MAX_BYTES:
            form.add_error(
                "file",
                ValidationError(
                    _("The file is larger than %(mb)s MB.")
                    % {"mb": STATEMENT_MAX_BYTES // (1024 * 1024)}
                ),
            )
        else:
            try:
                result = statement_import(
                    name=upload.name,
                    content=upload.read(),
                    actor=request.user,
                    today=timezone.localdate(),
                    profile=form.cleaned_data["profile"],
                )
            except StatementImportRefused as refused:
                problems = refused.problems
                form.add_error("file", _("The statement was not imported; nothing saved."))
            else:
                messages.success(
                    request,
                    _(
                        "%(matched)s payments recorded; %(resolve)s lines wait for a person to "
                        "resolve them."
                    )
                    % {"matched": result.matched, "resolve": result.to_resolve},
                )
                return HttpResponseRedirect(reverse("fees:statement", args=[result.statement.pk]))
    return render(
        request,
        "fees/statement_upload.html",
        {"form": form, "problems": problems, "lines": lines_to_resolve()},
    )


@require_GET
@secretariat_page
def statement_detail(request: PortalRequest, pk: int) -> HttpResponse:
    """A statement's lines, what became of each, and the forms to resolve or split a line."""
    statement = get_object_or_404(
        StatementImport.objects.select_related("imported_by", "csv_profile"), pk=pk
    )
    lines = (
        statement.lines.select_related("invoice", "resolved_by")
        .prefetch_related(
            Prefetch("payments", queryset=Payment.objects.select_related("invoice").order_by("pk"))
        )
        .order_by("line_number")
    )
    return render(
        request,
        "fees/statement_detail.html",
        {
            "statement": statement,
            "lines": lines,
            "resolve_form": ResolveLineForm(),
            "split_rows": range(1, SPLIT_ROWS + 1),
        },
    )


@require_POST
@secretariat_page
def line_split(request: PortalRequest, pk: int) -> HttpResponse:
    """Split a statement line across invoices: all the shares are saved, or none."""
    line = get_object_or_404(BankLine, pk=pk)
    form = SplitLineForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("%(line)s was not split: %(problems)s")
            % {
                "line": capfirst(line.where),
                "problems": "; ".join(
                    f"{form.fields[f].label if f in form.fields else f}: {' '.join(map(str, e))}"
                    for f, e in form.errors.items()
                ),
            },
        )
    else:
        try:
            bank_line_split(
                line=line,
                shares=form.shares(),
                note=form.cleaned_data["note"],
                actor=request.user,
                today=timezone.localdate(),
            )
        except DomainError as error:
            messages.error(
                request,
                _("%(line)s was not split: %(problems)s")
                % {"line": capfirst(line.where), "problems": error.message},
            )
        else:
            messages.success(request, _("%(line)s split.") % {"line": capfirst(line.where)})
    return HttpResponseRedirect(reverse("fees:statement", args=[line.statement_id]))


@require_POST
@secretariat_page
def line_resolve(request: PortalRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(BankLine, pk=pk)
    form = ResolveLineForm(request.POST)
    if form.is_valid():
        try:
            bank_line_resolve(
                line=line,
                invoice_number=form.cleaned_data["invoice"],
                note=form.cleaned_data["note"],
                actor=request.user,
                today=timezone.localdate(),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Line %(line)s resolved.") % {"line": line.where})
    return HttpResponseRedirect(reverse("fees:statement", args=[line.statement_id]))
