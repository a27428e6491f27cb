"""Every register's import: a bad file is refused whole with each bad row named; a good file
imports once and the second time changes nothing."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu
from qstrong.nqi.files import register_import
from qstrong.nqi.registers import REGISTERS
from qstrong.nqi.tests.factories import GIProductFactory, ProviderFactory, StandardFactory
from qstrong.registry.tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def good_rows(uscc: str) -> dict[str, list[str]]:
    return {
        "certificates": [uscc, "ISO9001", "Q-001", "方圆", "2024-01-01", "2027-01-01", "有效", ""],
        "instruments": [uscc, "电子秤", "SN-1", "12", "2025-01-01", "2026-01-01", "计量所", ""],
        "trademarks": [uscc, "30000001", "东湖", "30", "驰名商标", "已注册", "", "", ""],
        "patents": [
            uscc,
            "ZL2020000001.X",
            "一种醋",
            "发明",
            "有效",
            "2022-01-01",
            "是",
            "许可",
            "",
        ],
        "gi_authorisations": [uscc, "qingxu_vinegar", "2020-01-01", "", ""],
        "brands": [uscc, "东湖", "企业品牌", "140121", "2024-05-01", ""],
        "standards": ["T/SXCY 001-2024", "老陈醋", "团体标准", "已发布", "协会", "2024-03-01", ""],
        "providers": ["qx-lab", "清徐检测站", "检验检测服务站", "140121", "", "", "", "", ""],
        "services": ["qx-svc", "认证与检验检测", "C14", "食醋总酸检测"],
        "participations": [uscc, "T/SXCY 009-2024", "主导"],
    }


def references() -> None:
    """What the catalogue and participation rows refer to: a 清徐 provider, a standard."""
    ProviderFactory(code="qx-svc", region_id="140121")
    StandardFactory(number="T/SXCY 009-2024")


def bad_row(name: str, uscc: str) -> tuple[list[str], str]:
    """A row with one bad cell, and the column that must be named."""
    row = list(good_rows(uscc)[name])
    if name in {"standards", "providers", "services"}:
        row[2] = "不存在的类别"
        return row, REGISTERS[name].columns[2].zh
    row[0] = "91140000000000000X"
    return row, REGISTERS[name].columns[0].zh


def csv_file(name: str, rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(REGISTERS[name].header())
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_a_bad_file_is_refused_whole_with_each_bad_row_named(name: str) -> None:
    # given a file whose rows 2 and 4 are bad and row 3 good
    officer = county_officer_qingxu()
    enterprise = EnterpriseFactory(region_id="140121")
    GIProductFactory()
    references()
    register = REGISTERS[name]
    before = register.model._default_manager.count()
    bad, column = bad_row(name, enterprise.uscc)
    good = good_rows(enterprise.uscc)[name]
    content = csv_file(name, [bad, good, bad])
    # when it is imported
    outcome = register_import(register=register, filename="f.csv", content=content, user=officer)
    # then nothing is written and both bad rows are named with their column
    assert not outcome.committed
    assert [(e.row, e.column) for e in outcome.errors] == [(2, column), (4, column)]
    assert register.model._default_manager.count() == before


@pytest.mark.parametrize("name", sorted(REGISTERS))
def test_a_good_file_imports_once(name: str, django_capture_on_commit_callbacks: Any) -> None:
    officer = county_officer_qingxu()
    enterprise = EnterpriseFactory(region_id="140121")
    GIProductFactory()
    references()
    register = REGISTERS[name]
    content = csv_file(name, [good_rows(enterprise.uscc)[name]])
    first = register_import(register=register, filename="f.csv", content=content, user=officer)
    assert (first.created, first.updated, first.unchanged, first.errors) == (1, 0, 0, [])
    again = register_import(register=register, filename="f.csv", content=content, user=officer)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_a_missing_required_column_refuses_the_file() -> None:
    officer = county_officer_qingxu()
    content = "统一社会信用代码,认证项目\n91140121MA0000001X,ISO9001\n".encode()
    outcome = register_import(
        register=REGISTERS["certificates"], filename="f.csv", content=content, user=officer
    )
    assert outcome.refused.startswith("缺少必填列") and "证书编号" in outcome.refused


def test_an_import_never_changes_another_countys_record() -> None:
    # given a certificate and a provider recorded in 太谷
    from qstrong.nqi.models import Certificate, Provider
    from qstrong.nqi.tests.factories import CertificateFactory

    taigu = EnterpriseFactory(region_id="140703")
    CertificateFactory(enterprise=taigu, scheme="ISO9001", number="Q-TG-1")
    ProviderFactory(code="tg-lab", region_id="140703", name="太谷检测")
    officer = county_officer_qingxu()
    mine = EnterpriseFactory(region_id="140121")
    # when 清徐's officer imports rows with the same keys
    rows = [[mine.uscc, "ISO9001", "Q-TG-1", "", "2024-01-01", "2027-01-01", "有效", ""]]
    outcome = register_import(
        register=REGISTERS["certificates"],
        filename="f.csv",
        content=csv_file("certificates", rows),
        user=officer,
    )
    # then the row is refused, named, and the certificate stays with 太谷's enterprise
    assert [(e.row, e.column, e.value) for e in outcome.errors] == [(2, "证书编号", "Q-TG-1")]
    assert "本辖区以外" in outcome.errors[0].reason
    assert Certificate.objects.get(number="Q-TG-1").enterprise == taigu
    rows = [["tg-lab", "清徐检测", "检验检测机构", "140121", "", "", "", "", ""]]
    outcome = register_import(
        register=REGISTERS["providers"],
        filename="f.csv",
        content=csv_file("providers", rows),
        user=officer,
    )
    assert [(e.row, e.column) for e in outcome.errors] == [(2, "机构代码")]
    assert Provider.objects.get(code="tg-lab").region_id == "140703"
    # nor may a catalogue line be added to another county's provider
    rows = [["tg-lab", "计量", "C14", "衡器检定"]]
    outcome = register_import(
        register=REGISTERS["services"],
        filename="f.csv",
        content=csv_file("services", rows),
        user=officer,
    )
    assert [(e.row, e.column, e.reason) for e in outcome.errors] == [
        (2, "机构代码", "本辖区没有这个机构代码的服务机构")
    ]


def test_participations_and_catalogue_export_and_read_back() -> None:
    from qstrong.nqi.files import register_export
    from qstrong.nqi.tests.factories import ParticipationFactory, ProviderServiceFactory

    officer = county_officer_qingxu()
    enterprise = EnterpriseFactory(region_id="140121")
    ParticipationFactory(enterprise=enterprise, standard=StandardFactory(number="T/X 1-2024"))
    ParticipationFactory(enterprise=EnterpriseFactory(region_id="140703"))
    ProviderServiceFactory(provider=ProviderFactory(code="qx-p", region_id="140121"))
    for name in ("participations", "services"):
        content = register_export(register=REGISTERS[name], user=officer, fmt="csv")
        lines = content.decode("utf-8-sig").strip().splitlines()
        assert len(lines) == 2, lines  # the header and 清徐's one row
        again = register_import(
            register=REGISTERS[name], filename="f.csv", content=content, user=officer
        )
        assert (again.created, again.updated, again.unchanged, again.errors) == (0, 0, 1, [])
