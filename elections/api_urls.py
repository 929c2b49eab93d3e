"""The elections app's open-data addresses (under /api/v1/): elections and public meetings."""

from django.urls import URLPattern, URLResolver, path

from aer_portal.open_data import cached_public
from elections import api

app_name = "elections_api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("elections/", cached_public(api.ElectionList.as_view()), name="elections"),
    path("elections/<int:pk>/", cached_public(api.ElectionDetail.as_view()), name="election"),
    path("meetings/", cached_public(api.MeetingList.as_view()), name="meetings"),
]
