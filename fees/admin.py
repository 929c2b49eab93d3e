"""The fees records in the admin: to look up and search, never to change.

Invoices and credit notes are never edited or deleted once issued; every other fees record is
written by a service (fees.services) from the secretariat's pages under /fees/, which apply
the Procedures. So the admin shows them read-only, without add, change, delete or bulk delete.
The exception is a bank's CSV profile, a setting rather than a record, which the secretariat
edits here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aer_portal.admin_lists import PortalListMixin
from fees.models import (
    BankLine,
    CreditNote,
    CsvProfile,
    Exemption,
    FeeCall,
    FeeDecision,
    Invoice,
    InvoiceLine,
    OrdinaryExpenditure,
    Payment,
    ProgrammeParticipation,
    ReductionProposal,
    StatementImport,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Look, search and filter; writing goes through the fees pages and their services."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ["position", "kind", "template", "params", "article", "amount"]


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["received_on", "amount", "reference", "source", "recorded_by"]


class CreditNoteInline(ReadOnlyInline):
    model = CreditNote
    fields = ["number", "issued_on", "amount", "reason"]


@admin.register(FeeDecision)
class FeeDecisionAdmin(ReadOnlyAdmin):
    list_display = ["year", "decided_on", "basic_fee", "cap", "indexation", "recorded_by"]
    list_select_related = ["recorded_by"]


@admin.register(FeeCall)
class FeeCallAdmin(ReadOnlyAdmin):
    list_display = ["year", "issued_on", "issued_by", "preview"]
    list_select_related = ["issued_by"]

    @admin.display(description=_("Preview and issue"))
    def preview(self, call: FeeCall) -> str:
        url = reverse("fees:call", args=[call.year])
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(Invoice)
class InvoiceAdmin(PortalListMixin, ReadOnlyAdmin):
    list_display = ["number", "member_name", "kind", "year", "issued_on", "due_on", "total"]
    list_filter = ["year", "kind", "category"]
    search_fields = ["number", "member_name", "member_native_name"]
    # The list shows the name recorded on the invoice, not the member's row; and SQLite sorted
    # each invoice with its calculation (1.7 kB) before taking a page: 17 ms at five times
    # AER's size, 1.5 ms without.
    list_select_related = False
    list_defer = ("calculation",)
    # No date_hierarchy: the year filter finds the same invoices, and the hierarchy truncated
    # the date of every invoice of the table (in Python, on SQLite) at each page view.
    inlines = [InvoiceLineInline, CreditNoteInline, PaymentInline]
    exclude = ["calculation"]
    readonly_fields = ["calculation_text"]

    @admin.display(description=_("Calculation"))
    def calculation_text(self, invoice: Invoice) -> str:
        return "\n".join(str(step) for step in invoice.calculation_steps())


@admin.register(CreditNote)
class CreditNoteAdmin(ReadOnlyAdmin):
    list_display = ["number", "invoice", "issued_on", "amount"]
    search_fields = ["number", "invoice__number", "invoice__member_name"]
    list_select_related = ["invoice"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["invoice", "amount", "received_on", "source", "reference", "recorded_by"]
    list_filter = ["source"]
    search_fields = ["invoice__number", "invoice__member_name", "reference"]
    list_select_related = ["invoice", "recorded_by"]
    date_hierarchy = "received_on"


class BankLineInline(ReadOnlyInline):
    model = BankLine
    fields = ["line_number", "booked_on", "amount", "reference", "match", "invoice", "resolution"]


@admin.register(CsvProfile)
class CsvProfileAdmin(admin.ModelAdmin):
    """The one fees record the secretariat edits here: how each bank writes its CSV export,
    set once per bank so its files import (columns named by header title or by number)."""

    list_display = ["bank_name", "delimiter", "decimal_comma", "date_format", "header_row"]
    search_fields = ["bank_name"]
    fieldsets = [
        (None, {"fields": ["bank_name"]}),
        (
            _("How the file is written"),
            {"fields": ["delimiter", "decimal_comma", "date_format", "encoding", "header_row"]},
        ),
        (
            _("Which column says what"),
            {
                "fields": [
                    "date_column",
                    "amount_column",
                    "currency_column",
                    "reference_columns",
                    "counterparty_column",
                    "id_column",
                ]
            },
        ),
    ]


@admin.register(StatementImport)
class StatementImportAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "format", "imported_at", "imported_by"]
    list_select_related = ["imported_by"]
    exclude = ["file"]
    inlines = [BankLineInline]


@admin.register(Exemption)
class ExemptionAdmin(ReadOnlyAdmin):
    list_display = ["member", "year", "amount", "approver_name", "approved_on"]
    list_select_related = ["member"]
    search_fields = ["member__name"]


@admin.register(ReductionProposal)
class ReductionProposalAdmin(ReadOnlyAdmin):
    """Read-only: staff propose and the Treasurer decides on /fees/exemptions/ (art. 3.4)."""

    list_display = ["member", "kind", "year", "amount", "status", "proposer_name", "decider_name"]
    list_filter = ["status", "kind", "year"]
    list_select_related = ["member"]
    search_fields = ["member__name"]


@admin.register(ProgrammeParticipation)
class ProgrammeParticipationAdmin(ReadOnlyAdmin):
    list_display = ["member", "year", "programme", "invoice"]
    list_filter = ["year", "programme"]
    list_select_related = ["member", "invoice"]


@admin.register(OrdinaryExpenditure)
class OrdinaryExpenditureAdmin(ReadOnlyAdmin):
    list_display = ["year", "amount", "entered_by", "entered_on"]
    list_select_related = ["entered_by"]
