"""Quality pages: problems and their kanban, key projects, the loss ledger, programmes, panels."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.quality import views
from qstrong.quality.views import editing

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
    path("projects/new/", editing.key_project_create, name="key_project_create"),
    path("projects/<int:pk>/", views.key_project_detail, name="key_project_detail"),
    path("projects/<int:pk>/edit/", editing.key_project_edit, name="key_project_edit"),
    path(
        "projects/<int:pk>/milestones/",
        editing.key_project_milestone_add,
        name="key_project_milestone_add",
    ),
    path(
        "projects/<int:pk>/milestones/<int:milestone_pk>/done/",
        editing.key_project_milestone_done,
        name="key_project_milestone_done",
    ),
    path(
        "projects/<int:pk>/indicators/",
        editing.key_project_indicator_add,
        name="key_project_indicator_add",
    ),
    path("ledger/", views.loss_ledger, name="loss_ledger"),
    path("ledger/export.xlsx", views.loss_export, name="loss_export"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", editing.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", editing.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/enrolments/", editing.programme_enrol, name="programme_enrol"),
    path(
        "programmes/<int:pk>/milestones/",
        editing.programme_milestone_add,
        name="programme_milestone_add",
    ),
    path(
        "programmes/<int:pk>/milestones/<int:milestone_pk>/done/",
        editing.programme_milestone_done,
        name="programme_milestone_done",
    ),
    path("enterprises/search/", editing.enterprise_search, name="enterprise_search"),
    path("panels/enterprise/<int:pk>/", views.enterprise_panel, name="enterprise_panel"),
    path("panels/chain/<str:code>/", views.chain_panel, name="chain_panel"),
]
