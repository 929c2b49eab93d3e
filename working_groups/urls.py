"""URLs of the working_groups app."""

from django.urls import URLPattern, URLResolver

app_name = "working_groups"

urlpatterns: list[URLPattern | URLResolver] = []
