"""Registry app: regions, industries, enterprises, chains and specialty towns."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "qstrong.registry"
    label = "registry"
    verbose_name = _("企业与产业链名录")
