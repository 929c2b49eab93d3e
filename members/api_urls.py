"""The members app's open-data addresses (under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from aer_portal.open_data import cached_public
from members import api

app_name = "members_api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("members/", cached_public(api.MemberList.as_view()), name="members"),
]
