"""Registry pages: enterprises, chains, specialty towns and imports."""

from __future__ import annotations

from django.urls import path

from qstrong.registry import views

app_name = "registry"
urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise_list"),
    path("enterprises/export/", views.enterprise_export, name="enterprise_export"),
    path("enterprises/exports/<uuid:pk>/", views.export_detail, name="export_detail"),
    path("enterprises/exports/<uuid:pk>/download/", views.export_download, name="export_download"),
    path("enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("enterprises/<int:pk>/archive/", views.enterprise_archive, name="enterprise_archive"),
    path("enterprises/<int:pk>/restore/", views.enterprise_restore, name="enterprise_restore"),
    path("chains/", views.chain_list, name="chain_list"),
    path("chains/<str:code>/", views.chain_detail, name="chain_detail"),
    path("towns/", views.town_list, name="town_list"),
    path("towns/<str:code>/", views.town_detail, name="town_detail"),
    path("imports/", views.import_page, name="import_page"),
    path("imports/<int:pk>/", views.import_detail, name="import_detail"),
    path(
        "imports/<int:pk>/report.xlsx", views.import_report_download, name="import_report_download"
    ),
]
