"""URLs of the working-groups pages other sites may frame (working_groups.embed)."""

from django.urls import path

from aer_portal.open_data import embeddable
from working_groups import embed

app_name = "working_groups_embed"

urlpatterns = [
    path("working-groups/", embeddable(embed.group_list), name="list"),
]
