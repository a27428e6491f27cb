"""Large enterprise exports: a background job writes the file, only its creator downloads it."""

from __future__ import annotations

import csv
import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from qstrong.accounts.models import Role
from qstrong.accounts.tests import factories as people
from qstrong.core.models import AuditEvent, Job
from qstrong.registry import exporting, tasks
from qstrong.registry.export_jobs import enterprise_export_run
from qstrong.registry.models import Enterprise
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    make_uscc,
)

pytestmark = pytest.mark.django_db

EXPORT = "/registry/enterprises/export/"
QINGXU_NAMES = ["清徐一厂", "清徐三厂", "清徐二厂", "清徐四厂"]


@pytest.fixture
def registry() -> dict[str, list[Enterprise]]:
    """Four enterprises in 清徐 (140121) and three in 太谷 (140703)."""
    qingxu = [
        EnterpriseFactory(uscc=make_uscc(n), name=name, region_id="140121")
        for n, name in enumerate(["清徐一厂", "清徐二厂", "清徐三厂", "清徐四厂"], start=1)
    ]
    taigu = [
        EnterpriseFactory(uscc=make_uscc(10 + n, "140703"), name=f"太谷{n}厂", region_id="140703")
        for n in range(1, 4)
    ]
    chain = ChainFactory(code="medicine", name="现代医药")
    ChainMemberFactory(enterprise=qingxu[1], chain=chain, role="core")
    ChainMemberFactory(enterprise=taigu[0], chain=chain, role="core")
    return {"qingxu": qingxu, "taigu": taigu}


@pytest.fixture
def small_threshold(settings) -> None:
    settings.QSTRONG_EXPORT_INLINE_MAX = 3


def _csv_names(content: bytes) -> list[str]:
    return sorted(
        row["企业名称"] for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    )


def _export(client, django_capture_on_commit_callbacks, **params: str):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(EXPORT, params)


@pytest.fixture
def qingxu_export(client, registry, small_threshold, django_capture_on_commit_callbacks) -> Job:
    """清徐's officer, logged in, has exported the county's four enterprises as CSV."""
    client.force_login(people.county_officer_qingxu())
    _export(client, django_capture_on_commit_callbacks, fmt="csv")
    return Job.objects.get()


