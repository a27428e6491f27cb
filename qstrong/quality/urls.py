"""Quality pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "quality"
urlpatterns: list[URLPattern | URLResolver] = []
