"""Tests for the shipped reference CSVs: GB/T 2260 regions and GB/T 4754-2017 industries."""

from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
HEADER = ["code", "name", "level", "parent"]


@cache
def read_rows(filename: str) -> tuple[dict[str, str], ...]:
    with (DATA / filename).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == HEADER
        return tuple(reader)


def by_code(filename: str) -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in read_rows(filename)}


def codes_at(filename: str, level: str) -> list[str]:
    return [row["code"] for row in read_rows(filename) if row["level"] == level]


def assert_tree(filename: str, levels: list[str]) -> None:
    rows = by_code(filename)
    for row in read_rows(filename):
        depth = levels.index(row["level"])
        if depth == 0:
            assert row["parent"] == "", row
        else:
            assert rows[row["parent"]]["level"] == levels[depth - 1], row
        assert row["name"] == row["name"].strip() and row["name"], row


# Industries (GB/T 4754-2017)

SECTIONS = {
    "A": "农、林、牧、渔业",
    "B": "采矿业",
    "C": "制造业",
    "D": "电力、热力、燃气及水生产和供应业",
    "E": "建筑业",
    "F": "批发和零售业",
    "G": "交通运输、仓储和邮政业",
    "H": "住宿和餐饮业",
    "I": "信息传输、软件和信息技术服务业",
    "J": "金融业",
    "K": "房地产业",
    "L": "租赁和商务服务业",
    "M": "科学研究和技术服务业",
    "N": "水利、环境和公共设施管理业",
    "O": "居民服务、修理和其他服务业",
    "P": "教育",
    "Q": "卫生和社会工作",
    "R": "文化、体育和娱乐业",
    "S": "公共管理、社会保障和社会组织",
    "T": "国际组织",
}
SECTION_DIVISIONS = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50),
    "F": (51, 52), "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69),
    "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79), "O": (80, 82),
    "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}  # fmt: skip


def test_industries_have_the_20_sections_with_official_names():
    rows = by_code("industries.csv")
    assert codes_at("industries.csv", "section") == list(SECTIONS)
    assert {code: rows[code]["name"] for code in SECTIONS} == SECTIONS


def test_industries_have_the_97_divisions_prefixed_with_their_section():
    expected = [
        f"{section}{number:02d}"
        for section, (first, last) in SECTION_DIVISIONS.items()
        for number in range(first, last + 1)
    ]
    assert len(expected) == 97
    assert codes_at("industries.csv", "division") == expected
    for code in expected:
        assert by_code("industries.csv")[code]["parent"] == code[0]


def test_division_names_are_the_2017_names():
    rows = by_code("industries.csv")
    assert rows["C13"]["name"] == "农副食品加工业"
    assert rows["C15"]["name"] == "酒、饮料和精制茶制造业"
    assert rows["C27"]["name"] == "医药制造业"
    assert rows["C32"]["name"] == "有色金属冶炼和压延加工业"
    assert rows["C36"]["name"] == "汽车制造业"
    assert rows["C37"]["name"] == "铁路、船舶、航空航天和其他运输设备制造业"
    assert rows["C38"]["name"] == "电气机械和器材制造业"
    assert rows["C39"]["name"] == "计算机、通信和其他电子设备制造业"
    assert rows["B11"]["name"] == "开采专业及辅助性活动"
    assert rows["M75"]["name"] == "科技推广和应用服务业"
    assert rows["R87"]["name"] == "广播、电视、电影和录音制作业"
    assert rows["S96"]["name"] == "基层群众自治组织及其他组织"


def test_industry_groups_and_classes_are_complete():
    levels = Counter(row["level"] for row in read_rows("industries.csv"))
    assert levels == Counter(section=20, division=97, group=473, **{"class": 1381})


def test_chain_classes_carry_their_official_codes():
    rows = by_code("industries.csv")
    expected = {
        "C1512": "白酒制造",
        "C1514": "黄酒制造",
        "C1515": "葡萄酒制造",
        "C2740": "中成药生产",
        "C3216": "铝冶炼",
        "C3217": "镁冶炼",
        "C344": "泵、阀门、压缩机及类似机械制造",
        "C3444": "液压动力机械及元件制造",
        "C3511": "矿山机械制造",
        "C3551": "纺织专用设备制造",
        "C3612": "新能源车整车制造",
        "C371": "铁路运输设备制造",
        "C3811": "发电机及发电机组制造",
        "D4419": "其他电力生产",
        "E4811": "铁路工程建筑",
    }
    assert {code: rows[code]["name"] for code in expected} == expected


