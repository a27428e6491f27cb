"""Chain graph and map pages (filled by the industry-map work); included by insights/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
