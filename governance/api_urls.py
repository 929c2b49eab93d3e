"""The governance app's open-data addresses (under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from aer_portal.open_data import cached_public
from governance import api

app_name = "governance_api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("bodies/", cached_public(api.BodyList.as_view()), name="bodies"),
    path("bodies/<slug:slug>/", cached_public(api.BodyDetail.as_view()), name="body"),
]
