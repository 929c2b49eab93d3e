"""The elections app's feeds and the public calendar (under /feeds/)."""

from django.urls import URLPattern, URLResolver, path

from aer_portal.open_data import cached_public
from elections.feeds import CandidacyCallsFeed, ResultsFeed, public_calendar

app_name = "elections_feeds"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "candidacies.atom", cached_public(CandidacyCallsFeed(), throttled=True), name="candidacies"
    ),
    path("results.atom", cached_public(ResultsFeed(), throttled=True), name="results"),
    path("calendar.ics", cached_public(public_calendar, throttled=True), name="calendar"),
]