def test_undivided_divisions_repeat_the_class_as_group():
    rows = by_code("industries.csv")
    assert rows["C271"] == {"code": "C271", "name": "化学药品原料药制造", "level": "group",
                            "parent": "C27"}  # fmt: skip
    assert rows["C2710"]["parent"] == "C271"


def test_industry_codes_are_unique_and_parents_exist():
    codes = [row["code"] for row in read_rows("industries.csv")]
    assert len(codes) == len(set(codes))
    assert_tree("industries.csv", ["section", "division", "group", "class"])


def test_industry_code_lengths_match_their_level():
    lengths = {"section": 1, "division": 3, "group": 4, "class": 5}
    for row in read_rows("industries.csv"):
        assert len(row["code"]) == lengths[row["level"]], row
        assert row["code"].startswith(row["parent"]), row


# Regions (GB/T 2260)

PROVINCES = [
    "110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
    "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
    "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
    "620000", "630000", "640000", "650000", "710000", "810000", "820000",
]  # fmt: skip
SHANXI_CITIES = {
    "140100": "太原市",
    "140200": "大同市",
    "140300": "阳泉市",
    "140400": "长治市",
    "140500": "晋城市",
    "140600": "朔州市",
    "140700": "晋中市",
    "140800": "运城市",
    "140900": "忻州市",
    "141000": "临汾市",
    "141100": "吕梁市",
}


def shanxi_counties() -> dict[str, str]:
    return {
        row["code"]: row["name"]
        for row in read_rows("regions.csv")
        if row["level"] == "county" and row["parent"] in SHANXI_CITIES
    }


def test_every_province_level_unit_is_present():
    assert codes_at("regions.csv", "province") == PROVINCES
    rows = by_code("regions.csv")
    assert rows["140000"]["name"] == "山西省"
    assert rows["710000"]["name"] == "台湾省"
    assert rows["810000"]["name"] == "香港特别行政区"
    assert rows["820000"]["name"] == "澳门特别行政区"


def test_shanxi_has_11_cities():
    cities = {
        row["code"]: row["name"]
        for row in read_rows("regions.csv")
        if row["level"] == "city" and row["parent"] == "140000"
    }
    assert cities == SHANXI_CITIES


def test_shanxi_has_117_county_level_units():
    assert len(shanxi_counties()) == 117


def test_shanxi_carries_the_recent_changes():
    counties = shanxi_counties()
    assert counties["140703"] == "太谷区"
    assert counties["140213"] == "平城区"
    assert counties["140214"] == "云冈区"
    assert counties["140215"] == "云州区"
    assert counties["140681"] == "怀仁市"
    assert counties["140403"] == "潞州区"
    assert counties["140121"] == "清徐县"


def test_abolished_and_non_administrative_codes_are_absent():
    rows = by_code("regions.csv")
    gone = ["140202", "140203", "140211", "140726", "140624", "140402", "140421", "140171"]
    assert [code for code in gone if code in rows] == []


def test_region_codes_are_unique_six_digit_and_parents_exist():
    codes = [row["code"] for row in read_rows("regions.csv")]
    assert len(codes) == len(set(codes))
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert_tree("regions.csv", ["province", "city", "county"])


def test_county_and_city_codes_sit_under_their_parent_prefix():
    for row in read_rows("regions.csv"):
        if row["level"] == "city":
            assert row["code"][:2] == row["parent"][:2], row
        if row["level"] == "county":
            assert row["code"][:4] == row["parent"][:4], row


def test_municipality_districts_hang_from_the_pseudo_city():
    rows = by_code("regions.csv")
    assert rows["110100"] == {"code": "110100", "name": "市辖区", "level": "city",
                              "parent": "110000"}  # fmt: skip
    assert rows["110101"]["parent"] == "110100"
    assert rows["500200"]["name"] == "县"
