"""figures.py: totals, growth, shares and rankings over plain records, with their working."""

from __future__ import annotations

from decimal import Decimal

from qstrong.insights import figures
from qstrong.insights.figures import Record, Subject
from qstrong.insights.periods import Period

H1_24 = Period(2024, 1, 6)
H1_23 = Period(2023, 1, 6)
A = Subject("chain", "a", "甲链")
B = Subject("chain", "b", "乙链")


def rec(subject: Subject, period: Period, value: str, unit: str = "亿元") -> Record:
    return Record(None, subject, "revenue", "营业收入", period, Decimal(value), unit)


def test_total_adds_wan_and_yi_exactly() -> None:
    # given one record in 亿元 and one in 万元
    records = [rec(A, H1_24, "1.5"), rec(B, H1_24, "2500", "万元")]
    # when totalled
    total = figures.total(
        records, members=[A, B], metric="revenue", metric_name="营业收入", period=H1_24
    )
    # then 1.5亿元 + 0.25亿元 = 1.75亿元, exactly, in 元 underneath
    assert total.value == Decimal("175000000")
    assert total.unit == "元"
    assert total.display == "1.75亿元"
    assert "乙链 2024年1—6月 营业收入 2500万元 = 25000000元" in total.steps


def test_growth_across_units() -> None:
    # given this year in 万元, last year in 亿元
    records = [rec(A, H1_24, "11000", "万元"), rec(A, H1_23, "1", "亿元")]
    current, change = figures.group_growth(
        records, members=[A], metric="revenue", metric_name="营业收入", period=H1_24
    )
    # then 1.1亿 ÷ 1亿 − 1 = 10%
    assert change.value == Decimal("10")
    assert change.display_signed == "+10.0%"
    assert current.display == "1.1亿元"


def test_missing_prior_value_is_missing_not_zero() -> None:
    # given B has no figure a year earlier
    records = [rec(A, H1_24, "2"), rec(B, H1_24, "3"), rec(A, H1_23, "1")]
    current, change = figures.group_growth(
        records, members=[A, B], metric="revenue", metric_name="营业收入", period=H1_24
    )
    # then the total exists, the growth does not, and it says why
    assert current.value == Decimal("500000000")
    assert change.value is None
    assert change.display == "数据缺失"
    assert change.missing == ["乙链 2023年1—6月 没有“营业收入”数据"]
    assert any("不按 0 处理" in step for step in change.parts[1].steps)


def test_missing_member_makes_total_missing() -> None:
    total = figures.total(
        [rec(A, H1_24, "2")], members=[A, B], metric="revenue", metric_name="营业收入",
        period=H1_24,
    )  # fmt: skip
    assert total.value is None
    assert total.missing == ["乙链 2024年1—6月 没有“营业收入”数据"]


def test_units_of_different_kinds_do_not_add() -> None:
    records = [rec(A, H1_24, "2"), rec(B, H1_24, "3", "家")]
    total = figures.total(
        records, members=[A, B], metric="revenue", metric_name="营业收入", period=H1_24
    )
    assert total.value is None
    assert "单位不一致，无法加总" in total.missing


def test_share_across_units() -> None:
    # given the part in 万元 and the whole as two records in 亿元
    records = [rec(A, H1_24, "25000", "万元"), rec(B, H1_24, "7.5")]
    kwargs = {"metric": "revenue", "metric_name": "营业收入", "period": H1_24}
    part = figures.value_of(records, subject=A, **kwargs)
    whole = figures.total(records, members=[A, B], **kwargs)
    result = figures.share(part, whole)
    # then 2.5 ÷ 10 = 25%
    assert result.value == Decimal("25")
    assert result.display == "25.0%"


def test_zero_prior_value_gives_no_growth() -> None:
    records = [rec(A, H1_24, "2"), rec(A, H1_23, "0")]
    _current, change = figures.group_growth(
        records, members=[A], metric="revenue", metric_name="营业收入", period=H1_24
    )
    assert change.value is None
    assert change.missing == ["上年同期为 0，增长率无意义"]


def test_ranking_ties_and_missing_last() -> None:
    c = Subject("chain", "c", "丙链")
    records = [rec(A, H1_24, "2"), rec(B, H1_24, "20000", "万元")]
    ranked = figures.ranking(
        records, members=[c, A, B], metric="revenue", metric_name="营业收入", period=H1_24
    )
    assert [(r.rank, r.subject.code) for r in ranked] == [(1, "a"), (1, "b"), (None, "c")]
    assert ranked[0].growth is not None and ranked[0].growth.value is None


def test_display_rounds_half_up_to_the_article_precision() -> None:
    figure = figures.Figure("x", "total", Decimal("25156000000"), "元", "亿元")
    assert figure.display == "251.56亿元"
    growth = figures.Figure("g", "growth", Decimal("9.45"), "%", "%")
    assert growth.display_signed == "+9.5%"
    assert figures.Figure("g", "growth", Decimal("-2.04"), "%", "%").display_signed == "−2.0%"
