"""Pages about meetings, their deadlines, documents and decisions."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
