"""The scheduler: each (job, slot) fires exactly once, however many schedulers try; the run is
executed by a worker and recorded. Time is always passed in, never read from the calendar."""

from __future__ import annotations

import datetime as dt
import os
import threading
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, connections

from qstrong.core.models import Job
from qstrong.ops.models import ScheduledRun
from qstrong.ops.schedule import parse_cron
from qstrong.ops.services import scheduled_run_claim, scheduled_run_execute, scheduler_tick
from qstrong.policies.models import MatchRun
from qstrong.policies.tests.factories import published_policy
from qstrong.registry.tests.factories import EnterpriseFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def job(name: str, cron: str):  # type: ignore[no-untyped-def]
    parsed = parse_cron(name, cron)
    assert parsed is not None
    return parsed


@pytest.mark.django_db
def test_two_schedulers_on_the_same_slot_make_one_run(django_capture_on_commit_callbacks) -> None:
    jobs = [job("prune_exports", "0 3 * * *")]

    with django_capture_on_commit_callbacks() as queued:
        first = scheduler_tick(now=at(2027, 1, 1, 3, 0, 5), claimed_by="host-a:1", jobs=jobs)
        second = scheduler_tick(now=at(2027, 1, 1, 3, 0, 7), claimed_by="host-b:2", jobs=jobs)

    assert [run.claimed_by for run in first] == ["host-a:1"]
    assert second == []
    assert len(queued) == 1
    runs = ScheduledRun.objects.all()
    assert [(r.job_name, r.slot, r.claimed_by) for r in runs] == [
        ("prune_exports", at(2027, 1, 1, 3, 0), "host-a:1")
    ]


