"""Tests for derive_scale: the 2017 statistical rules for enterprise scale."""

from __future__ import annotations

from decimal import Decimal

from qstrong.registry.scale import derive_scale, industry_group


def scale(code: str | None, employees=None, revenue=None, assets=None) -> str | None:
    return derive_scale(industry_code=code, employees=employees, revenue=revenue, assets=assets)


# 工业: X 1000/300/20, Y 40000/2000/300


def test_industry_at_every_lower_bound():
    assert scale("C3216", 1000, Decimal("40000")) == "large"
    assert scale("C3216", 300, Decimal("2000")) == "medium"
    assert scale("C3216", 20, Decimal("300")) == "small"
    assert scale("C3216", 19, Decimal("300")) == "micro"


def test_industry_drops_a_class_when_one_indicator_misses_the_bound():
    assert scale("C2740", 999, Decimal("50000")) == "medium"
    assert scale("C2740", 2000, Decimal("1999.99")) == "small"


def test_micro_needs_only_one_indicator():
    assert scale("C1512", 5000, Decimal("299")) == "micro"


def test_mining_and_utilities_count_as_industry():
    assert scale("B0610", 1000, 40000) == "large"
    assert scale("D4411", 300, 2000) == "medium"


def test_unknown_indicator_leaves_the_scale_open():
    assert scale("C3216", 500, None) is None
    assert scale("C3216", None, Decimal("50000")) is None
    assert scale("C3216", None, None) is None


def test_known_micro_indicator_decides_even_when_the_other_is_unknown():
    assert scale("C3216", 12, None) == "micro"
    assert scale("C3216", None, Decimal("100")) == "micro"


def test_float_revenue_is_read_as_written():
    assert scale("C3216", 20, 299.99) == "micro"
    assert scale("C3216", 20, 300.0) == "small"


# 建筑业: Y 80000/6000/300, Z 80000/5000/300


def test_construction_uses_revenue_and_assets():
    assert scale("E4811", None, Decimal("80000"), Decimal("80000")) == "large"
    assert scale("E4811", None, Decimal("7000"), Decimal("4000")) == "small"
    assert scale("E4811", 5, Decimal("100000"), None) is None
    assert scale("E4811", None, Decimal("100000"), Decimal("200")) == "micro"


def test_employees_do_not_matter_where_the_table_does_not_list_them():
    assert scale("E4811", 1, Decimal("80000"), Decimal("80000")) == "large"


# 批发业 X 200/20/5, Y 40000/5000/1000; 零售业 X 300/50/10, Y 20000/500/100


def test_wholesale_and_retail():
    assert scale("F5121", 25, Decimal("6000")) == "medium"
    assert scale("F5121", 4, Decimal("6000")) == "micro"
    assert scale("F5211", 300, Decimal("20000")) == "large"
    assert scale("F5211", 9, Decimal("20000")) == "micro"


# 交通运输业 X 1000/300/20, Y 30000/3000/200; 仓储业 X 200/100/20, Y 30000/1000/100


def test_loading_counts_as_transport_and_other_division_59_as_warehousing():
    assert scale("G5910", 150, Decimal("5000")) == "small"
    assert scale("G5920", 150, Decimal("5000")) == "medium"
    assert scale("G5430", 300, Decimal("3000")) == "medium"


def test_railway_is_left_to_other_industries():
    assert scale("G5320", 300, None) == "large"


def test_postal_lodging_and_catering():
    assert scale("G6020", 300, Decimal("2000")) == "medium"
    assert scale("H6110", 300, Decimal("10000")) == "large"
    assert scale("H6210", 10, Decimal("100")) == "small"


# 信息传输业 X 2000/100/10, Y 100000/1000/100; 软件 X 300/100/10, Y 10000/1000/50


def test_information_transmission_and_software():
    assert scale("I6410", 2000, Decimal("100000")) == "large"
    assert scale("I6311", 1999, Decimal("100000")) == "medium"
    assert scale("I6513", 50, Decimal("50")) == "small"
    assert scale("I6513", 50, Decimal("49")) == "micro"


# 房地产开发经营 Y 200000/1000/100, Z 10000/5000/2000; 物业管理 X 1000/300/100, Y 5000/1000/500


def test_real_estate_development_and_property_management():
    assert scale("K7010", None, Decimal("200000"), Decimal("10000")) == "large"
    assert scale("K7010", None, Decimal("200000"), Decimal("9999")) == "medium"
    assert scale("K7010", None, Decimal("200000"), Decimal("1999")) == "micro"
    assert scale("K7020", 300, Decimal("1000")) == "medium"
    assert scale("K7020", 99, Decimal("9000")) == "micro"


def test_real_estate_agency_is_other_and_leasing_own_property_is_not_classified():
    assert scale("K7030", 100, None) == "medium"
    assert scale("K7040", 100, Decimal("100"), Decimal("100")) is None


# 租赁和商务服务业 X 300/100/10, Z 120000/8000/100


def test_leasing_and_business_services_use_assets_not_revenue():
    assert scale("L7212", 300, Decimal("1"), Decimal("120000")) == "large"
    assert scale("L7212", 300, Decimal("999999"), None) is None
    assert scale("L7111", 100, None, Decimal("8000")) == "medium"


# 农、林、牧、渔业 Y 20000/500/50; 其他未列明行业 X 300/100/10


def test_agriculture_uses_revenue_only():
    assert scale("A0111", None, Decimal("20000")) == "large"
    assert scale("A0511", 1, Decimal("500")) == "medium"
    assert scale("A0311", 5000, Decimal("49")) == "micro"


def test_other_industries_use_employees_only():
    assert scale("M7452", 100, None) == "medium"
    assert scale("Q8411", 300, None) == "large"
    assert scale("R8810", 9, Decimal("999999")) == "micro"


def test_industries_outside_the_rules_give_none():
    assert scale("J6621", 5000, Decimal("999999"), Decimal("999999")) is None
    assert scale("S9221", 10, None) is None
    assert scale("T9700", 10, None) is None


def test_missing_or_malformed_codes_give_none():
    assert scale(None, 5000, Decimal("999999")) is None
    assert scale("", 5000, Decimal("999999")) is None
    assert scale("X99", 5000, Decimal("999999")) is None
    assert scale("A3216", 5000, Decimal("999999")) is None
    assert scale("C32161", 5000, Decimal("999999")) is None


def test_code_forms_resolve_to_the_same_group():
    assert industry_group("C3216").name == "工业"
    assert industry_group("3216").name == "工业"
    assert industry_group("c32").name == "工业"
    assert industry_group("C").name == "工业"
    assert industry_group("G591").name == "交通运输业"
    assert industry_group("K701").name == "房地产开发经营"


def test_codes_that_span_groups_resolve_to_none():
    assert industry_group("F") is None
    assert industry_group("G59") is None
    assert industry_group("K70") is None
    assert scale("F", 5000, Decimal("999999")) is None
