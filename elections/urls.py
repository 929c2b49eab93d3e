"""URLs of the elections app."""

from django.urls import URLPattern, URLResolver

app_name = "elections"

urlpatterns: list[URLPattern | URLResolver] = []
