"""Food safety app configuration."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoodsafetyConfig(AppConfig):
    name = "qstrong.foodsafety"
    label = "foodsafety"
    verbose_name = _("食品安全日管控")
