"""Fee parameters, fee calls, invoices and credit notes, payments, bank statements, discounts.

Invoices and credit notes are never edited or deleted once issued (the admin offers no change
or delete, the services none, and on PostgreSQL a trigger refuses it: fees migration 0006); a
mistake is corrected by a credit note. Money is Decimal in euros.
"""

from fees.models.assessments import AssessedFee, FeeAssessment, FeeInputsVersion
from fees.models.invoices import CreditNote, Invoice, InvoiceLine, step_from_json, step_to_json
from fees.models.parameters import (
    LANGUAGES,
    FeeCall,
    FeeDecision,
    NumberSeries,
    ProgrammeParticipation,
    money_field,
)
from fees.models.payments import BankLine, CsvProfile, Payment, StatementImport
from fees.models.treasury import Exemption, OrdinaryExpenditure, ReductionProposal

__all__ = [
    "LANGUAGES",
    "AssessedFee",
    "BankLine",
    "CreditNote",
    "CsvProfile",
    "Exemption",
    "FeeAssessment",
    "FeeCall",
    "FeeDecision",
    "FeeInputsVersion",
    "Invoice",
    "InvoiceLine",
    "NumberSeries",
    "OrdinaryExpenditure",
    "Payment",
    "ProgrammeParticipation",
    "ReductionProposal",
    "StatementImport",
    "money_field",
    "step_from_json",
    "step_to_json",
]
