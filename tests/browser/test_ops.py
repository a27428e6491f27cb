"""The scheduled runs page in headless Chromium: the province planner sees the schedule and the
runs, the nightly match links to its matching run; English on request."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qstrong.accounts.tests.factories import PASSWORD, province_planner
from qstrong.core.models import Job
from qstrong.ops.models import ScheduledRun
from qstrong.policies.tests.factories import MatchRunFactory
from tests.browser.conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_planner_follows_a_scheduled_match_to_its_run(page: Any, settings: Any) -> None:
    settings.QSTRONG_SCHEDULE_PRUNE_EXPORTS = "off"
    planner = province_planner()
    slot = dt.datetime(2027, 3, 10, 1, 30, tzinfo=dt.UTC)
    job = Job.objects.create(kind="match", title="政策匹配：定时全量匹配", state="succeeded")
    match_run = MatchRunFactory(job=job, as_of=dt.date(2027, 3, 10))
    ScheduledRun.objects.create(
        job_name="match",
        slot=slot,
        state="succeeded",
        started_at=slot,
        finished_at=slot + dt.timedelta(seconds=40),
        message=f"run {match_run.pk}: eligible 120, needs_data 8, pushes 30",
        claimed_by="qstrong-app-1:5120",
        job=job,
    )
    ScheduledRun.objects.create(
        job_name="remind_tasks",
        slot=slot + dt.timedelta(hours=6),
        state="failed",
        message="SMTPConnectError: (421, 'try later')",
        claimed_by="qstrong-app-2:911",
    )
    log_in(page, planner.username, PASSWORD)

    page.goto("/")
    page.click("text=定时任务")
    page.wait_for_load_state("networkidle")

    schedule = page.locator("[data-testid=schedule-table]").inner_text()
    assert "夜间全量匹配" in schedule and "30 1 * * *" in schedule
    assert "清理导出文件" not in schedule
    rows = page.locator("[data-testid=scheduled-run-row]")
    assert rows.count() == 2
    assert "任务到期提醒" in rows.nth(0).inner_text() and "失败" in rows.nth(0).inner_text()
    screenshot(page, "ops-scheduled-runs")

    page.click(f"text=匹配运行 #{match_run.pk}")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/policies/runs/{match_run.pk}/")


def test_the_page_in_english(page: Any) -> None:
    planner = province_planner()
    log_in(page, planner.username, PASSWORD)
    page.goto("/ops/scheduled/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    page.goto("/ops/scheduled/")

    assert page.locator("h1").inner_text() == "Scheduled jobs"
    assert "No scheduled run yet." in page.content()
    screenshot(page, "ops-scheduled-runs-en")
