"""The board's true counts and its limit; the three lists inline or as a background job."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from qstrong.accounts.tests.factories import (
    UserFactory,
    county_officer_qingxu,
    county_officer_taigu,
)
from qstrong.casework import selectors
from qstrong.casework.export_jobs import LISTS_JOB_KIND
from qstrong.casework.models import Task
from qstrong.casework.tests.factories import NeedFactory, TaskFactory
from qstrong.core.models import AuditEvent, Job

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 5, 15)  # a Wednesday


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def tasks() -> dict[str, Any]:
    """12 open, 3 in progress, 1 verified 清徐 tasks on one need."""
    officer = county_officer_qingxu()
    need = NeedFactory()
    for n in range(12):
        TaskFactory(need=need, due_date=dt.date(2024, 5, 1) + dt.timedelta(days=n))
    for _n in range(3):
        TaskFactory(need=need, state=Task.State.IN_PROGRESS, due_date=dt.date(2024, 5, 19))
    TaskFactory(need=need, state=Task.State.VERIFIED)
    return {"officer": officer, "need": need}


def test_kanban_counts_are_true_totals_and_the_cards_are_shared(tasks: dict[str, Any]) -> None:
    board = selectors.kanban(user=tasks["officer"], filters=selectors.TaskFilters(), limit=8)
    assert board.counts == {"open": 12, "in_progress": 3, "done": 0, "verified": 1}
    # each column gets its share of 8; what a small column leaves goes to the big one
    assert {s: len(c) for s, c in board.cards.items()} == {
        "open": 4, "in_progress": 3, "done": 0, "verified": 1,
    }  # fmt: skip
    assert (board.total, board.shown, board.truncated) == (16, 8, True)


def test_kanban_fits_without_truncation(tasks: dict[str, Any]) -> None:
    board = selectors.kanban(user=tasks["officer"], filters=selectors.TaskFilters())
    assert (board.shown, board.truncated) == (16, False)


def test_due_this_week_filter(tasks: dict[str, Any]) -> None:
    # given: one more open task due Monday 13 May (past) and one due Friday 17 May
    TaskFactory(need=tasks["need"], due_date=dt.date(2024, 5, 13))
    TaskFactory(need=tasks["need"], due_date=dt.date(2024, 5, 17))
    # when: filtering on Wednesday 15 May for "due this week" (today to Sunday 19 May)
    filters = selectors.TaskFilters(due_week=True)
    found = selectors.task_search(user=tasks["officer"], filters=filters, today=TODAY)
    # then: the Friday task and the 3 in progress due Sunday; past and verified ones are not
    assert sorted(t.due_date.day for t in found) == [17, 19, 19, 19]


def test_board_page_says_when_it_is_truncated(
    tasks: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "KANBAN_MAX_CARDS", 8)
    monkeypatch.setattr(selectors.kanban, "__kwdefaults__", {"limit": 8})
    body = _client(tasks["officer"]).get(reverse("casework:task_board")).content.decode()
    assert 'data-testid="board-truncated"' in body
    assert "看板只显示 8 张卡片，共 16 项任务。" in body
    assert 'data-testid="count-open">12<' in body
    assert 'data-testid="hidden-open"' in body
    assert "另有 8 项未显示" in body


def test_board_filters_by_chain_town_and_enterprise_render(tasks: dict[str, Any]) -> None:
    client = _client(tasks["officer"])
    enterprise = tasks["need"].enterprise
    body = client.get(
        reverse("casework:task_board"), {"enterprise": enterprise.pk, "due_week": "1"}
    ).content.decode()
    assert f'name="enterprise" value="{enterprise.pk}"' in body
    assert 'id="w-due-week" checked' in body
    assert 'data-testid="board-truncated"' not in body


# --- export ------------------------------------------------------------------------------------


def test_small_lists_download_inline(tasks: dict[str, Any]) -> None:
    response = _client(tasks["officer"]).get(reverse("casework:lists_export"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["需求清单", "任务清单", "责任清单"]
    assert book["任务清单"].max_row == 17


def test_large_lists_run_as_a_job_only_the_creator_downloads(
    tasks: dict[str, Any], settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # given: an inline limit below the 17 rows (1 need + 16 tasks)
    settings.QSTRONG_EXPORT_INLINE_MAX = 10
    officer = tasks["officer"]
    client = _client(officer)
    # when: the officer exports
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("casework:lists_export"), {"state": "open"})
    # then: a job, a progress page, and the file for its creator
    job = Job.objects.get(kind=LISTS_JOB_KIND)
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:lists_export_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert (job.result["needs"], job.result["tasks"]) == (1, 12)
    page = client.get(response["Location"])
    assert 'data-testid="export-download"' in page.content.decode()
    download = client.get(reverse("casework:lists_export_download", args=[job.pk]))
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert book["任务清单"].max_row == 13
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, object_type="casework.lists", note__contains=str(job.pk)
    ).exists()
    # and: another county's officer, or a colleague of the same bureau, gets 404
    colleague = UserFactory(
        username="qingxu2", organisation=officer.organisation, role=officer.role
    )
    for other in (county_officer_taigu(), colleague):
        c = _client(other)
        assert c.get(reverse("casework:lists_export_detail", args=[job.pk])).status_code == 404
        assert c.get(reverse("casework:lists_export_download", args=[job.pk])).status_code == 404


def test_the_same_export_twice_reuses_the_running_job(tasks: dict[str, Any], settings: Any) -> None:
    settings.QSTRONG_EXPORT_INLINE_MAX = 10
    client = _client(tasks["officer"])
    first = client.get(reverse("casework:lists_export"))
    second = client.get(reverse("casework:lists_export"))
    assert first["Location"] == second["Location"]
    assert Job.objects.filter(kind=LISTS_JOB_KIND).count() == 1
