"""The insights API: figures with their working, indicators scoped, writes, import errors."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    leader,
    province_planner,
)
from qstrong.insights.services import IndicatorData, indicator_save
from qstrong.registry.tests.factories import EnterpriseFactory, csv_bytes, make_uscc

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_anonymous_gets_401() -> None:
    assert Client().get("/api/insights/indicators").status_code == 401


def test_group_figure_with_working(article_demo: Any) -> None:
    body = (
        client_for(leader())
        .get(
            "/api/insights/figures/group",
            {"group": "key_chains", "metric": "revenue", "period": "2024年1—6月"},
        )
        .json()
    )
    assert body["total"]["display"] == "3291.8亿元"
    assert body["growth"]["display_signed"] == "+9.5%"
    assert len(body["total"]["records"]) == 16
    assert body["ranking"][0]["subject_name"] == "铝"


def test_share_figure(article_demo: Any) -> None:
    body = client_for(leader()).get(
        "/api/insights/figures/share",
        {"group": "ten_key_towns", "member": "xinghuacun_fenjiu", "metric": "output",
         "period": "2023"},
    ).json()  # fmt: skip
    assert body["display"] == "34.4%"


def test_missing_growth_is_null_with_a_reason(article_demo: Any) -> None:
    body = (
        client_for(leader())
        .get(
            "/api/insights/figures/group",
            {"group": "key_chains", "metric": "revenue", "period": "2022H1"},
        )
        .json()
    )
    assert body["growth"]["value"] is None
    assert body["growth"]["missing"][0].endswith("2021年1—6月 没有“营业收入”数据")


def test_another_countys_enterprise_figure_is_404(article_demo: Any) -> None:
    taigu = EnterpriseFactory(uscc=make_uscc(902, "140703"), region_id="140703")
    indicator, _ = indicator_save(
        data=IndicatorData("revenue", "enterprise", taigu.uscc, "2024", Decimal("3"), "亿元"),
        actor=None,
    )
    assert (
        client_for(county_officer_qingxu())
        .get(f"/api/insights/indicators/{indicator.pk}")
        .status_code
        == 404
    )
    assert (
        client_for(county_officer_taigu())
        .get(f"/api/insights/indicators/{indicator.pk}")
        .status_code
        == 200
    )
    listed = (
        client_for(county_officer_qingxu())
        .get("/api/insights/indicators", {"subject_kind": "enterprise"})
        .json()
    )
    assert listed == []


def test_create_then_update(article_demo: Any) -> None:
    client = client_for(province_planner())
    payload = {"metric": "revenue", "subject_kind": "chain", "subject_code": "nev",
               "period": "2024Q3", "value": "1500000", "unit": "万元"}  # fmt: skip
    created = client.post("/api/insights/indicators", payload, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["value_base"] == "15000000000"
    payload["value"] = "151"
    payload["unit"] = "亿元"
    updated = client.post("/api/insights/indicators", payload, content_type="application/json")
    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]


def test_create_validation_is_422(article_demo: Any) -> None:
    response = client_for(province_planner()).post(
        "/api/insights/indicators",
        {"metric": "revenue", "subject_kind": "chain", "subject_code": "nev", "period": "明年",
         "value": "1", "unit": "斤"},
        content_type="application/json",
    )  # fmt: skip
    # "明年" is not a period the document allows: 422 naming the field
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in response.json()["detail"]}
    assert locs == {("body", "payload", "period")}


def test_a_unit_that_does_not_fit_the_metric_is_409(article_demo: Any) -> None:
    response = client_for(province_planner()).post(
        "/api/insights/indicators",
        {"metric": "revenue", "subject_kind": "chain", "subject_code": "nev", "period": "2024",
         "value": "1", "unit": "斤"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 409
    assert {tuple(e["loc"]) for e in response.json()["detail"]} == {("unit",)}


def test_leader_cannot_write(article_demo: Any) -> None:
    response = client_for(leader()).post(
        "/api/insights/indicators",
        {"metric": "revenue", "subject_kind": "chain", "subject_code": "nev", "period": "2024",
         "value": "1"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403


def test_import_errors_by_row_and_column(article_demo: Any) -> None:
    content = csv_bytes(
        ["指标", "对象类别", "对象", "期间", "数值", "单位"],
        [
            ["营业收入", "产业链", "铝", "2024年1—9月", "2000", "亿元"],
            ["营业收入", "产业链", "不存在的链", "2024年1—9月", "1", "亿元"],
            ["营业收入", "专业镇", "清徐老陈醋专业镇", "2024年13月", "abc", "亿元"],
            ["营业收入", "产业链", "铝", "2024年1-9月", "2001", "亿元"],
        ],
    )
    client = client_for(province_planner())
    response = client.post("/api/insights/indicators/import", {"file": _upload("bad.csv", content)})
    assert response.status_code == 409
    errors = [(e["row"], e["column"], e["reason"]) for e in response.json()["errors"]]
    assert (3, "对象", "未知的产业链“不存在的链”") in errors
    assert any(row == 4 and column == "期间" for row, column, _ in errors)
    assert (4, "数值", "应为数字") in errors
    assert (5, "期间", "与第 2 行是同一对象、同一指标、同一期间") in errors
    # and nothing was written
    ok = client.get("/api/insights/indicators", {"period": "2024年1—9月"}).json()
    assert ok == []


def test_import_commits_all_rows(article_demo: Any) -> None:
    content = csv_bytes(
        ["指标", "对象类别", "对象", "期间", "数值", "单位", "来源说明"],
        [
            ["营业收入", "产业链", "铝", "2024年1—9月", "900", "亿元", "统计月报"],
            ["营业收入", "专业镇", "qingxu_vinegar", "2024年1—9月", "480000", "万元", "统计月报"],
        ],
    )
    response = client_for(province_planner()).post(
        "/api/insights/indicators/import", {"file": _upload("ok.csv", content)}
    )
    assert response.status_code == 200
    assert response.json()["created"] == 2


def test_county_officer_import_outside_jurisdiction(article_demo: Any) -> None:
    content = csv_bytes(
        ["指标", "对象类别", "对象", "期间", "数值", "单位"],
        [["营业收入", "专业镇", "太谷玛钢专业镇", "2024", "1", "亿元"],
         ["营业收入", "专业镇", "清徐老陈醋专业镇", "2024", "1", "亿元"]],
    )  # fmt: skip
    response = client_for(county_officer_qingxu()).post(
        "/api/insights/indicators/import", {"file": _upload("x.csv", content)}
    )
    assert response.status_code == 409
    assert [(e["row"], e["column"]) for e in response.json()["errors"]] == [(2, "对象")]


def _upload(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")
