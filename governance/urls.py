"""URLs of the governance app: bodies, meetings and the secretariat's desk, calendars."""

from django.urls import path

from governance.views import bodies, calendar, meeting_desk, meetings

app_name = "governance"

urlpatterns = [
    path("bodies/", bodies.body_list, name="body_list"),
    path("bodies/<slug:slug>/", bodies.body_detail, name="body_detail"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/attendance/", meetings.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/manage/", meeting_desk.meeting_manage, name="meeting_manage"),
    path("meetings/<int:pk>/vote/", meetings.meeting_vote, name="meeting_vote"),
    path("meetings/<int:pk>/proposals/new/", meetings.proposal_new, name="proposal_new"),
    path("meetings/<int:pk>/agenda.pdf", meetings.meeting_agenda_pdf, name="meeting_agenda_pdf"),
    path("meetings/<int:pk>/minutes.pdf", meetings.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("meetings/documents/<int:pk>/", meetings.document_download, name="document_download"),
    path(
        "meetings/mailings/<int:pk>/progress/",
        meeting_desk.mailing_progress,
        name="mailing_progress",
    ),
    path("calendar/", calendar.calendar_settings, name="calendar_settings"),
    path("calendar/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
