"""Policies app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "qstrong.policies"
    label = "policies"
    verbose_name = _("政策库与政策匹配")

    def ready(self) -> None:
        from qstrong.policies import receivers
        from qstrong.registry.signals import enterprise_changed, registry_imported

        enterprise_changed.connect(receivers.on_enterprise_changed, dispatch_uid="policies-rematch")
        registry_imported.connect(receivers.on_registry_imported, dispatch_uid="policies-full-run")
