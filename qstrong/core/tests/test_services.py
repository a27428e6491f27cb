"""Audit trail and job progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from qstrong.core.models import AppendOnlyError, AuditEvent, Job
from qstrong.core.services import (
    audit_record,
    diff_fields,
    job_create,
    job_fail,
    job_finish,
    job_progress,
    job_progress_read,
    job_start,
)

pytestmark = pytest.mark.django_db


def test_diff_fields_lists_only_changed_values_as_json() -> None:
    before = {"name": "甲", "revenue": Decimal("1200.00"), "established": dt.date(2019, 6, 30)}
    after = {"name": "甲", "revenue": Decimal("1300.50"), "established": dt.date(2019, 6, 30)}

    assert diff_fields(before, after) == {"revenue": ["1200", "1300.50"]}


def test_diff_fields_from_nothing_records_every_set_field() -> None:
    assert diff_fields({}, {"name": "甲", "tags": ["high_tech"]}) == {
        "name": [None, "甲"],
        "tags": [None, ["high_tech"]],
    }


def test_audit_events_cannot_be_changed_or_deleted() -> None:
    event = audit_record(
        actor=None,
        action=AuditEvent.Action.UPDATE,
        object_type="registry.enterprise",
        object_id="1",
        changes={"name": ["甲", "乙"]},
    )

    event.note = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).note == ""


@pytest.mark.django_db(transaction=True)
def test_job_progress_is_readable_while_running_and_final_after_finish() -> None:
    job = job_create(kind="import", title="企业导入", params={"batch": 1}, actor=None)
    job_start(job=job)
    job_progress(job=job, done=250, total=1000, stage="validate")

    assert job_progress_read(job=job) == {
        "done": 250,
        "total": 1000,
        "stage": "validate",
        "state": "running",
    }
    # Outside a transaction the row carries it too, for pages that read the table.
    assert Job.objects.get(pk=job.pk).done == 250

    job_finish(job=job, result={"created": 3})
    job.refresh_from_db()
    assert (job.state, job.result, job.percent) == ("succeeded", {"created": 3}, 100)


def test_failed_job_keeps_its_message() -> None:
    job = job_create(kind="import", title="", params={}, actor=None)
    job_fail(job=job, message="文件无法读取")
    job.refresh_from_db()
    assert (job.state, job.message, job.is_finished) == ("failed", "文件无法读取", True)
