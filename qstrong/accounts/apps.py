"""Accounts app: organisations, users, roles and jurisdiction."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qstrong.accounts"
    label = "accounts"
    verbose_name = _("账户与权限")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from qstrong.accounts.middleware import remember_second_factor_state

        user_logged_in.connect(remember_second_factor_state, dispatch_uid="qstrong-2fa-state")
