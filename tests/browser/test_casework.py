"""Casework in the browser: a visit with a need → a task → moved on the board → verified."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qstrong.accounts.tests.factories import PASSWORD, city_officer_taiyuan, county_officer_qingxu
from qstrong.casework import services
from qstrong.casework.models import ActivityPhoto, Need, OutreachActivity, Task
from qstrong.casework.tests.factories import ActivityFactory, NeedFactory, TaskFactory
from qstrong.registry.tests.factories import EnterpriseFactory, make_uscc
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_out(page: Any) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def test_visit_need_task_board_verify(page: Any) -> None:
    # Given a 清徐 officer, the 太原 city officer above them, and a 清徐 enterprise
    officer = county_officer_qingxu()
    supervisor = city_officer_taiyuan()
    enterprise = EnterpriseFactory(name="清徐老陈醋示范有限公司")

    # When the officer logs a visit to the enterprise
    log_in(page, officer.username, PASSWORD)
    page.goto("/casework/activities/new/")
    page.select_option("select[name=kind]", "visit")
    page.fill("input[name=title]", "惠企直通车入企服务")
    page.fill("input[name=date]", "2024-05-21")
    page.fill("input[name=place]", "清徐县")
    # The enterprise comes from the search picker: type part of its name, pick it, a chip appears
    page.get_by_test_id("picker-enterprise_ids").locator("input[type=search]").fill("老陈醋示范")
    page.get_by_role("option", name="清徐老陈醋示范有限公司").click()
    chips = page.get_by_test_id("picker-enterprise_ids").locator(".qs-chip")
    assert chips.inner_text().strip() == "清徐老陈醋示范有限公司"
    screenshot(page, "casework-activity-form")
    page.fill("textarea[name=summary]", "了解企业认证需求。")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert "清徐老陈醋示范有限公司" in page.get_by_test_id("activity-enterprises").inner_text()

    # And raises a need on the spot
    form = page.get_by_test_id("need-form")
    form.locator("select[name=category]").select_option("certification")
    form.locator("textarea[name=description]").fill("希望获得 ISO 9001 质量管理体系认证辅导")
    form.get_by_role("button", name="登记需求").click()
    page.wait_for_load_state("networkidle")
    screenshot(page, "casework-need")

    # Then the enterprise page shows the open need
    page.goto(f"/registry/enterprises/{enterprise.pk}/")
    panel = page.get_by_test_id("casework-panel")
    assert "希望获得 ISO 9001" in panel.inner_text()

    # When the need becomes a task with a responsible bureau, person and due date
    need = Need.objects.get()
    page.goto(f"/casework/needs/{need.pk}/")
    task_form = page.get_by_test_id("task-form")
    task_form.locator("textarea[name=action]").fill("对接认证机构开展认证辅导")
    task_form.locator("select[name=responsible_person]").select_option(str(officer.pk))
    task_form.locator("input[name=due_date]").fill("2030-06-30")
    task_form.get_by_role("button", name="安排任务").click()
    page.wait_for_load_state("networkidle")
    task = Task.objects.get()

    # And the officer moves it on the board: start, then done
    page.goto("/casework/tasks/board/")
    card = page.get_by_test_id(f"task-card-{task.pk}")
    card.get_by_role("button", name="开始办理").click()
    page.get_by_test_id("column-in_progress").get_by_test_id(f"task-card-{task.pk}").wait_for()
    page.get_by_test_id(f"task-card-{task.pk}").get_by_role("button", name="标记完成").click()
    page.get_by_test_id("column-done").get_by_test_id(f"task-card-{task.pk}").wait_for()
    screenshot(page, "casework-kanban")
    task.refresh_from_db()
    assert task.state == Task.State.DONE
    # The responsible officer does not verify their own work
    assert (
        page.get_by_test_id(f"task-card-{task.pk}").get_by_role("button", name="核验通过").count()
        == 0
    )
    _log_out(page)

    # When the city supervisor verifies it
    log_in(page, supervisor.username, PASSWORD)
    page.goto("/casework/tasks/board/")
    page.get_by_test_id(f"task-card-{task.pk}").get_by_role("button", name="核验通过").click()
    page.get_by_test_id("column-verified").get_by_test_id(f"task-card-{task.pk}").wait_for()

    # Then the task is verified, the need closed, and every move left an event
    task.refresh_from_db()
    need.refresh_from_db()
    assert (task.state, task.verified_by, need.state) == ("verified", supervisor, "closed")
    assert list(task.events.values_list("to_state", flat=True)) == [
        "open",
        "in_progress",
        "done",
        "verified",
    ]
    page.goto(f"/casework/tasks/{task.pk}/")
    assert page.get_by_test_id("task-state").inner_text() == "已核验"

    # And the activity page and the calendar show the visit
    page.goto(f"/casework/activities/{need.activity_id}/")
    screenshot(page, "casework-activity")
    page.goto("/casework/activities/calendar/?month=2024-05")
    assert "惠企直通车入企服务" in page.locator("table").inner_text()
    screenshot(page, "casework-calendar")
    page.goto("/casework/activities/stats/?start=2024-01-01&end=2024-06-30&period=month")
    assert page.get_by_test_id("total-enterprises").inner_text() == "1"
    screenshot(page, "casework-stats")


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
    b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_edit_activity_remove_photo_and_tour_in_both_languages(page: Any) -> None:
    # Given a 清徐 activity with a photo, and a need with an overdue task
    officer = county_officer_qingxu()
    first = EnterpriseFactory(name="清徐老陈醋示范有限公司", uscc=make_uscc(11))
    second = EnterpriseFactory(name="山西清徐葡萄酒示范有限公司", uscc=make_uscc(12))
    activity = ActivityFactory(enterprises=[first], title="惠企直通车入企服务")
    services.activity_photo_add(
        activity=activity, actor=officer, upload=SimpleUploadedFile("p.png", PNG),
        caption="现场座谈", credit="毕瑞喆 摄",
    )  # fmt: skip
    need = NeedFactory(enterprise=first, activity=activity)
    TaskFactory(need=need, responsible_person=officer, due_date=dt.date(2024, 1, 31))
    log_in(page, officer.username, PASSWORD)

    # When the officer edits the activity: new title, a second enterprise from the picker
    page.goto(f"/casework/activities/{activity.pk}/")
    page.get_by_test_id("activity-edit").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=title]").input_value() == "惠企直通车入企服务"
    page.fill("input[name=title]", "惠企直通车把脉问诊")
    picker = page.get_by_test_id("picker-enterprise_ids")
    picker.locator("input[type=search]").fill(second.uscc[:14])
    page.get_by_role("option", name="山西清徐葡萄酒示范有限公司").click()
    screenshot(page, "casework-activity-edit")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    # Then the page and the history show the change
    activity.refresh_from_db()
    assert activity.title == "惠企直通车把脉问诊"
    assert set(activity.enterprises.all()) == {first, second}
    assert "惠企直通车入企服务" in page.get_by_test_id("activity-history").inner_text()

    # When the officer removes the photo with a reason
    photo = ActivityPhoto.objects.get()
    page.get_by_test_id(f"archive-photo-{photo.pk}").click()
    page.fill("input[name=reason]", "与本次活动无关")
    page.get_by_role("button", name="确认移除").click()
    page.wait_for_load_state("networkidle")

    # Then it is archived, not deleted, and listed as removed with the reason
    photo.refresh_from_db()
    assert photo.archive_reason == "与本次活动无关"
    assert "与本次活动无关" in page.get_by_test_id("removed-files").inner_text()
    screenshot(page, "casework-activity-detail")

    # And every casework page renders in Chinese and in English
    pages = {
        "activities": "/casework/activities/",
        "calendar": "/casework/activities/calendar/?month=2024-04",
        "stats": "/casework/activities/stats/?start=2024-01-01&end=2024-12-31",
        "activity": f"/casework/activities/{activity.pk}/",
        "activity-form": "/casework/activities/new/",
        "needs": "/casework/needs/",
        "need": f"/casework/needs/{need.pk}/",
        "need-form": "/casework/needs/new/",
        "tasks": "/casework/tasks/",
        "board": "/casework/tasks/board/",
        "overdue": "/casework/tasks/overdue/",
        "task": f"/casework/tasks/{Task.objects.get().pk}/",
    }
    for name, url in pages.items():
        page.goto(url)
        screenshot(page, f"casework-zh-{name}")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    for name, url in pages.items():
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "en"
        screenshot(page, f"casework-en-{name}")
    page.goto(f"/casework/activities/{activity.pk}/")
    assert "Edit activity" in page.get_by_test_id("activity-edit").inner_text()
    assert OutreachActivity.objects.count() == 1
