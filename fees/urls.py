"""URLs of the fees app: each area's views module lists its own."""

from fees.views import calls, exports, invoices, payments, treasury

app_name = "fees"

urlpatterns = [
    *invoices.urlpatterns,
    *calls.urlpatterns,
    *payments.urlpatterns,
    *treasury.urlpatterns,
    *exports.urlpatterns,
]
