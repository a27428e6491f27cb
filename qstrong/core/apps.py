"""Core app: base models, audit trail, jobs and progress."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "qstrong.core"
    label = "core"
    verbose_name = _("基础")
