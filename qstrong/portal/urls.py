"""Portal pages: the enterprise's inbox and policies, and the public policy calculator."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.portal import views

app_name = "portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("messages/<int:pk>/", views.digest_detail, name="digest_detail"),
    path("policies/<int:pk>/", views.push_detail, name="push_detail"),
    path("policies/<int:pk>/claim/", views.push_claim, name="push_claim"),
    path("policies/<int:pk>/apply/", views.push_apply, name="push_apply"),
    path("calculator/", views.calculator, name="calculator"),
]
