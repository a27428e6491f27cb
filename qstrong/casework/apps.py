"""Casework app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "qstrong.casework"
    label = "casework"
    verbose_name = _("惠企直通车与需求任务")
