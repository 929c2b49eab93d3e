"""The portal's URLs plus the benchmark's baseline view (ROOT_URLCONF of the bench settings)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from aer_portal.urls import urlpatterns as portal_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """Answers "ok" without touching the database: what a page costs before it does anything."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    *portal_urlpatterns,
]
