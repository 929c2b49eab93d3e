"""Every write to fees goes through a function here (one module per area)."""

from fees.services.budget import ordinary_expenditure_record
from fees.services.credit_notes import credit_note_issue
from fees.services.exemptions import exemption_approve
from fees.services.invoices import (
    Admission,
    FeeCallRequest,
    FeeCallResult,
    fee_call_issue,
    fee_call_request,
    first_year_invoice_issue,
    member_admission_record,
    programme_participation_record,
)
from fees.services.parameters import fee_decision_record
from fees.services.payments import (
    StatementImportRefused,
    bank_line_resolve,
    bank_line_split,
    payment_record,
    statement_import,
)
from fees.services.reductions import reduction_approve, reduction_propose, reduction_reject
from fees.services.suspensions import suspensions_update, suspensions_update_for

__all__ = [
    "Admission",
    "FeeCallRequest",
    "FeeCallResult",
    "StatementImportRefused",
    "bank_line_resolve",
    "bank_line_split",
    "credit_note_issue",
    "exemption_approve",
    "fee_call_issue",
    "fee_call_request",
    "fee_decision_record",
    "first_year_invoice_issue",
    "member_admission_record",
    "ordinary_expenditure_record",
    "payment_record",
    "programme_participation_record",
    "reduction_approve",
    "reduction_propose",
    "reduction_reject",
    "statement_import",
    "suspensions_update",
    "suspensions_update_for",
]
