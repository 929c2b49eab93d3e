"""The pages that gather every app."""

from django.urls import path

from portal import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("rules/", views.rules, name="rules"),
]
