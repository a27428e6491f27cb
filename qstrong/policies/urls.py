"""Policies pages: the library, the rule editor, explanations, runs; pushes and coverage."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

app_name = "policies"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("qstrong.policies.coverage_urls")),
]
