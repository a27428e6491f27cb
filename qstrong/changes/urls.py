"""Change requests: the enterprise's pages and the officers' queue."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.changes import views

app_name = "changes"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.queue, name="queue"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
]
