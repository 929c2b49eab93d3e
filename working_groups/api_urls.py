"""The working_groups app's open-data addresses (under /api/v1/)."""

from django.urls import URLPattern, URLResolver, path

from aer_portal.open_data import cached_public
from working_groups import api

app_name = "working_groups_api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("working-groups/", cached_public(api.WorkingGroupList.as_view()), name="groups"),
]
