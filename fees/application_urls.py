"""URLs of joining AER: the public application and the secretariat's pages
(fees.views.applications), and the Executive Board's (fees.views.application_votes)."""

from django.urls import path

from fees.views import application_votes as board
from fees.views import applications

app_name = "applications"

urlpatterns = [
    path("join/", applications.apply, name="apply"),
    path("join/status/<str:token>/", applications.status, name="status"),
    path("secretariat/applications/", applications.application_list, name="list"),
    path("secretariat/applications/<int:pk>/", applications.application_detail, name="detail"),
    path(
        "secretariat/applications/<int:pk>/letter/", applications.application_letter, name="letter"
    ),
    path("board/applications/", board.board_application_list, name="board_list"),
    path("board/applications/<int:pk>/", board.board_application_detail, name="board_detail"),
    path(
        "board/applications/<int:pk>/letter/", board.board_application_letter, name="board_letter"
    ),
]

__all__ = ["app_name", "urlpatterns"]
