"""URLs of the members pages other sites may frame (members.embed)."""

from django.urls import path

from aer_portal.open_data import embeddable
from members import embed

app_name = "members_embed"

urlpatterns = [
    path("members/", embeddable(embed.directory), name="directory"),
]
