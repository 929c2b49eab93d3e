"""URLs of the governance pages other sites may frame (governance.embed)."""

from django.urls import path

from aer_portal.open_data import embeddable
from governance import embed

app_name = "governance_embed"

urlpatterns = [
    path("bodies/<slug:slug>/", embeddable(embed.body), name="body"),
]
