"""URLs of the working_groups app (mounted at /working-groups/)."""

from django.urls import URLPattern, URLResolver, path

from working_groups.views import groups, proposals, review

app_name = "working_groups"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", groups.group_list, name="list"),
    path("review/", review.review_queue, name="review_queue"),
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("proposals/new/", proposals.proposal_new, name="proposal_new"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/invite/", proposals.proposal_invite, name="proposal_invite"),
    path("proposals/<int:pk>/suggest/", proposals.proposal_suggest, name="proposal_suggest"),
    path("proposals/<int:pk>/answer/", proposals.proposal_answer, name="proposal_answer"),
    path("proposals/<int:pk>/submit/", proposals.proposal_submit, name="proposal_submit"),
    path("proposals/<int:pk>/comment/", review.proposal_comment, name="proposal_comment"),
    path("proposals/<int:pk>/vote/", review.proposal_vote, name="proposal_vote"),
    path("proposals/<int:pk>/decision/", review.proposal_decide, name="proposal_decide"),
    path("groups/<slug:slug>/", groups.group_detail, name="group"),
    path("groups/<slug:slug>/join/", groups.group_join, name="group_join"),
    path("groups/<slug:slug>/leave/", groups.group_leave, name="group_leave"),
    path("groups/<slug:slug>/chair/", groups.group_chair, name="group_chair"),
    path(
        "groups/<slug:slug>/seconded-officer/",
        groups.group_seconded_officer,
        name="group_seconded_officer",
    ),
    path("groups/<slug:slug>/meetings/new/", groups.group_meeting_add, name="group_meeting_add"),
    path(
        "groups/<slug:slug>/activities/new/", groups.group_activity_add, name="group_activity_add"
    ),
    path("groups/<slug:slug>/dissolve/", groups.group_dissolve, name="group_dissolve"),
]
