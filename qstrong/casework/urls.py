"""Casework pages: outreach (惠企直通车), needs, tasks, panels and files."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.casework import views

app_name = "casework"
urlpatterns: list[URLPattern | URLResolver] = [
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/calendar/", views.activity_calendar, name="activity_calendar"),
    path("activities/stats/", views.activity_stats, name="activity_stats"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/photos/", views.activity_photo_add, name="activity_photo_add"),
    path(
        "activities/<int:pk>/attachments/",
        views.activity_attachment_add,
        name="activity_attachment_add",
    ),
    path("activities/<int:pk>/needs/", views.activity_need_add, name="activity_need_add"),
    path("photos/<int:pk>/", views.photo_file, name="photo_file"),
    path("photos/<int:pk>/archive/", views.photo_archive, name="photo_archive"),
    path("attachments/<int:pk>/", views.attachment_file, name="attachment_file"),
    path("attachments/<int:pk>/archive/", views.attachment_archive, name="attachment_archive"),
    path("enterprises/search/", views.enterprise_search, name="enterprise_search"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/tasks/", views.task_create, name="task_create"),
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/board/", views.task_board, name="task_board"),
    path("tasks/overdue/", views.my_overdue, name="my_overdue"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/transition/", views.task_transition, name="task_transition"),
    path("tasks/<int:pk>/evidence/", views.task_evidence_add, name="task_evidence_add"),
    path("export.xlsx", views.lists_export, name="lists_export"),
    path("exports/<uuid:pk>/", views.lists_export_detail, name="lists_export_detail"),
    path("exports/<uuid:pk>/download/", views.lists_export_download, name="lists_export_download"),
    path("panels/enterprise/<int:pk>/", views.enterprise_panel, name="enterprise_panel"),
    path("panels/chain/<str:code>/", views.chain_panel, name="chain_panel"),
    path("panels/town/<str:code>/", views.town_panel, name="town_panel"),
]
