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
        # through the registry's hook, so neither imports this app
        # (docs/adr/0009-nqi-facts-through-the-registry.md).
        from qstrong.insights.maps import map_metric_register
        from qstrong.nqi.facts import register_facts
        from qstrong.nqi.selectors import providers_per_county

        register_facts()
        map_metric_register(
            key="nqi_providers",
            label=_("检验检测与服务机构"),
            unit=_("家"),
            counts=providers_per_county,
        )
