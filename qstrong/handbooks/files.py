"""Handbook files: one edition in one format (a batch's zip: zips.py)."""

from __future__ import annotations

import re

from qstrong.handbooks.models import Handbook
from qstrong.handbooks.rendering import renderer_for
from qstrong.handbooks.schemas import content_load

FORMATS = ("pdf", "docx")


def filename(handbook: Handbook, fmt: str) -> str:
    safe = re.sub(r"[\\/:*?\"<>|\s]+", "_", handbook.subject_name)
    return f"{safe}-{handbook.get_kind_display()}-第{handbook.edition}版.{fmt}"


def handbook_file(*, handbook: Handbook, fmt: str) -> bytes:
    """The edition's snapshot rendered; a published edition renders the same forever."""
    if not handbook.content:
        raise ValueError("handbook not generated")
    return renderer_for(fmt).render(content_load(handbook.content))
