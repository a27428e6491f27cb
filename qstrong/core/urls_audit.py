"""The audit administrator's security trail page and its exports."""

from __future__ import annotations

from django.urls import path

from qstrong.core import views_audit

app_name = "audit"
urlpatterns = [
    path("", views_audit.trail, name="trail"),
    path("export.xlsx", views_audit.trail_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("export.csv", views_audit.trail_export, {"fmt": "csv"}, name="export_csv"),
]
