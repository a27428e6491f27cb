"""Photos are checked by their bytes and size; attachments by extension and size."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qstrong.accounts.tests.factories import county_officer_qingxu
from qstrong.casework import services
from qstrong.casework.tests.factories import ActivityFactory
from qstrong.casework.uploads import check_file, check_photo

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 64


@pytest.mark.parametrize(
    ("content", "kind"), [(PNG, "image/png"), (JPEG, "image/jpeg"), (WEBP, "image/webp")]
)
def test_images_are_recognised_by_their_bytes(content: bytes, kind: str) -> None:
    assert check_photo(SimpleUploadedFile("x.bin", content)) == kind


def test_a_renamed_pdf_is_not_a_photo() -> None:
    with pytest.raises(ValidationError) as error:
        check_photo(SimpleUploadedFile("现场.jpg", b"%PDF-1.7 ..."))
    assert error.value.messages == ["“现场.jpg”不是 JPEG、PNG 或 WebP 图片。"]


def test_photos_over_the_setting_are_refused(settings: object) -> None:
    settings.QSTRONG_CASEWORK_PHOTO_MAX_BYTES = 1024  # type: ignore[attr-defined]
    with pytest.raises(ValidationError) as error:
        check_photo(SimpleUploadedFile("big.png", PNG + b"\x00" * 2000))
    assert error.value.messages == ["“big.png”超过大小上限 0.000976562 MB。"]


def test_attachment_types_and_empty_files() -> None:
    check_file(SimpleUploadedFile("纪要.pdf", b"%PDF"))
    with pytest.raises(ValidationError):
        check_file(SimpleUploadedFile("run.exe", b"MZ"))
    with pytest.raises(ValidationError):
        check_file(SimpleUploadedFile("空.pdf", b""))


@pytest.mark.django_db
def test_photo_saved_with_credit_and_caption() -> None:
    activity = ActivityFactory()

    photo = services.activity_photo_add(
        activity=activity, actor=county_officer_qingxu(), upload=SimpleUploadedFile("a.png", PNG),
        caption="4月11日，工作组在山西鹏飞集团调研。", credit="毕瑞喆 摄",
    )  # fmt: skip

    assert (photo.content_type, photo.credit, photo.size) == ("image/png", "毕瑞喆 摄", len(PNG))
    assert photo.file.name.startswith("casework/photos/") and photo.file.name.endswith(".png")
