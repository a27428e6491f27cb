"""Schedules: cron settings parsed, the slot to fire found from an injected `now`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from qstrong.ops.checks import schedule_settings
from qstrong.ops.schedule import ScheduleError, configured_jobs, due_slot, parse_cron

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOUR = dt.timedelta(hours=1)


def at(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


def test_a_cron_expression_is_kept_with_its_spaces_normalised() -> None:
    job = parse_cron("match", " 30  1 * * * ")

    assert job is not None
    assert (job.name, job.cron) == ("match", "30 1 * * *")


@pytest.mark.parametrize("text", ["", "off", "OFF", "none", "0"])
def test_off_switches_a_job_off(text: str) -> None:
    assert parse_cron("match", text) is None


@pytest.mark.parametrize("text", ["61 1 * * *", "every night", "30 1 * *", "* * * * * * *"])
def test_a_bad_expression_names_the_setting(text: str) -> None:
    with pytest.raises(ScheduleError) as caught:
        parse_cron("remind_tasks", text)

    assert "QSTRONG_SCHEDULE_REMIND_TASKS" in str(caught.value)
    assert repr(text) in str(caught.value)


def test_the_latest_slot_is_the_fire_time_at_or_before_now() -> None:
    job = parse_cron("match", "30 1 * * *")
    assert job is not None

    assert job.latest_slot(at(2027, 3, 10, 1, 30), SHANGHAI) == at(2027, 3, 10, 1, 30)
    assert job.latest_slot(at(2027, 3, 10, 1, 30, 59), SHANGHAI) == at(2027, 3, 10, 1, 30)
    assert job.latest_slot(at(2027, 3, 10, 1, 29, 59), SHANGHAI) == at(2027, 3, 9, 1, 30)
    assert job.next_slot(at(2027, 3, 10, 1, 31), SHANGHAI) == at(2027, 3, 11, 1, 30)


def test_every_minute_fires_in_the_current_minute() -> None:
    job = parse_cron("prune_exports", "* * * * *")
    assert job is not None

    assert job.latest_slot(at(2028, 2, 29, 23, 59, 30), SHANGHAI) == at(2028, 2, 29, 23, 59)


def test_slots_are_in_local_time_whatever_zone_now_is_given_in() -> None:
    job = parse_cron("match", "30 1 * * *")
    assert job is not None
    # 17:30 UTC on 9 March is 01:30 on 10 March in Shanghai.
    now = dt.datetime(2027, 3, 9, 17, 30, tzinfo=dt.UTC)

    assert job.latest_slot(now, SHANGHAI) == at(2027, 3, 10, 1, 30)


def test_a_slot_fires_within_the_grace_period_and_not_after() -> None:
    job = parse_cron("match", "30 1 * * *")
    assert job is not None

    assert due_slot(job, now=at(2027, 12, 31, 2, 30), grace=HOUR, tz=SHANGHAI) == at(
        2027, 12, 31, 1, 30
    )
    assert due_slot(job, now=at(2027, 12, 31, 2, 31), grace=HOUR, tz=SHANGHAI) is None


def test_settings_give_the_jobs_and_a_bad_one_fails_the_system_check(settings) -> None:
    settings.QSTRONG_SCHEDULE_MATCH = "15 2 * * *"
    settings.QSTRONG_SCHEDULE_REMIND_TASKS = "off"
    settings.QSTRONG_SCHEDULE_PRUNE_EXPORTS = "0 3 * * 1"
    settings.QSTRONG_SCHEDULE_CERTIFICATES_EXPIRE = "0 1 * * *"

    assert [(job.name, job.cron) for job in configured_jobs()] == [
        ("match", "15 2 * * *"),
        ("prune_exports", "0 3 * * 1"),
        ("certificates_expire", "0 1 * * *"),
    ]
    assert schedule_settings(None) == []

    settings.QSTRONG_SCHEDULE_MATCH = "25:00"
    errors = schedule_settings(None)
    assert [error.id for error in errors] == ["ops.E001"]
    assert "QSTRONG_SCHEDULE_MATCH" in errors[0].msg
