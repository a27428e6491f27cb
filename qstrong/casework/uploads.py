"""Checks on uploaded photos and files: type by their first bytes, size by a setting."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHOTO_MAX_BYTES_DEFAULT = 5 * 1024 * 1024
FILE_MAX_BYTES_DEFAULT = 20 * 1024 * 1024

# Extensions accepted as attachments and evidence: office documents, PDF, images, archives.
FILE_EXTENSIONS = frozenset(
    {"pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "jpg", "jpeg", "png",
     "webp", "zip", "ofd"}
)  # fmt: skip


def photo_max_bytes() -> int:
    return int(getattr(settings, "QSTRONG_CASEWORK_PHOTO_MAX_BYTES", PHOTO_MAX_BYTES_DEFAULT))


def file_max_bytes() -> int:
    return int(getattr(settings, "QSTRONG_CASEWORK_FILE_MAX_BYTES", FILE_MAX_BYTES_DEFAULT))


def sniff_image(head: bytes) -> str | None:
    """The image type from a file's first bytes: jpeg, png, webp, or None.

    Pillow is not installed here; the signatures are those of the formats' specifications
    (JPEG SOI marker, PNG 8-byte signature, RIFF container with the WEBP form type).
    """
    if head[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _size_message(name: str, limit: int) -> str:
    return _("“%(name)s”超过大小上限 %(limit)s MB。") % {
        "name": name,
        "limit": f"{limit / 1024 / 1024:g}",
    }


def check_photo(upload: Any) -> str:
    """Refuse anything but a JPEG, PNG or WebP within the size limit; return its content type."""
    name = getattr(upload, "name", "") or "photo"
    if upload.size > photo_max_bytes():
        raise ValidationError(_size_message(name, photo_max_bytes()), code="too_big")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_image(head)
    if content_type is None:
        raise ValidationError(
            _("“%(name)s”不是 JPEG、PNG 或 WebP 图片。") % {"name": name}, code="not_image"
        )
    return content_type


def check_file(upload: Any) -> None:
    """Attachments and evidence: an allowed extension, within the size limit, not empty."""
    name = getattr(upload, "name", "") or "file"
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in FILE_EXTENSIONS:
        raise ValidationError(
            _("“%(name)s”的文件类型不受支持，可上传：%(types)s。")
            % {"name": name, "types": "、".join(sorted(FILE_EXTENSIONS))},
            code="bad_type",
        )
    if upload.size > file_max_bytes():
        raise ValidationError(_size_message(name, file_max_bytes()), code="too_big")
    if upload.size == 0:
        raise ValidationError(_("“%(name)s”是空文件。") % {"name": name}, code="empty")
