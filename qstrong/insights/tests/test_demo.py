"""The article's figures computed from the demo's records, exactly to the article's rounding."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from qstrong.accounts.tests.factories import county_officer_qingxu, leader
from qstrong.insights import computed
from qstrong.insights.demo import load_demo
from qstrong.insights.models import Indicator, IndicatorSource, Metric, SubjectGroup
from qstrong.insights.periods import Period

pytestmark = pytest.mark.django_db

H1_2024 = Period(2024, 1, 6)


def _group(code: str, metric: str, period: Period, user: Any) -> computed.GroupFigures:
    return computed.group_figures(
        user=user,
        group=SubjectGroup.objects.get(code=code),
        metric=Metric.objects.get(code=metric),
        period=period,
    )


def test_sixteen_chains_revenue_and_growth(article_demo: Any) -> None:
    # when a leader computes the 16 key chains' revenue for 2024年1—6月
    result = _group("key_chains", "revenue", H1_2024, leader())
    # then the article's 3291.8亿元 and +9.5%
    assert result.total.display == "3291.8亿元"
    assert result.total.value == Decimal("329180000000")
    assert result.growth.display_signed == "+9.5%"
    assert len(result.total.records) == 16
    # some chains are entered in 万元: the working shows the conversion
    assert any("万元 = " in step for step in result.total.steps)


def test_eighteen_towns_revenue_and_growth(article_demo: Any) -> None:
    result = _group("provincial_towns", "revenue", H1_2024, county_officer_qingxu())
    assert result.total.display == "506.9亿元"
    assert result.growth.display_signed == "+7.9%"
    assert len(result.total.records) == 18


def test_fenjiu_share_of_ten_key_towns(article_demo: Any) -> None:
    share = computed.member_share(
        user=leader(),
        group=SubjectGroup.objects.get(code="ten_key_towns"),
        member="xinghuacun_fenjiu",
        metric=Metric.objects.get(code="output"),
        period=Period(2023),
    )
    assert share.display == "34.4%"
    assert share.parts[0].display == "251.56亿元"
    assert len(share.parts[1].records) == 10


def test_fenjiu_output_first_half_2024_from_the_article(article_demo: Any) -> None:
    record = Indicator.objects.get(
        subject_code="xinghuacun_fenjiu", metric__code="output", year=2024, end_month=6
    )
    assert (record.value, record.unit, record.source) == (
        Decimal("130.86"),
        "亿元",
        IndicatorSource.ARTICLE,
    )
    assert "今年1—6月实现产值130.86亿元" in record.source_note


def test_every_record_says_where_it_comes_from(article_demo: Any) -> None:
    sources = set(Indicator.objects.values_list("source", flat=True))
    assert sources == {IndicatorSource.ARTICLE, IndicatorSource.ILLUSTRATIVE}
    assert not Indicator.objects.filter(source_note="").exists()


def test_demo_is_idempotent(article_demo: Any) -> None:
    count = Indicator.objects.count()
    again = load_demo(say=lambda _text: None)
    assert Indicator.objects.count() == count
    assert set(again["indicators"]) == {"unchanged"}
