"""Portal pages: the enterprise's inbox and policies, and the public policy calculator."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from qstrong.portal import views, views_accounts

app_name = "portal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("messages/<int:pk>/", views.digest_detail, name="digest_detail"),
    path("policies/<int:pk>/", views.push_detail, name="push_detail"),
    path("policies/<int:pk>/claim/", views.push_claim, name="push_claim"),
    path("policies/<int:pk>/apply/", views.push_apply, name="push_apply"),
    path("calculator/", views.calculator, name="calculator"),
    path("join/<str:token>/", views_accounts.join, name="join"),
    path("register/", views_accounts.register, name="register"),
    path("invite/", views_accounts.invite, name="invite"),
    path("registrations/", views_accounts.registrations, name="registrations"),
    path(
        "registrations/<int:pk>/decide/",
        views_accounts.registration_decide,
        name="registration_decide",
    ),
    path("colleagues/", views_accounts.colleagues, name="colleagues"),
    path("colleagues/<int:pk>/active/", views_accounts.colleague_active, name="colleague_active"),
]
