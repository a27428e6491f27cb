"""Uploaded files of the routine: fix evidence and annual reports, checked by type and size."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
REPORT_MAX_BYTES = 20 * 1024 * 1024

# File signatures: the extension alone would let anything in.
_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
    "pdf": (b"%PDF",),
    "docx": (b"PK\x03\x04",),
}
EVIDENCE_TYPES = ("jpg", "jpeg", "png", "webp", "pdf")
REPORT_TYPES = ("pdf", "docx")


def check_upload(upload: Any, *, field: str, allowed: tuple[str, ...], max_bytes: int) -> str:
    """The file's clean name; ValidationError on `field` when its type or size is wrong."""
    name = PurePath(str(getattr(upload, "name", "") or "file")).name[-200:]
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in allowed:
        raise ValidationError(
            {field: _("文件类型不支持：只接受 %(types)s。") % {"types": "、".join(allowed)}}
        )
    if upload.size > max_bytes:
        raise ValidationError(
            {field: _("文件过大：不能超过 %(mb)s MB。") % {"mb": max_bytes // (1024 * 1024)}}
        )
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    signature_ok = any(head.startswith(sig) for sig in _SIGNATURES[suffix])
    if suffix == "webp":
        signature_ok = signature_ok and head[8:12] == b"WEBP"
    if not signature_ok:
        raise ValidationError({field: _("文件内容与扩展名“%(ext)s”不符。") % {"ext": suffix}})
    return name
