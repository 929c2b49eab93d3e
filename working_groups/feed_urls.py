"""The working_groups app's feeds (under /feeds/)."""

from django.urls import URLPattern, URLResolver, path

from aer_portal.open_data import cached_public
from working_groups.feeds import NewWorkingGroupsFeed

app_name = "working_groups_feeds"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "working-groups.atom", cached_public(NewWorkingGroupsFeed(), throttled=True), name="groups"
    ),
]
