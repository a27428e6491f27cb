"""Casework pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "casework"
urlpatterns: list[URLPattern | URLResolver] = []