@pytest.mark.django_db
def test_the_next_slot_fires_again_and_a_stale_one_does_not(settings) -> None:
    settings.QSTRONG_SCHEDULE_GRACE_MINUTES = 60
    jobs = [job("remind_tasks", "0 7 * * *")]

    scheduler_tick(now=at(2027, 12, 31, 7, 0), jobs=jobs)
    scheduler_tick(now=at(2028, 1, 1, 7, 59), jobs=jobs)
    # The 2 January slot is missed: a scheduler that comes back at 08:01 lets it go.
    scheduler_tick(now=at(2028, 1, 2, 8, 1), jobs=jobs)

    assert list(ScheduledRun.objects.order_by("slot").values_list("slot", flat=True)) == [
        at(2027, 12, 31, 7, 0),
        at(2028, 1, 1, 7, 0),
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_on_separate_connections_make_one_run() -> None:
    """Eight threads, each with its own database connection, claim the same slot at once."""
    if connection.vendor == "sqlite":
        pytest.skip("threads share no in-memory SQLite database; PostgreSQL runs this")
    jobs = [job("match", "30 1 * * *")]
    barrier = threading.Barrier(8)
    claimed: list[int] = []
    errors: list[BaseException] = []

    def scheduler(index: int) -> None:
        try:
            barrier.wait()
            run = scheduled_run_claim(
                job=jobs[0], slot=at(2028, 2, 29, 1, 30), claimed_by=f"host-{index}"
            )
            if run is not None:
                claimed.append(run.pk)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=scheduler, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(claimed) == 1
    assert ScheduledRun.objects.filter(job_name="match").count() == 1


@pytest.mark.django_db
def test_the_nightly_match_runs_as_of_the_slots_date_and_links_its_run(
    django_capture_on_commit_callbacks, monkeypatch
) -> None:
    monkeypatch.setattr("qstrong.policies.matching.runs._push", lambda run: 0)
    published_policy(code="N-001")
    EnterpriseFactory()
    jobs = [job("match", "30 1 * * *")]

    with django_capture_on_commit_callbacks(execute=True):
        scheduler_tick(now=at(2027, 6, 30, 1, 31), jobs=jobs)

    run = ScheduledRun.objects.get()
    assert run.state == ScheduledRun.State.SUCCEEDED
    assert run.started_at is not None and run.finished_at is not None
    match_run = MatchRun.objects.get(job=run.job)
    assert match_run.as_of == dt.date(2027, 6, 30)
    assert match_run.scope == MatchRun.Scope.FULL
    assert (match_run.policies_count, match_run.eligible_count) == (1, 1)
    assert run.job is not None and run.job.state == Job.State.SUCCEEDED
    assert run.message == f"run {match_run.pk}: eligible 1, needs_data 0, pushes 0"


@pytest.mark.django_db
def test_export_pruning_deletes_old_files_only(
    settings, django_capture_on_commit_callbacks
) -> None:
    exports = Path(settings.MEDIA_ROOT) / "exports"
    exports.mkdir(parents=True)
    old, fresh = exports / "old.xlsx", exports / "fresh.xlsx"
    old.write_bytes(b"old")
    fresh.write_bytes(b"fresh")
    os.utime(old, (946684800, 946684800))  # 2000-01-01
    from django.utils import timezone

    now = timezone.now().timestamp()
    os.utime(fresh, (now, now))

    with django_capture_on_commit_callbacks(execute=True):
        scheduler_tick(now=timezone.now(), jobs=[job("prune_exports", "* * * * *")])

    run = ScheduledRun.objects.get()
    assert (run.state, run.message) == ("succeeded", "deleted 1 export file(s)")
    assert sorted(p.name for p in exports.iterdir()) == ["fresh.xlsx"]


@pytest.mark.django_db
def test_reminders_run_for_the_slots_date(monkeypatch) -> None:
    seen: list[dt.date] = []

    def fake_send(*, today: dt.date):  # type: ignore[no-untyped-def]
        seen.append(today)
        from qstrong.casework.reminders import ReminderResult

        return ReminderResult(sent=2, already_sent=1, without_email=0)

    monkeypatch.setattr("qstrong.casework.reminders.reminders_send", fake_send)
    # 23:30 UTC on 31 December is 07:30 on 1 January in Shanghai.
    run = ScheduledRun.objects.create(
        job_name="remind_tasks", slot=dt.datetime(2027, 12, 31, 23, 0, tzinfo=dt.UTC)
    )

    scheduled_run_execute(run=run)

    assert seen == [dt.date(2028, 1, 1)]
    run.refresh_from_db()
    assert (run.state, run.message) == (
        "succeeded",
        "sent 2, already sent today 1, no e-mail address 0",
    )


@pytest.mark.django_db
def test_certificates_expire_for_the_slots_date(monkeypatch) -> None:
    seen: list[dt.date] = []

    class Lapsed:
        def __init__(self, enterprise_id: int) -> None:
            self.enterprise_id = enterprise_id

    def fake_expire(*, today: dt.date, actor: object = None) -> list[Lapsed]:
        seen.append(today)
        return [Lapsed(1), Lapsed(1), Lapsed(2)]

    monkeypatch.setattr("qstrong.nqi.services.certificates_expire", fake_expire)
    run = ScheduledRun.objects.create(job_name="certificates_expire", slot=at(2028, 2, 29, 1, 0))

    scheduled_run_execute(run=run)

    assert seen == [dt.date(2028, 2, 29)]
    run.refresh_from_db()
    assert (run.state, run.message) == ("succeeded", "expired 3, enterprises re-matched 2")


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_never_run_twice(monkeypatch) -> None:
    calls: list[int] = []

    def broken(*, today: dt.date):  # type: ignore[no-untyped-def]
        calls.append(1)
        raise RuntimeError("SMTP refused")

    monkeypatch.setattr("qstrong.casework.reminders.reminders_send", broken)
    run = ScheduledRun.objects.create(job_name="remind_tasks", slot=at(2027, 1, 1, 7, 0))

    scheduled_run_execute(run=run)
    scheduled_run_execute(run=run)

    run.refresh_from_db()
    assert (run.state, run.message) == ("failed", "RuntimeError: SMTP refused")
    assert calls == [1]


@pytest.mark.django_db
def test_the_command_checks_once_and_refuses_a_bad_schedule(settings) -> None:
    settings.QSTRONG_SCHEDULE_MATCH = "off"
    settings.QSTRONG_SCHEDULE_REMIND_TASKS = "off"
    settings.QSTRONG_SCHEDULE_PRUNE_EXPORTS = "0 3 * * *"
    settings.QSTRONG_SCHEDULE_CERTIFICATES_EXPIRE = "off"
    out = StringIO()

    call_command("scheduler", "--once", stdout=out)

    assert out.getvalue().startswith("prune_exports: '0 3 * * *', next ")
    settings.QSTRONG_SCHEDULE_MATCH = "nightly"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="QSTRONG_SCHEDULE_MATCH"):
        call_command("scheduler", "--once", stdout=StringIO())
