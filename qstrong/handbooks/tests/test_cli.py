"""`qstrong handbooks build | batch`: files per subject and format; unknown codes are named."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from qstrong.handbooks.library import library_ensure
from qstrong.handbooks.models import Batch
from qstrong.registry.tests.factories import EnterpriseFactory, TownFactory

pytestmark = pytest.mark.django_db


def test_build_writes_one_file_per_subject_and_format(tmp_path: Path) -> None:
    library_ensure()
    enterprise = EnterpriseFactory(name="清徐宝源老陈醋有限公司")
    call_command(
        "handbooks",
        "build",
        "--kind",
        "enterprise",
        "--subject",
        enterprise.uscc,
        "--out",
        str(tmp_path),
        "--as-of",
        "2024-09-30",
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "清徐宝源老陈醋有限公司-一企一册-第1版.docx",
        "清徐宝源老陈醋有限公司-一企一册-第1版.pdf",
    ]
    assert (tmp_path / names[1]).read_bytes().startswith(b"%PDF")


def test_batch_creates_and_generates_and_names_unknown_codes(tmp_path: Path) -> None:
    library_ensure()
    town = TownFactory(name="测试醋镇")
    with pytest.raises(CommandError, match="第 2 行：nope"):
        call_command(
            "handbooks",
            "batch",
            "--kind",
            "town",
            "--name",
            "第一批",
            "--year",
            "2024",
            "--subject",
            town.code,
            "nope",
        )
    assert not Batch.objects.exists()
    call_command(
        "handbooks",
        "batch",
        "--kind",
        "town",
        "--name",
        "第一批",
        "--year",
        "2024",
        "--subject",
        town.code,
        "--as-of",
        "2024-09-30",
    )
    batch = Batch.objects.get()
    assert list(batch.handbooks.values_list("state", flat=True)) == ["draft"]
    call_command(
        "handbooks",
        "build",
        "--kind",
        "town",
        "--batch",
        "第一批",
        "--out",
        str(tmp_path),
        "--format",
        "pdf",
    )
    assert [p.name for p in tmp_path.iterdir()] == ["测试醋镇-一镇一册-第1版.pdf"]
