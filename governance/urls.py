"""URLs of the governance app: each area's views module lists its own."""

from governance.views import bodies, calendar, meetings

app_name = "governance"

urlpatterns = [*bodies.urlpatterns, *meetings.urlpatterns, *calendar.urlpatterns]
