"""Synthetic enterprise files: the import format, valid unique codes, real counties, determinism."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from qstrong.registry.demo.article import ARTICLE_CHAINS, ARTICLE_TOWNS
from qstrong.registry.demo.synthetic import HEADERS, write_synthetic_file
from qstrong.registry.models import Industry, Region
from qstrong.registry.uscc import uscc_validate

IMPORT_MD_HEADERS = [
    "统一社会信用代码", "企业名称", "行政区划代码", "行业代码", "成立日期", "从业人员",
    "营业收入（万元）", "注册资本（万元）", "企业规模", "认证", "标签", "产业链", "专业镇",
    "主导制定标准数", "有效发明专利数", "信用等级", "联系人", "联系电话",
]  # fmt: skip


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def two_thousand(tmp_path_factory: Any) -> tuple[list[str], list[dict[str, str]]]:
    path = tmp_path_factory.mktemp("synth") / "enterprises.csv"
    assert write_synthetic_file(path=path, count=2000, seed=2024) == 2000
    return _read_csv(path)


def test_headers_are_the_chinese_headers_of_import_md(two_thousand: Any) -> None:
    headers, _ = two_thousand
    assert headers == IMPORT_MD_HEADERS == [label for _, label in HEADERS]


def test_n_rows_with_valid_unique_codes_in_their_county(two_thousand: Any) -> None:
    _, rows = two_thousand
    assert len(rows) == 2000
    codes = [row["统一社会信用代码"] for row in rows]
    assert all(uscc_validate(code) == code for code in codes)
    assert len(set(codes)) == 2000
    assert all(row["统一社会信用代码"][2:8] == row["行政区划代码"] for row in rows)
    assert len({row["企业名称"] for row in rows}) == 2000


@pytest.mark.django_db
def test_every_region_is_a_shanxi_county_and_every_industry_a_class(two_thousand: Any) -> None:
    _, rows = two_thousand
    regions = {row["行政区划代码"] for row in rows}
    counties = set(
        Region.objects.filter(level="county", code__startswith="14").values_list("code", flat=True)
    )
    assert regions <= counties
    assert len(regions) > 80  # spread over the province, not a handful of places
    industries = {row["行业代码"] for row in rows}
    classes = set(Industry.objects.filter(level="class").values_list("code", flat=True))
    assert industries <= classes


def test_more_firms_in_taiyuan_than_in_yangquan(two_thousand: Any) -> None:
    _, rows = two_thousand
    by_city = Counter(row["行政区划代码"][:4] for row in rows)
    assert by_city["1401"] > by_city["1407"] > by_city["1403"]
    assert by_city["1408"] > by_city["1403"]


def test_every_row_is_tagged_synthetic(two_thousand: Any) -> None:
    _, rows = two_thousand
    assert all("synthetic" in row["标签"].split(";") for row in rows)


def test_memberships_use_the_article_chains_and_towns_only(two_thousand: Any) -> None:
    _, rows = two_thousand
    chain_codes = {chain.code for chain in ARTICLE_CHAINS}
    town_county = {town.code: town.county for town in ARTICLE_TOWNS}
    chain_rows = [row for row in rows if row["产业链"]]
    town_rows = [row for row in rows if row["专业镇"]]
    assert 0.12 < len(chain_rows) / len(rows) < 0.18
    assert 0.07 < len(town_rows) / len(rows) < 0.13
    for row in chain_rows:
        chain, role = row["产业链"].split(":")
        assert chain in chain_codes
        assert role in {"配套", "骨干"}
    assert all(town_county[row["专业镇"]] == row["行政区划代码"] for row in town_rows)


def test_revenue_follows_headcount(two_thousand: Any) -> None:
    _, rows = two_thousand
    sized = [
        (int(row["从业人员"]), float(row["营业收入（万元）"]))
        for row in rows
        if row["从业人员"] and row["营业收入（万元）"]
    ]
    small = [revenue for people, revenue in sized if people < 20]
    large = [revenue for people, revenue in sized if people >= 300]
    assert sorted(small)[len(small) // 2] < sorted(large)[len(large) // 2]


def test_the_same_seed_gives_the_same_file_and_another_seed_another(tmp_path: Path) -> None:
    first, again, other = tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"
    write_synthetic_file(path=first, count=300, seed=7)
    write_synthetic_file(path=again, count=300, seed=7)
    write_synthetic_file(path=other, count=300, seed=8)
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_xlsx_holds_the_same_rows_as_csv(tmp_path: Path) -> None:
    write_synthetic_file(path=tmp_path / "e.csv", count=50, seed=3)
    write_synthetic_file(path=tmp_path / "e.xlsx", count=50, seed=3)
    _, csv_rows = _read_csv(tmp_path / "e.csv")
    sheet = load_workbook(tmp_path / "e.xlsx", read_only=True)["企业"]
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == IMPORT_MD_HEADERS
    assert [row[0] for row in values[1:]] == [row["统一社会信用代码"] for row in csv_rows]
    assert [row[1] for row in values[1:]] == [row["企业名称"] for row in csv_rows]


def test_other_extensions_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        write_synthetic_file(path=tmp_path / "e.txt", count=1)


def test_synth_command_writes_the_file_and_prints_the_count(tmp_path: Path, capsys: Any) -> None:
    out = tmp_path / "synthetic.csv"
    call_command("synth", "--enterprises", "25", "--out", str(out))
    assert f"25 synthetic enterprises written to {out}" in capsys.readouterr().out
    assert len(_read_csv(out)[1]) == 25
