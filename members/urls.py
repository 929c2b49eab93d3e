"""URLs of the members app."""

from django.urls import URLPattern, URLResolver, path

from members import views

app_name = "members"

urlpatterns: list[URLPattern | URLResolver] = [
    path("members/", views.directory, name="directory"),
    path("my-region/", views.my_region, name="my_region"),
    path("my-region/<int:member_id>/", views.record, name="record"),
    path("my-region/<int:member_id>/withdraw/", views.withdrawal, name="withdrawal"),
    path("my-region/<int:member_id>/contacts/add/", views.contact_add, name="contact_add"),
    path(
        "my-region/<int:member_id>/contacts/<int:person_id>/",
        views.contact_edit,
        name="contact_edit",
    ),
    path(
        "my-region/<int:member_id>/contacts/<int:person_id>/access/",
        views.contact_access,
        name="contact_access",
    ),
    path("access-requests/", views.access_requests, name="access_requests"),
    path(
        "access-requests/<int:pk>/decide/",
        views.access_request_decide,
        name="access_request_decide",
    ),
]
