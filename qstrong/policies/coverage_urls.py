"""Pages for pushes, claims and coverage, included by policies/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
