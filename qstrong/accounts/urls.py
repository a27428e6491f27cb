"""Login, logout (POST) and the language switch."""

from __future__ import annotations

from django.urls import path

from qstrong.accounts import views, views_security

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("language/", views.language_switch, name="set_language"),
    path("password/", views_security.password_change, name="password_change"),
    path("otp/setup/", views_security.otp_setup, name="otp_setup"),
    path("otp/verify/", views_security.otp_verify, name="otp_verify"),
]
