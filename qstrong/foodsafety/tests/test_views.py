"""Pages: scoping (404 for another county), roles (403), forms' Chinese errors, the xlsx export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import (
    PASSWORD,
    city_officer_taiyuan,
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
)
from qstrong.foodsafety import services
from qstrong.foodsafety.models import DailyCheck, Enrolment, Issue
from qstrong.foodsafety.services import IssueLine
from qstrong.foodsafety.tests.factories import enrol, food_enterprise, risk_item

pytestmark = pytest.mark.django_db


def client_for(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


@pytest.fixture
def wine() -> object:
    enterprise = food_enterprise(name="清徐测试黄酒有限公司")
    enrol(enterprise, on=timezone.localdate() - dt.timedelta(days=10))
    risk_item(enterprise, "发酵温度")
    return enterprise


@pytest.fixture
def issue(wine: object) -> Issue:
    services.daily_check_record(
        enterprise=wine,
        actor=enterprise_user(wine),
        date=timezone.localdate(),
        checker="李",
        issues=[IssueLine(description="3 号罐温度记录缺一次")],
    )
    return Issue.objects.get()


def enterprise_urls(pk: int) -> list[str]:
    names = (
        "routine",
        "staff_edit",
        "risk_list",
        "enterprise_panel",
        "daily_new",
        "weekly_new",
        "monthly_new",
        "annual_new",
        "enrol",
    )
    return [reverse(f"foodsafety:{name}", args=[pk]) for name in names]


def test_pages_need_login(wine: object) -> None:
    response = Client().get(reverse("foodsafety:routine", args=[wine.pk]))  # type: ignore[attr-defined]
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


def test_officer_of_another_county_gets_404_everywhere(wine: object, issue: Issue) -> None:
    # given an officer of 太谷, the enterprise being in 清徐
    client = client_for(county_officer_taigu())
    urls = [
        *enterprise_urls(wine.pk),  # type: ignore[attr-defined]
        reverse("foodsafety:issue_detail", args=[issue.pk]),
        reverse("foodsafety:annual_file", args=[wine.pk, 2025]),  # type: ignore[attr-defined]
        reverse("foodsafety:evidence_file", args=[issue.pk, issue.events.get().pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    posts = [
        reverse("foodsafety:issue_fix", args=[issue.pk]),
        reverse("foodsafety:issue_reopen", args=[issue.pk]),
        reverse("foodsafety:issue_comment", args=[issue.pk]),
        reverse("foodsafety:routine_comment", args=[wine.pk]),  # type: ignore[attr-defined]
        reverse("foodsafety:enrolment_end", args=[wine.pk]),  # type: ignore[attr-defined]
        reverse("foodsafety:daily_new", args=[wine.pk]),  # type: ignore[attr-defined]
    ]
    for url in posts:
        assert client.post(url, {"text": "x", "comment": "x"}).status_code == 404, url
    # and the enterprise is not in their gap list
    response = client.get(reverse("foodsafety:overview"))
    assert response.status_code == 200
    assert response.context["rows"] == []


def test_other_enterprise_user_gets_404(wine: object) -> None:
    other = food_enterprise(name="别家食品")
    client = client_for(enterprise_user(other))
    for url in enterprise_urls(wine.pk):  # type: ignore[attr-defined]
        assert client.get(url).status_code == 404, url
    # and their own, not enrolled, has no routine
    assert client.get(reverse("foodsafety:overview")).status_code == 404


def test_overview_lists_gaps_and_city_officer_sees_it(wine: object, issue: Issue) -> None:
    client = client_for(city_officer_taiyuan())
    response = client.get(reverse("foodsafety:overview"), {"sort": "days"})
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row.enterprise == wine
    assert row.gaps.open_issues == 1
    assert "清徐测试黄酒有限公司" in response.content.decode()


def test_enterprise_user_is_sent_to_its_routine(wine: object) -> None:
    client = client_for(enterprise_user(wine))
    response = client.get(reverse("foodsafety:overview"))
    assert response.status_code == 302
    assert response["Location"] == reverse("foodsafety:routine", args=[wine.pk])  # type: ignore[attr-defined]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "我的日管控" in page.content.decode()
    assert 'data-testid="routine-calendar"' in page.content.decode()


def test_officer_reads_but_does_not_fill(wine: object) -> None:
    client = client_for(county_officer_qingxu())
    assert client.get(reverse("foodsafety:routine", args=[wine.pk])).status_code == 200  # type: ignore[attr-defined]
    assert client.get(reverse("foodsafety:daily_new", args=[wine.pk])).status_code == 403  # type: ignore[attr-defined]
    response = client.post(
        reverse("foodsafety:routine_comment", args=[wine.pk]),
        {"text": "请按时填写周报"},  # type: ignore[attr-defined]
    )
    assert response.status_code == 302
    assert wine.foodsafety_comments.get().text == "请按时填写周报"  # type: ignore[attr-defined]


def test_leader_reads_and_cannot_comment(wine: object) -> None:
    client = client_for(leader())
    assert client.get(reverse("foodsafety:routine", args=[wine.pk])).status_code == 200  # type: ignore[attr-defined]
    response = client.post(reverse("foodsafety:routine_comment", args=[wine.pk]), {"text": "x"})  # type: ignore[attr-defined]
    assert response.status_code == 403


def test_daily_form_one_click_no_issue(wine: object) -> None:
    client = client_for(enterprise_user(wine))
    today = timezone.localdate()
    url = reverse("foodsafety:daily_new", args=[wine.pk])  # type: ignore[attr-defined]
    response = client.post(
        url,
        {
            "date": today.isoformat(),
            "checker": "李安全员",
            "action": "no_issue",
            "issue_1_description": "ignored",
        },
    )
    assert response.status_code == 302
    check = DailyCheck.objects.get()
    assert (check.date, check.no_issue) == (today, True)
    # the same day again: the form shows the error in Chinese
    again = client.post(url, {"date": today.isoformat(), "checker": "李", "action": "no_issue"})
    assert again.status_code == 422
    assert again.context["form"].errors["date"] == [f"{today} 已有检查记录，每天只记录一次。"]


def test_daily_form_errors_in_chinese(wine: object) -> None:
    client = client_for(enterprise_user(wine))
    url = reverse("foodsafety:daily_new", args=[wine.pk])  # type: ignore[attr-defined]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(url, {"date": tomorrow.isoformat(), "checker": "", "action": "save"})
    errors = response.context["form"].errors
    assert errors["date"] == [f"日期不能晚于今天（{timezone.localdate()}）。"]
    assert errors["checker"] == ["这个字段是必填项。"]
    # a risk point chosen without a description
    item = wine.foodsafety_risk_items.get()  # type: ignore[attr-defined]
    response = client.post(
        url,
        {
            "date": timezone.localdate().isoformat(),
            "checker": "李",
            "action": "save",
            "issue_1_risk": str(item.pk),
        },
    )
    assert response.context["form"].errors["issue_1_description"] == ["请填写问题描述。"]
    assert not DailyCheck.objects.exists()


def test_week_and_month_formats(wine: object) -> None:
    client = client_for(enterprise_user(wine))
    response = client.post(
        reverse("foodsafety:weekly_new", args=[wine.pk]),  # type: ignore[attr-defined]
        {"week": "2026-47", "reporter": "王", "conclusion": "无"},
    )
    assert response.context["form"].errors["week"] == [
        "周次格式不正确，应为“年-W周”，如 2026-W07。"
    ]
    response = client.post(
        reverse("foodsafety:monthly_new", args=[wine.pk]),  # type: ignore[attr-defined]
        {
            "month": "2026/11",
            "held_on": "2026-11-01",
            "chair": "张",
            "attendees": "张",
            "minutes": "m",
        },
    )
    assert response.context["form"].errors["month"] == ["月份格式不正确，应为“年-月”，如 2026-07。"]
    response = client.post(
        reverse("foodsafety:annual_new", args=[wine.pk]),  # type: ignore[attr-defined]
        {"year": str(timezone.localdate().year + 1), "text": "x"},
    )
    assert response.context["form"].errors["year"] == ["不能填写未来年度的报告。"]


def test_fix_with_evidence_through_the_page(wine: object, issue: Issue) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(enterprise_user(wine))
    png = SimpleUploadedFile(
        "fix.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 16, content_type="image/png"
    )
    response = client.post(
        reverse("foodsafety:issue_fix", args=[issue.pk]),
        {"note": "已补测", "fixed_on": timezone.localdate().isoformat(), "evidence": png},
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.state == "fixed"
    event = issue.events.get(kind="fixed")
    download = client.get(reverse("foodsafety:evidence_file", args=[issue.pk, event.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")


def test_panel_for_enrolled_and_for_unenrolled_food_enterprise(wine: object) -> None:
    client = client_for(county_officer_qingxu())
    body = client.get(reverse("foodsafety:enterprise_panel", args=[wine.pk])).content.decode()  # type: ignore[attr-defined]
    assert "本月缺日检查" in body
    other = food_enterprise(name="未纳管食品厂")
    body = client.get(reverse("foodsafety:enterprise_panel", args=[other.pk])).content.decode()
    assert "纳入日管控" in body
    nonfood = food_enterprise(name="机械厂", industry_id="C3551")
    body = client.get(reverse("foodsafety:enterprise_panel", args=[nonfood.pk])).content.decode()
    assert body.strip() == ""


def test_enrol_through_the_page(wine: object) -> None:
    other = food_enterprise(name="清徐老陈醋食品厂", industry_id="C1462")
    client = client_for(county_officer_qingxu())
    listing = client.get(reverse("foodsafety:enrol_list"))
    assert [e.name for e in listing.context["candidates"]] == ["清徐老陈醋食品厂"]
    response = client.post(
        reverse("foodsafety:enrol", args=[other.pk]),
        {"enrolled_on": timezone.localdate().isoformat(), "director": "王", "officer": "李"},
    )
    assert response.status_code == 302
    assert Enrolment.objects.filter(enterprise=other, director="王").exists()


def test_gap_export_xlsx(wine: object, issue: Issue) -> None:
    client = client_for(county_officer_qingxu())
    response = client.get(reverse("foodsafety:gap_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:4] == ("统一社会信用代码", "企业名称", "行政区划", "行业")
    assert rows[2][1] == "清徐测试黄酒有限公司"
    assert rows[2][11] == 1  # open issues
    assert len(rows) == 3
    # another county's officer gets an empty list
    other = client_for(county_officer_taigu()).get(reverse("foodsafety:gap_export"))
    assert len(list(load_workbook(io.BytesIO(other.content)).active.iter_rows())) == 2


def test_backfilled_check_is_marked_and_english_page(wine: object) -> None:
    # given a check for yesterday written today (补录)
    user = enterprise_user(wine)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    services.daily_check_record(enterprise=wine, actor=user, date=yesterday, checker="李")
    client = client_for(user)
    url = reverse("foodsafety:routine", args=[wine.pk])  # type: ignore[attr-defined]
    assert "补录" in client.get(url).content.decode()
    # and in English the page speaks English
    client.post(reverse("accounts:set_language"), {"language": "en", "next": url})
    body = client.get(url).content.decode()
    assert "Routine calendar" in body
    assert "Backfilled" in body
