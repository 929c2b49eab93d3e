"""Read-only queries about fees, scoped to who asks, each page in a constant number of queries.

One module per area; everything is importable from ``fees.selectors``.
"""

from fees.selectors.budget import BudgetOverview, budget_overview
from fees.selectors.calls import (
    CategoryGroup,
    FeeCallPreview,
    PreviewRow,
    RowStatus,
    YearParameters,
    fee_call_preview,
    fee_call_years,
    parameters_for,
)
from fees.selectors.invoices import (
    CENT,
    MEMBERSHIP_KINDS,
    InvoiceRow,
    InvoiceStatus,
    credit_note_for,
    exemptions_list,
    invoice_for,
    invoice_rows,
    invoice_status,
    invoice_suspensions,
    is_treasurer,
    lines_to_resolve,
    open_suspensions,
    overdue_invoices,
    recent_payments,
    reduction_proposals,
    region_invoices,
    visible_invoices,
    with_balances,
)

__all__ = [
    "CENT",
    "MEMBERSHIP_KINDS",
    "BudgetOverview",
    "CategoryGroup",
    "FeeCallPreview",
    "InvoiceRow",
    "InvoiceStatus",
    "PreviewRow",
    "RowStatus",
    "YearParameters",
    "budget_overview",
    "credit_note_for",
    "exemptions_list",
    "fee_call_preview",
    "fee_call_years",
    "invoice_for",
    "invoice_rows",
    "invoice_status",
    "invoice_suspensions",
    "is_treasurer",
    "lines_to_resolve",
    "open_suspensions",
    "overdue_invoices",
    "parameters_for",
    "recent_payments",
    "reduction_proposals",
    "region_invoices",
    "visible_invoices",
    "with_balances",
]
