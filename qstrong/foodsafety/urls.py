"""Food safety pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "foodsafety"
urlpatterns: list[URLPattern | URLResolver] = []
