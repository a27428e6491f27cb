"""What every register record shares: where it comes from, and archiving."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from qstrong.core.models import ArchivableModel


class Origin(models.TextChoices):
    """Where a record comes from: the demo marks article facts apart from illustrations."""

    ARTICLE = "article", _("来自报道")
    ILLUSTRATIVE = "illustrative", _("演示示意")
    MANUAL = "manual", _("手工录入")
    IMPORT = "import", _("导入")


class Recorded(ArchivableModel):
    origin = models.CharField(
        _("数据来源"), max_length=16, choices=Origin.choices, default=Origin.MANUAL
    )
    origin_note = models.CharField(_("来源说明"), max_length=255, blank=True)

    class Meta:
        abstract = True
