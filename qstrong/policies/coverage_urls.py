"""Pages for pushes, claims and coverage, included by policies/urls.py."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.policies import views_coverage, views_pushes

urlpatterns: list[URLPattern | URLResolver] = [
    path("pushes/", views_pushes.push_list, name="push_list"),
    path("pushes/enterprises/<int:pk>/", views_pushes.enterprise_pushes, name="push_enterprise"),
    path("pushes/<int:pk>/decide/", views_pushes.push_decide, name="push_decide"),
    path("pushes/confirm/<int:policy_pk>/", views_pushes.grants_confirm, name="grants_confirm"),
    path("coverage/", views_coverage.coverage, name="coverage"),
    path("coverage/export.xlsx", views_coverage.coverage_export, name="coverage_export"),
]
