"""URLs of the working_groups app (mounted at /working-groups/)."""

from django.urls import URLPattern, URLResolver, path

from working_groups import views

app_name = "working_groups"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.group_list, name="list"),
    path("review/", views.review_queue, name="review_queue"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/invite/", views.proposal_invite, name="proposal_invite"),
    path("proposals/<int:pk>/suggest/", views.proposal_suggest, name="proposal_suggest"),
    path("proposals/<int:pk>/answer/", views.proposal_answer, name="proposal_answer"),
    path("proposals/<int:pk>/submit/", views.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/comment/", views.proposal_comment, name="proposal_comment"),
    path("proposals/<int:pk>/vote/", views.proposal_vote, name="proposal_vote"),
    path("proposals/<int:pk>/decision/", views.proposal_decide, name="proposal_decide"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("groups/<slug:slug>/join/", views.group_join, name="group_join"),
    path("groups/<slug:slug>/leave/", views.group_leave, name="group_leave"),
    path("groups/<slug:slug>/chair/", views.group_chair, name="group_chair"),
    path(
        "groups/<slug:slug>/seconded-officer/",
        views.group_seconded_officer,
        name="group_seconded_officer",
    ),
    path("groups/<slug:slug>/meetings/new/", views.group_meeting_add, name="group_meeting_add"),
    path("groups/<slug:slug>/activities/new/", views.group_activity_add, name="group_activity_add"),
    path("groups/<slug:slug>/dissolve/", views.group_dissolve, name="group_dissolve"),
]
