"""URLs of the fees app: invoices, fee calls, payments, the Treasurer's pages and exports."""

from django.urls import path

from fees.views import calls, exports, invoices, payments, treasury

NUMBER = "<str:number>"

app_name = "fees"

urlpatterns = [
    path("invoices/", invoices.invoice_list, name="invoices"),
    path(f"invoices/{NUMBER}/", invoices.invoice_detail, name="invoice"),
    path(f"invoices/{NUMBER}/pdf/", invoices.invoice_pdf, name="invoice_pdf"),
    path(f"invoices/{NUMBER}/credit-note/", invoices.credit_note_new, name="credit_note_new"),
    path(f"credit-notes/{NUMBER}/pdf/", invoices.credit_note_pdf, name="credit_note_pdf"),
    path("calls/", calls.call_list, name="calls"),
    path("calls/<int:year>/", calls.call_preview, name="call"),
    path("calls/<int:year>/issue/", calls.call_issue, name="call_issue"),
    path("calls/<int:year>/progress/", calls.call_progress, name="call_progress"),
    path("calls/<int:year>/parameters/", calls.decision_edit, name="decision"),
    path("calls/<int:year>/programmes/", calls.participation_new, name="participation_new"),
    path(
        "calls/<int:year>/first-year/<int:member_id>/",
        calls.first_year_issue,
        name="first_year_issue",
    ),
    path("admit/", calls.admission_new, name="admit"),
    path("payments/", payments.payment_new, name="payments"),
    path("statements/", payments.statement_upload, name="statements"),
    path("statements/<int:pk>/", payments.statement_detail, name="statement"),
    path("statements/lines/<int:pk>/resolve/", payments.line_resolve, name="line_resolve"),
    path("statements/lines/<int:pk>/split/", payments.line_split, name="line_split"),
    path("exemptions/", treasury.exemptions, name="exemptions"),
    path("exemptions/proposals/<int:pk>/", treasury.reduction_decide, name="reduction_decide"),
    path("budget/", treasury.budget_current, name="budget_current"),
    path("budget/<int:year>/", treasury.budget, name="budget"),
    path("exports/<slug:what>.<slug:fmt>", exports.export, name="export"),
    path("invoices/<str:number>/ubl/", exports.invoice_ubl, name="invoice_ubl"),
]
