"""Insights app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "qstrong.insights"
    label = "insights"
    verbose_name = _("指标与看板")
