"""Login, logout (POST) and the language switch."""

from __future__ import annotations

from django.urls import path

from qstrong.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.language_switch, name="set_language"),
]
