"""Dashboard and indicator pages: login, scoping (404 for another county's enterprise), exports."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
    province_planner,
)
from qstrong.insights.models import Indicator
from qstrong.insights.services import IndicatorData, indicator_save
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc

pytestmark = pytest.mark.django_db

PAGES = [
    "/insights/",
    "/insights/chains/",
    "/insights/chains/aluminium/",
    "/insights/towns/",
    "/insights/towns/xinghuacun_fenjiu/",
    "/insights/outreach/",
    "/insights/coverage/",
    "/insights/indicators/",
]


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_anonymous_is_sent_to_login() -> None:
    response = Client().get("/insights/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_for_a_county_officer(article_demo: Any, url: str) -> None:
    response = client_for(county_officer_qingxu()).get(url)
    assert response.status_code == 200


def test_overview_shows_the_article_figures(article_demo: Any) -> None:
    html = client_for(leader()).get("/insights/?period=2024.01-06").content.decode()
    assert "3291.8亿元" in html
    assert "+9.5%" in html
    assert "506.9亿元" in html
    assert "+7.9%" in html
    assert "34.4%" in html
    assert "251.56亿元" in html


def test_period_change_as_htmx_renders_the_body_only(article_demo: Any) -> None:
    response = client_for(leader()).get(
        "/insights/?period=2023.01-06",
        headers={"HX-Request": "true", "HX-Target": "dashboard-body"},
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "3006.21亿元" in html  # 2023年1—6月: the prior-year total the article implies


def test_dashboard_data_xlsx(article_demo: Any) -> None:
    response = client_for(leader()).get("/insights/?period=2024.01-06&format=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    headline = workbook["主要指标"]
    values = [row for row in headline.iter_rows(values_only=True)]
    assert values[2][1:3] == ("3291.8亿元", "+9.5%")
    ranking = workbook["重点产业链营收排名"]
    rows = list(ranking.iter_rows(min_row=3, max_row=18, values_only=True))
    assert len(rows) == 16 and all(row[0] for row in rows)
    assert ("铝", 612.35, 8.2) in rows


def test_enterprise_figures_of_another_county_are_404(article_demo: Any) -> None:
    # given an enterprise figure in 太谷 (140703)
    taigu = EnterpriseFactory(uscc=make_uscc(901, "140703"), region_id="140703")
    indicator, _ = indicator_save(
        data=IndicatorData("revenue", "enterprise", taigu.uscc, "2024", Decimal("3"), "亿元"),
        actor=None,
    )
    # then the 清徐 officer does not see it, in the list or by its address
    qingxu = client_for(county_officer_qingxu())
    assert qingxu.get(f"/insights/indicators/{indicator.pk}/edit/").status_code == 404
    assert taigu.name not in qingxu.get("/insights/indicators/?kind=enterprise").content.decode()
    # but the 太谷 officer does, and chain figures are visible to both
    assert (
        client_for(county_officer_taigu())
        .get(f"/insights/indicators/{indicator.pk}/edit/")
        .status_code
        == 200
    )
    assert "铝" in qingxu.get("/insights/indicators/?kind=chain").content.decode()


def test_enterprise_users_have_no_dashboards(article_demo: Any) -> None:
    user = enterprise_user(EnterpriseFactory())
    assert client_for(user).get("/insights/").status_code == 404


def test_entry_form_creates_and_audits(article_demo: Any) -> None:
    client = client_for(province_planner())
    response = client.post(
        "/insights/indicators/new/",
        {"metric": "revenue", "subject_kind": "chain", "subject_code": "铝",
         "period": "2024年第三季度", "value": "120.5", "unit": "亿元", "source": "manual",
         "source_note": "省统计局", "note": ""},
    )  # fmt: skip
    assert response.status_code == 302
    record = Indicator.objects.get(subject_code="aluminium", year=2024, start_month=7, end_month=9)
    assert record.value_base == Decimal("12050000000")


def test_entry_form_errors_in_chinese(article_demo: Any) -> None:
    response = client_for(province_planner()).post(
        "/insights/indicators/new/",
        {"metric": "revenue", "subject_kind": "chain", "subject_code": "没有这条链",
         "period": "去年", "value": "1", "unit": "家", "source": "manual"},
    )  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 200
    assert "未知的产业链“没有这条链”" in html
    assert "无法识别的期间“去年”" in html
    assert "单位“家”不适用于指标“营业收入”" in html


def test_county_officer_may_not_enter_chain_figures(article_demo: Any) -> None:
    response = client_for(county_officer_qingxu()).post(
        "/insights/indicators/new/",
        {"metric": "revenue", "subject_kind": "chain", "subject_code": "aluminium",
         "period": "2024", "value": "1", "unit": "亿元", "source": "manual"},
    )  # fmt: skip
    assert "不在您的辖区" in response.content.decode()


def test_leader_may_not_enter_figures(article_demo: Any) -> None:
    assert client_for(leader()).get("/insights/indicators/new/").status_code == 403


def test_export_filtered_list(article_demo: Any) -> None:
    response = client_for(leader()).get(
        "/insights/indicators/export/?metric=output&kind=town&period=2023"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    rows = list(workbook["指标"].iter_rows(values_only=True))
    assert rows[0][:5] == ("指标", "对象类别", "对象", "期间", "数值")
    assert len(rows) == 11  # header + the ten key towns' 2023 output
    assert ("产值", "专业镇", "xinghuacun_fenjiu", "2023年", "251.56", "亿元") in [
        r[:6] for r in rows
    ]


def test_chain_panel_is_lazy_and_scoped(article_demo: Any) -> None:
    client = client_for(county_officer_qingxu())
    page = client.get("/registry/chains/aluminium/").content.decode()
    assert "/insights/panels/chain/aluminium/" in page
    panel = client.get("/insights/panels/chain/aluminium/").content.decode()
    assert "主要指标" in panel and "亿元" in panel
    assert client.get("/insights/panels/chain/nope/").status_code == 404
