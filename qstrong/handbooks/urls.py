"""Handbook pages."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.handbooks import views, views_batches, views_library

app_name = "handbooks"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.handbook_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.handbook_detail, name="detail"),
    path("<int:pk>/file.<str:fmt>", views.handbook_download, name="download"),
    path("<int:pk>/do/<str:action>/", views.handbook_action, name="action"),
    path("<int:pk>/sections/<str:key>/", views.section_edit, name="section_edit"),
    path("<int:pk>/measures/", views.measure_save, name="measure_add"),
    path("<int:pk>/measures/<int:measure_pk>/", views.measure_save, name="measure_edit"),
    path("<int:pk>/measures/<int:measure_pk>/delete/", views.measure_delete, name="measure_delete"),
    path("batches/", views_batches.batch_list, name="batch_list"),
    path("batches/new/", views_batches.batch_create, name="batch_create"),
    path("batches/<int:pk>/", views_batches.batch_detail, name="batch_detail"),
    path("batches/<int:pk>/do/<str:action>/", views_batches.batch_action, name="batch_action"),
    path("batches/<int:pk>/zip/", views_batches.batch_zip, name="batch_zip"),
    path(
        "batches/<int:pk>/zip/<uuid:job>/handbooks.zip",
        views_batches.batch_zip_download,
        name="batch_zip_download",
    ),
    path("template/", views_batches.template_page, name="template"),
    path("library/", views_library.library_page, name="library"),
    path(
        "library/<str:kind>/sections/",
        views_library.library_sections_save,
        name="library_sections",
    ),
    path(
        "library/<str:kind>/measures/",
        views_library.library_measure_save,
        name="library_measure_add",
    ),
    path(
        "library/<str:kind>/measures/<int:pk>/",
        views_library.library_measure_save,
        name="library_measure_edit",
    ),
    path(
        "library/<str:kind>/measures/<int:pk>/active/",
        views_library.library_measure_active,
        name="library_measure_active",
    ),
]
