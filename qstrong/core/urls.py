"""Background-job status for the pages that poll it."""

from __future__ import annotations

from django.urls import path

from qstrong.core import views

app_name = "core"
urlpatterns = [
    path("<uuid:pk>/status.json", views.job_status, name="job_status"),
    path("<uuid:pk>/progress/", views.job_progress, name="job_progress"),
]
