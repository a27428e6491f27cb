"""Ops pages (the probes and /metrics are answered by the middleware, not here)."""

from __future__ import annotations

from django.urls import path

from qstrong.ops import views

app_name = "ops"
urlpatterns = [
    path("scheduled/", views.scheduled_run_list, name="scheduled_run_list"),
]