def _stored(settings, job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / job.result["path"]


def test_a_small_export_stays_inline(client, registry) -> None:
    client.force_login(people.county_officer_qingxu())

    response = client.get(EXPORT, {"fmt": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert _csv_names(response.content) == QINGXU_NAMES
    assert Job.objects.count() == 0
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 1


def test_the_threshold_itself_is_still_inline(client, registry, settings) -> None:
    settings.QSTRONG_EXPORT_INLINE_MAX = 4
    client.force_login(people.county_officer_qingxu())

    response = client.get(EXPORT, {"fmt": "csv"})

    assert response.status_code == 200
    assert Job.objects.count() == 0


def test_a_large_export_runs_as_a_job_with_only_the_officers_county(
    client, registry, small_threshold, settings, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    officer = people.county_officer_qingxu()
    client.force_login(officer)
    published: list[tuple[int, int, str]] = []
    publish = tasks.job_progress

    def spy(*, job: Job, done: int, total: int, stage: str = "") -> None:
        published.append((done, total, stage))
        publish(job=job, done=done, total=total, stage=stage)

    # Inside the test's transaction progress goes to the cache only: watch what is published.
    monkeypatch.setattr(tasks, "job_progress", spy)

    response = _export(client, django_capture_on_commit_callbacks, fmt="csv")

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/registry/enterprises/exports/{job.pk}/"
    assert job.kind == "export"
    assert job.created_by == officer
    assert job.params["user_id"] == officer.pk
    assert job.params["fmt"] == "csv"
    assert job.params["filters"]["region"] == ""
    assert job.state == Job.State.SUCCEEDED
    assert published == [(0, 4, "exporting"), (4, 4, "exporting")]
    assert job.result["path"] == f"exports/{job.pk}.csv"
    assert job.result["rows"] == 4
    assert _csv_names(_stored(settings, job).read_bytes()) == QINGXU_NAMES
    # Writing the file is not taking it out: the download is what gets audited.
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 0


def test_a_large_xlsx_export_follows_the_filters(
    client, registry, small_threshold, settings, django_capture_on_commit_callbacks
) -> None:
    client.force_login(people.province_planner())

    _export(client, django_capture_on_commit_callbacks, fmt="xlsx", q="厂")

    job = Job.objects.get()
    sheet = load_workbook(_stored(settings, job), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert job.result["path"] == f"exports/{job.pk}.xlsx"
    assert rows[0][:2] == ("统一社会信用代码", "企业名称")
    assert sorted(row[1] for row in rows[1:]) == sorted(
        [*QINGXU_NAMES, "太谷1厂", "太谷2厂", "太谷3厂"]
    )
    assert job.params["query"] == "q=%E5%8E%82"


def test_the_worker_scopes_the_list_again_whatever_the_filters_say(registry, settings) -> None:
    """A job asking for 太谷 on behalf of 清徐's officer gets nothing: the user's scope wins."""
    officer = people.county_officer_qingxu()
    job = Job.objects.create(
        kind="export",
        created_by=officer,
        params={"filters": {"region": "140703"}, "fmt": "csv", "user_id": officer.pk, "query": ""},
    )

    result = enterprise_export_run(job=job)

    assert result["rows"] == 0
    assert _csv_names(_stored(settings, Job(result=result)).read_bytes()) == []


def test_progress_is_reported_up_to_the_total(registry, monkeypatch) -> None:
    monkeypatch.setattr(exporting, "PROGRESS_ROWS", 2)
    calls: list[tuple[int, int, str]] = []

    rows = exporting.export_enterprises(
        queryset=Enterprise.objects.all(),
        path_or_buffer=io.BytesIO(),
        fmt="csv",
        progress=lambda done, total, stage: calls.append((done, total, stage)),
    )

    assert rows == 7
    assert calls == [
        (0, 7, "exporting"),
        (2, 7, "exporting"),
        (4, 7, "exporting"),
        (6, 7, "exporting"),
        (7, 7, "exporting"),
    ]


def test_progress_does_not_change_the_file(registry) -> None:
    plain, reported = io.BytesIO(), io.BytesIO()

    exporting.export_enterprises(queryset=Enterprise.objects.all(), path_or_buffer=plain)
    exporting.export_enterprises(
        queryset=Enterprise.objects.all(), path_or_buffer=reported, progress=lambda *a: None
    )

    assert reported.getvalue() == plain.getvalue()


def test_a_queued_export_page_polls_its_progress(
    client, registry, small_threshold, django_capture_on_commit_callbacks
) -> None:
    client.force_login(people.county_officer_qingxu())
    with django_capture_on_commit_callbacks(execute=False):
        response = client.get(EXPORT, {"fmt": "xlsx"}, follow=True)

    job = Job.objects.get()
    html = response.content.decode()
    assert job.state == Job.State.QUEUED
    assert 'data-testid="export-running"' in html
    assert f'hx-get="/jobs/{job.pk}/progress/?reload=1"' in html
    assert "export-download" not in html


def test_asking_twice_while_queued_starts_one_job(
    client, registry, small_threshold, django_capture_on_commit_callbacks
) -> None:
    client.force_login(people.county_officer_qingxu())
    with django_capture_on_commit_callbacks(execute=False):
        first = client.get(EXPORT, {"fmt": "xlsx"})
        second = client.get(EXPORT, {"fmt": "xlsx"})
        other_format = client.get(EXPORT, {"fmt": "csv"})

    assert first["Location"] == second["Location"] != other_format["Location"]
    assert Job.objects.count() == 2


def test_the_creator_sees_the_link_and_downloads_the_file(
    client, registry, small_threshold, django_capture_on_commit_callbacks
) -> None:
    officer = people.county_officer_qingxu()
    client.force_login(officer)
    page = _export(client, django_capture_on_commit_callbacks, fmt="csv")
    job = Job.objects.get()

    html = client.get(page["Location"]).content.decode()
    response = client.get(f"/registry/enterprises/exports/{job.pk}/download/")

    assert f'href="/registry/enterprises/exports/{job.pk}/download/"' in html
    assert "文件已生成：4 家企业" in html
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert _csv_names(b"".join(response.streaming_content)) == QINGXU_NAMES
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == officer
    assert event.note == f"csv 4 rows; job {job.pk};"


def test_an_officer_of_another_county_gets_404(client, qingxu_export) -> None:
    job = qingxu_export

    client.force_login(people.county_officer_taigu())

    assert client.get(f"/registry/enterprises/exports/{job.pk}/").status_code == 404
    assert client.get(f"/registry/enterprises/exports/{job.pk}/download/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/progress/").status_code == 404
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 0


def test_another_user_of_the_same_county_gets_404_and_an_admin_downloads(
    client, qingxu_export
) -> None:
    job = qingxu_export
    colleague = people.UserFactory(
        username="qingxu2", organisation=people.county_officer_qingxu().organisation
    )
    url = f"/registry/enterprises/exports/{job.pk}/download/"

    client.force_login(colleague)
    colleague_status = client.get(url).status_code
    client.force_login(people.UserFactory(username="root", role=Role.ADMIN))
    admin_status = client.get(url).status_code

    assert (colleague_status, admin_status) == (404, 200)


def test_anonymous_users_are_sent_to_log_in(client, qingxu_export) -> None:
    job = qingxu_export
    client.logout()

    page = client.get(f"/registry/enterprises/exports/{job.pk}/")
    download = client.get(f"/registry/enterprises/exports/{job.pk}/download/")

    assert page.status_code == download.status_code == 302
    assert download["Location"].startswith("/accounts/login/")


def test_an_import_job_is_not_an_export(client) -> None:
    officer = people.county_officer_qingxu()
    job = Job.objects.create(kind="import", created_by=officer)
    client.force_login(officer)

    assert client.get(f"/registry/enterprises/exports/{job.pk}/").status_code == 404


def test_old_files_are_pruned_and_the_page_says_so(client, qingxu_export, settings) -> None:
    job = qingxu_export
    stored = _stored(settings, job)
    fresh = stored.with_name("fresh.csv")
    fresh.write_bytes(b"")
    # The file system stamps files with the real clock; the test's clock is frozen elsewhere
    now = time.time()
    os.utime(fresh, (now, now))
    two_days_ago = now - 2 * 24 * 3600
    os.utime(stored, (two_days_ago, two_days_ago))
    out = io.StringIO()

    call_command("prune_exports", stdout=out)

    assert out.getvalue().splitlines() == [
        f"exports/{job.pk}.csv",
        "deleted 1 export file(s)",
    ]
    assert not stored.exists() and fresh.exists()
    assert "已过期清理" in client.get(f"/registry/enterprises/exports/{job.pk}/").content.decode()
    assert client.get(f"/registry/enterprises/exports/{job.pk}/download/").status_code == 404
