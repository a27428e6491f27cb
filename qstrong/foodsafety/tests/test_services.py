"""Services: enrolment, risk list with audit, the four records, issue transitions with events."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from qstrong.accounts.tests.factories import (
    county_officer_qingxu,
    county_officer_taigu,
    enterprise_user,
    leader,
)
from qstrong.core.models import AuditEvent
from qstrong.foodsafety import services
from qstrong.foodsafety.models import DailyCheck, Enrolment, Issue, IssueEvent
from qstrong.foodsafety.services import IssueLine
from qstrong.foodsafety.tests.factories import enrol, food_enterprise, risk_item

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 24)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def wine() -> object:
    enterprise = food_enterprise(name="清徐测试黄酒有限公司")
    enrol(enterprise, on=dt.date(2026, 11, 1))
    return enterprise


def test_enrolment_by_officer_of_the_county_is_audited() -> None:
    # given a food enterprise in 清徐 and its county officer
    enterprise = food_enterprise()
    officer = county_officer_qingxu()
    # when the officer enrols it
    enrolment = services.enrolment_create(
        enterprise=enterprise, actor=officer, director="王总监", officer="李员", today=TODAY
    )
    # then it is in the routine from today, with an audit event
    assert enrolment.enrolled_on == TODAY
    assert enrolment.director == "王总监"
    assert (
        AuditEvent.objects.filter(
            object_type="foodsafety.enrolment", object_id=str(enrolment.pk), action="create"
        ).count()
        == 1
    )
    # and enrolling twice is refused in Chinese
    with pytest.raises(ValidationError, match="已纳入"):
        services.enrolment_create(enterprise=enterprise, actor=officer, today=TODAY)


def test_enrolment_refused_to_other_county_leader_and_enterprise() -> None:
    enterprise = food_enterprise()
    for actor in (county_officer_taigu(), leader(), enterprise_user(enterprise)):
        with pytest.raises(PermissionDenied):
            services.enrolment_create(enterprise=enterprise, actor=actor, today=TODAY)
    assert not Enrolment.objects.exists()


def test_re_enrolment_after_ending_keeps_the_row() -> None:
    enterprise = food_enterprise()
    officer = county_officer_qingxu()
    first = services.enrolment_create(enterprise=enterprise, actor=officer, today=TODAY)
    services.enrolment_end(enrolment=first, actor=officer)
    again = services.enrolment_create(
        enterprise=enterprise, actor=officer, enrolled_on=dt.date(2026, 11, 20), today=TODAY
    )
    assert again.pk == first.pk
    assert again.archived_at is None
    assert again.enrolled_on == dt.date(2026, 11, 20)


def test_risk_item_edit_keeps_before_and_after_in_the_audit(wine: object) -> None:
    user = enterprise_user(wine)
    item = services.risk_item_add(
        enterprise=wine, actor=user, risk_point="杀菌", control_measure="煎酒 85℃ 以上"
    )
    assert item.position == 1
    services.risk_item_update(item=item, actor=user, control_measure="煎酒 85–90℃，保持 20 分钟")
    event = AuditEvent.objects.get(object_type="foodsafety.riskitem", action="update")
    assert event.changes == {"control_measure": ["煎酒 85℃ 以上", "煎酒 85–90℃，保持 20 分钟"]}
    services.risk_item_archive(item=item, actor=user)
    item.refresh_from_db()
    assert item.archived_at is not None


def test_daily_check_without_issue_is_a_record(wine: object) -> None:
    # given a risk list of two daily items and one monthly item
    user = enterprise_user(wine)
    a = risk_item(wine, "原料黍米")
    b = risk_item(wine, "发酵温度")
    risk_item(wine, "水质检测", frequency="monthly")
    # when the officer records "今日无异常"
    check = services.daily_check_record(
        enterprise=wine, actor=user, date=TODAY, checker="李安全员", today=TODAY
    )
    # then the record holds both daily items as passed, and no issue
    assert check.no_issue is True
    assert check.results == [
        {"risk_item": a.pk, "risk_point": "原料黍米", "passed": True},
        {"risk_item": b.pk, "risk_point": "发酵温度", "passed": True},
    ]
    assert not Issue.objects.exists()


def test_daily_check_once_per_day_and_not_in_the_future(wine: object) -> None:
    user = enterprise_user(wine)
    services.daily_check_record(enterprise=wine, actor=user, date=TODAY, checker="李", today=TODAY)
    with pytest.raises(ValidationError) as duplicate:
        services.daily_check_record(
            enterprise=wine, actor=user, date=TODAY, checker="李", today=TODAY
        )
    assert duplicate.value.message_dict == {"date": ["2026-11-24 已有检查记录，每天只记录一次。"]}
    with pytest.raises(ValidationError) as future:
        services.daily_check_record(
            enterprise=wine,
            actor=user,
            date=TODAY + dt.timedelta(days=1),
            checker="李",
            today=TODAY,
        )
    assert future.value.message_dict == {"date": ["日期不能晚于今天（2026-11-24）。"]}
    assert DailyCheck.objects.count() == 1


def test_only_the_enterprise_writes_its_records(wine: object) -> None:
    for actor in (county_officer_qingxu(), enterprise_user(food_enterprise())):
        with pytest.raises(PermissionDenied):
            services.daily_check_record(
                enterprise=wine, actor=actor, date=TODAY, checker="李", today=TODAY
            )


def test_records_need_an_enrolment() -> None:
    enterprise = food_enterprise()
    with pytest.raises(ValidationError, match="未纳入"):
        services.daily_check_record(
            enterprise=enterprise,
            actor=enterprise_user(enterprise),
            date=TODAY,
            checker="李",
            today=TODAY,
        )


def test_issue_found_fixed_reopened_with_events(wine: object) -> None:
    # given a daily check that finds a problem on the fermentation item
    user = enterprise_user(wine)
    officer = county_officer_qingxu()
    item = risk_item(wine, "发酵温度")
    check = services.daily_check_record(
        enterprise=wine,
        actor=user,
        date=TODAY,
        checker="李",
        issues=[IssueLine(description="3 号罐温度记录缺一次", risk_item=item)],
        today=TODAY,
    )
    issue = Issue.objects.get()
    # then the check records the item as failed and the issue is to fix in 7 days
    assert check.no_issue is False
    assert check.results == [{"risk_item": item.pk, "risk_point": "发酵温度", "passed": False}]
    assert (issue.state, issue.deadline, issue.risk_point) == (
        "to_fix",
        dt.date(2026, 12, 1),
        "发酵温度",
    )
    # when the enterprise fixes it with a photo
    evidence = SimpleUploadedFile("温度记录.png", PNG, content_type="image/png")
    services.issue_fix(issue=issue, actor=user, note="已补测并培训", evidence=evidence, today=TODAY)
    issue.refresh_from_db()
    assert (issue.state, issue.fixed_on) == ("fixed", TODAY)
    # and fixing again is refused
    with pytest.raises(ValidationError, match="已整改"):
        services.issue_fix(issue=issue, actor=user, note="再次", today=TODAY)
    # when the officer sends it back
    services.issue_reopen(
        issue=issue,
        actor=officer,
        comment="缺少复测记录",
        deadline=dt.date(2026, 11, 30),
        today=TODAY,
    )
    issue.refresh_from_db()
    assert (issue.state, issue.deadline, issue.fixed_on) == ("to_fix", dt.date(2026, 11, 30), None)
    # then every step is an append-only event
    events = list(IssueEvent.objects.filter(issue=issue).order_by("at", "id"))
    assert [e.kind for e in events] == ["found", "fixed", "reopened"]
    assert events[1].evidence_name == "温度记录.png"
    assert events[1].data == {"fixed_on": "2026-11-24", "late": False}
    with pytest.raises(Exception, match="append-only"):
        events[0].save()


def test_fix_needs_a_note_and_a_real_image(wine: object) -> None:
    user = enterprise_user(wine)
    services.daily_check_record(
        enterprise=wine,
        actor=user,
        date=TODAY,
        checker="李",
        issues=[IssueLine(description="标签日期不清")],
        today=TODAY,
    )
    issue = Issue.objects.get()
    with pytest.raises(ValidationError) as no_note:
        services.issue_fix(issue=issue, actor=user, note=" ", today=TODAY)
    assert no_note.value.message_dict == {"note": ["请填写整改说明。"]}
    fake = SimpleUploadedFile("photo.png", b"not an image at all", content_type="image/png")
    with pytest.raises(ValidationError) as bad_file:
        services.issue_fix(issue=issue, actor=user, note="已处理", evidence=fake, today=TODAY)
    assert bad_file.value.message_dict == {"evidence": ["文件内容与扩展名“png”不符。"]}
    issue.refresh_from_db()
    assert issue.state == "to_fix"
    assert issue.events.count() == 1


def test_officer_cannot_fix_and_enterprise_cannot_reopen(wine: object) -> None:
    user = enterprise_user(wine)
    services.daily_check_record(
        enterprise=wine,
        actor=user,
        date=TODAY,
        checker="李",
        issues=[IssueLine(description="x")],
        today=TODAY,
    )
    issue = Issue.objects.get()
    with pytest.raises(PermissionDenied):
        services.issue_fix(issue=issue, actor=county_officer_qingxu(), note="n", today=TODAY)
    with pytest.raises(PermissionDenied):
        services.issue_reopen(issue=issue, actor=user, comment="c", deadline=TODAY, today=TODAY)


def test_weekly_monthly_annual_uniqueness_and_formats(wine: object) -> None:
    user = enterprise_user(wine)
    services.weekly_report_record(
        enterprise=wine,
        actor=user,
        iso_year=2026,
        iso_week=47,
        reporter="王",
        conclusion="无重大隐患",
        today=TODAY,
    )
    with pytest.raises(ValidationError) as week:
        services.weekly_report_record(
            enterprise=wine,
            actor=user,
            iso_year=2026,
            iso_week=47,
            reporter="王",
            conclusion="x",
            today=TODAY,
        )
    assert week.value.message_dict == {"week": ["2026-W47 已有排查报告，每周只报告一次。"]}
    with pytest.raises(ValidationError, match="尚未开始的周"):
        services.weekly_report_record(
            enterprise=wine,
            actor=user,
            iso_year=2026,
            iso_week=49,
            reporter="王",
            conclusion="x",
            today=TODAY,
        )
    meeting = dict(chair="张", attendees="张、王、李", minutes="听取汇报")
    services.monthly_meeting_record(
        enterprise=wine,
        actor=user,
        month=dt.date(2026, 11, 1),
        held_on=dt.date(2026, 11, 20),
        today=TODAY,
        **meeting,
    )
    with pytest.raises(ValidationError) as month:
        services.monthly_meeting_record(
            enterprise=wine,
            actor=user,
            month=dt.date(2026, 11, 1),
            held_on=dt.date(2026, 11, 21),
            today=TODAY,
            **meeting,
        )
    assert month.value.message_dict == {"month": ["2026-11 已有调度会议纪要，每月只记录一次。"]}
    with pytest.raises(ValidationError) as outside:
        services.monthly_meeting_record(
            enterprise=wine,
            actor=user,
            month=dt.date(2026, 10, 1),
            held_on=dt.date(2026, 11, 2),
            today=TODAY,
            **meeting,
        )
    assert outside.value.message_dict == {"held_on": ["会议日期应在所填月份之内。"]}
    report = services.annual_report_record(
        enterprise=wine,
        actor=user,
        year=2025,
        upload=SimpleUploadedFile("2025年度报告.pdf", b"%PDF-1.4 test"),
        today=TODAY,
    )
    assert report.file_name == "2025年度报告.pdf"
    with pytest.raises(ValidationError) as future_year:
        services.annual_report_record(enterprise=wine, actor=user, year=2027, text="x", today=TODAY)
    assert future_year.value.message_dict == {"year": ["不能填写未来年度的报告。"]}
    with pytest.raises(ValidationError) as empty:
        services.annual_report_record(enterprise=wine, actor=user, year=2026, today=TODAY)
    assert empty.value.message_dict == {"text": ["请填写报告内容或上传报告文件。"]}
