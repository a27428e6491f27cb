"""Change requests: an enterprise's own facts change only when an officer approves them."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangesConfig(AppConfig):
    name = "qstrong.changes"
    label = "changes"
    verbose_name = _("企业信息变更申请")
