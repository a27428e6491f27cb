"""Quality pages: problems and their kanban, key projects, the loss ledger, programmes, panels."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.quality import views

app_name = "quality"
urlpatterns: list[URLPattern | URLResolver] = [
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/kanban/", views.problem_kanban, name="problem_kanban"),
    path("problems/new/", views.problem_create, name="problem_create"),
    path("problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path(
        "problems/<int:pk>/transitions/<str:name>/",
        views.problem_transition,
        name="problem_transition",
    ),
    path("problems/<int:pk>/actions/", views.problem_action_add, name="problem_action_add"),
    path(
        "problems/<int:pk>/actions/<int:action_pk>/done/",
        views.problem_action_done,
        name="problem_action_done",
    ),
    path("problems/<int:pk>/comments/", views.problem_comment, name="problem_comment"),
    path("problems/<int:pk>/losses/", views.problem_loss_add, name="problem_loss_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("projects/", views.key_project_list, name="key_project_list"),
    path("projects/<int:pk>/", views.key_project_detail, name="key_project_detail"),
    path("ledger/", views.loss_ledger, name="loss_ledger"),
    path("ledger/export.xlsx", views.loss_export, name="loss_export"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("panels/enterprise/<int:pk>/", views.enterprise_panel, name="enterprise_panel"),
    path("panels/chain/<str:code>/", views.chain_panel, name="chain_panel"),
]
