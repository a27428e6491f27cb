"""Portal app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "qstrong.portal"
    label = "portal"
    verbose_name = _("企业服务门户与政策计算器")
