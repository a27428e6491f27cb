"""Evidence files: PDF, JPEG or PNG by their first bytes (not their name), within a size limit."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EVIDENCE_MAX_BYTES_DEFAULT = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 5
# The file's signature (its first bytes) → the type it is served as.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)


def evidence_max_bytes() -> int:
    return int(getattr(settings, "QSTRONG_CHANGE_EVIDENCE_MAX_BYTES", EVIDENCE_MAX_BYTES_DEFAULT))


def evidence_check(upload: Any) -> tuple[str, str]:
    """(content type, sha256) of an acceptable file; otherwise a message naming the file."""
    name = getattr(upload, "name", "") or "file"
    if upload.size == 0:
        raise ValidationError(_("“%(name)s”是空文件。") % {"name": name}, code="empty")
    limit = evidence_max_bytes()
    if upload.size > limit:
        raise ValidationError(
            _("“%(name)s”超过大小上限 %(limit)s MB。")
            % {"name": name, "limit": f"{limit / 1024 / 1024:g}"},
            code="too_big",
        )
    upload.seek(0)
    head = upload.read(16)
    content_type = next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)
    if content_type is None:
        raise ValidationError(
            _("“%(name)s”不是 PDF、JPEG 或 PNG 文件（证书扫描件或报告）。") % {"name": name},
            code="bad_type",
        )
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return content_type, digest.hexdigest()
