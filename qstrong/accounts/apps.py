"""Accounts app: organisations, users, roles and jurisdiction."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qstrong.accounts"
    label = "accounts"
    verbose_name = _("账户与权限")
