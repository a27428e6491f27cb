"""Quality infrastructure and intellectual property app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NqiConfig(AppConfig):
    name = "qstrong.nqi"
    label = "nqi"
    verbose_name = _("质量基础设施与知识产权")

    def ready(self) -> None:
        # The registers' facts reach eligibility (policies) and programme progress (quality)
        # through the registry's hook, so neither imports this app (ADR 0006).
        from qstrong.nqi.facts import register_facts

        register_facts()
