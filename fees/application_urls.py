"""URLs of joining AER: the public application and the secretariat's pages
(fees.views.applications)."""

from fees.views.applications import urlpatterns

app_name = "applications"

__all__ = ["app_name", "urlpatterns"]
