"""Handbooks app configuration: the three handbooks (一企一册、一链一册、一镇一册)."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandbooksConfig(AppConfig):
    name = "qstrong.handbooks"
    label = "handbooks"
    verbose_name = _("三册保障")

    def ready(self) -> None:
        # The overview (insights, a floor below) asks its hook for counts; handbooks answers.
        from qstrong.handbooks import hooks

        hooks.connect()
