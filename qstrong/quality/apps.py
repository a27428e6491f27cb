"""Quality app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualityConfig(AppConfig):
    name = "qstrong.quality"
    label = "quality"
    verbose_name = _("质量问题闭环与攻关")
