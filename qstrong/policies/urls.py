"""Policies pages: the library, the rule editor, explanations, runs; pushes and coverage."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from qstrong.policies import views

app_name = "policies"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.policy_list, name="policy_list"),
    path("new/", views.policy_create, name="policy_create"),
    path("<int:pk>/", views.policy_detail, name="policy_detail"),
    path("<int:pk>/edit/", views.policy_edit, name="policy_edit"),
    path("<int:pk>/rule/", views.rule_editor, name="rule_editor"),
    path("<int:pk>/publish/", views.policy_publish, name="policy_publish"),
    path("<int:pk>/withdraw/", views.policy_withdraw, name="policy_withdraw"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("<int:pk>/explain/<int:enterprise_pk>/", views.explain, name="explain"),
    path("enterprises/<int:enterprise_pk>/panel/", views.enterprise_panel, name="enterprise_panel"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/start/", views.run_create, name="run_create"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("", include("qstrong.policies.coverage_urls")),
]
