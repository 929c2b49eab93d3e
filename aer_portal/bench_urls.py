"""The portal's URLs plus the benchmark's baseline view (ROOT_URLCONF of the bench settings)."""

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from aer_portal.urls import urlpatterns as portal_urlpatterns


def trivial(request: HttpRequest) -> HttpResponse:
    """Answers "ok" without touching the database: what a page costs before it does anything."""
    return HttpResponse("ok", content_type="text/plain")


def reference(request: HttpRequest) -> HttpResponse:
    """The reference page: 25 members with their country (one query, `select_related`),
    rendered by a minimal template. Every page's median is reported as a multiple of its."""
    member_model = apps.get_model("members", "Member")
    members = member_model.objects.select_related("country").order_by("name")[:25]
    return render(request, "bench/reference.html", {"members": members})


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("bench/reference/", reference, name="bench_reference"),
    *portal_urlpatterns,
]
