"""Ops app: production serving, health probes, metrics, request logs and the scheduler."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "qstrong.ops"
    label = "ops"
    verbose_name = _("运行维护")

    def ready(self) -> None:
        from qstrong.ops import checks  # noqa: F401  (registers the schedule check)
