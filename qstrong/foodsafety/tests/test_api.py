"""The API: 401 anonymous, 404 outside the jurisdiction, records and issues through services."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from qstrong.accounts.tests.factories import (
    PASSWORD,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
)
from qstrong.foodsafety.models import Issue
from qstrong.foodsafety.tests.factories import enrol, food_enterprise, risk_item

pytestmark = pytest.mark.django_db
BASE = "/api/foodsafety"


def client_for(user: object) -> Client:
    client = Client(enforce_csrf_checks=False)
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def post(client: Client, url: str, data: dict[str, object]) -> object:
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def wine() -> object:
    enterprise = food_enterprise(name="清徐测试黄酒有限公司")
    enrol(enterprise, on=timezone.localdate() - dt.timedelta(days=5))
    return enterprise


def test_anonymous_gets_401() -> None:
    for url in ("/enrolments", "/gaps", "/issues"):
        assert Client().get(BASE + url).status_code == 401


def test_daily_check_with_issue_then_fix(wine: object) -> None:
    # given the enterprise user and a risk item
    item = risk_item(wine, "发酵温度")
    client = client_for(enterprise_user(wine))
    today = timezone.localdate().isoformat()
    # when it posts today's check with one issue
    response = post(
        client,
        f"{BASE}/enterprises/{wine.uscc}/daily-checks",  # type: ignore[attr-defined]
        {
            "date": today,
            "checker": "李",
            "issues": [{"description": "温度超限", "risk_item": item.pk}],
        },
    )
    # then
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["no_issue"] is False
    assert body["results"] == [{"risk_item": item.pk, "risk_point": "发酵温度", "passed": False}]
    issue_id = body["issues"][0]
    # the same day again is a structured 422 in Chinese
    again = post(
        client, f"{BASE}/enterprises/{wine.uscc}/daily-checks", {"date": today, "checker": "李"}
    )  # type: ignore[attr-defined]
    assert again.status_code == 409  # type: ignore[attr-defined]
    assert again.json()["detail"][0]["loc"] == ["date"]  # type: ignore[attr-defined]
    assert "每天只记录一次" in again.json()["detail"][0]["msg"]  # type: ignore[attr-defined]
    # the officer sees it and comments; the enterprise fixes it
    officer = client_for(county_officer_qingxu())
    listed = officer.get(f"{BASE}/issues", {"state": "to_fix"}).json()
    assert [i["id"] for i in listed] == [issue_id]
    assert (
        post(officer, f"{BASE}/issues/{issue_id}/comments", {"comment": "请尽快整改"}).status_code
        == 201
    )  # type: ignore[attr-defined]
    fixed = post(client, f"{BASE}/issues/{issue_id}/fix", {"note": "已调整冷却水"})
    assert fixed.status_code == 200  # type: ignore[attr-defined]
    assert fixed.json()["state"] == "fixed"  # type: ignore[attr-defined]
    assert [e["kind"] for e in fixed.json()["events"]] == ["found", "commented", "fixed"]  # type: ignore[attr-defined]
    # and the officer may not fix, the enterprise may not comment
    assert post(officer, f"{BASE}/issues/{issue_id}/fix", {"note": "x"}).status_code == 403  # type: ignore[attr-defined]
    assert post(client, f"{BASE}/issues/{issue_id}/comments", {"comment": "x"}).status_code == 403  # type: ignore[attr-defined]


def test_other_county_officer_gets_404_on_every_endpoint(wine: object) -> None:
    user = enterprise_user(wine)
    client = client_for(user)
    post(
        client,
        f"{BASE}/enterprises/{wine.uscc}/daily-checks",
        {
            "date": timezone.localdate().isoformat(),
            "checker": "李",
            "issues": [{"description": "x"}],
        },
    )  # type: ignore[attr-defined]
    issue = Issue.objects.get()
    other = client_for(county_officer_taigu())
    uscc = wine.uscc  # type: ignore[attr-defined]
    assert other.get(f"{BASE}/enterprises/{uscc}/records").status_code == 404
    assert other.get(f"{BASE}/issues/{issue.pk}").status_code == 404
    for url, data in (
        (f"{BASE}/enterprises/{uscc}/daily-checks", {"date": "2026-01-01", "checker": "x"}),
        (
            f"{BASE}/enterprises/{uscc}/weekly-reports",
            {"week": "2026-W01", "reporter": "x", "conclusion": "x"},
        ),
        (
            f"{BASE}/enterprises/{uscc}/monthly-meetings",
            {
                "month": "2026-01",
                "held_on": "2026-01-05",
                "chair": "x",
                "attendees": "x",
                "minutes": "x",
            },
        ),
        (f"{BASE}/enterprises/{uscc}/annual-reports", {"year": 2025, "text": "x"}),
        (f"{BASE}/issues/{issue.pk}/fix", {"note": "x"}),
        (f"{BASE}/issues/{issue.pk}/comments", {"comment": "x"}),
        (f"{BASE}/enrolments", {"uscc": uscc}),
    ):
        assert post(other, url, data).status_code == 404, url  # type: ignore[attr-defined]
    assert other.get(f"{BASE}/enrolments").json() == []
    assert other.get(f"{BASE}/gaps").json()["rows"] == []
    assert other.get(f"{BASE}/issues").json() == []


def test_gaps_and_enrolment(wine: object) -> None:
    officer = client_for(county_officer_qingxu())
    new = food_enterprise(name="清徐醋业", industry_id="C1462")
    created = post(officer, f"{BASE}/enrolments", {"uscc": new.uscc, "director": "王"})
    assert created.status_code == 201  # type: ignore[attr-defined]
    gaps = officer.get(f"{BASE}/gaps", {"sort": "name"}).json()
    assert [r["enterprise"]["name"] for r in gaps["rows"]] == ["清徐测试黄酒有限公司", "清徐醋业"]
    assert gaps["totals"]["enrolled"] == 2
    bad = officer.get(f"{BASE}/gaps", {"month": "2026-13"})
    assert bad.status_code == 409


def test_records_and_formats(wine: object) -> None:
    client = client_for(enterprise_user(wine))
    uscc = wine.uscc  # type: ignore[attr-defined]
    bad = post(
        client,
        f"{BASE}/enterprises/{uscc}/weekly-reports",
        {"week": "2025-W53", "reporter": "王", "conclusion": "无"},
    )
    assert bad.status_code == 409  # type: ignore[attr-defined]
    assert bad.json()["detail"][0]["msg"] == "周次格式不正确，应为“年-W周”，如 2026-W07。"  # type: ignore[attr-defined]
    iso = (timezone.localdate() - dt.timedelta(days=7)).isocalendar()
    ok = post(
        client,
        f"{BASE}/enterprises/{uscc}/weekly-reports",
        {"week": f"{iso.year}-W{iso.week:02d}", "reporter": "王", "conclusion": "无"},
    )
    assert ok.status_code == 201  # type: ignore[attr-defined]
    records = client.get(f"{BASE}/enterprises/{uscc}/records").json()
    assert records["weekly_reports"][0]["week"] == f"{iso.year}-W{iso.week:02d}"
