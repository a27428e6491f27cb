"""The jobs the app runs by itself and when: cron expressions from settings, in local time.

Pure functions: no database, no clock. The scheduler passes `now` in, so tests freeze time by
passing a fixed instant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from cronsim import CronSim, CronSimError
from django.conf import settings

# Job name → the setting holding its cron expression. The names are stored on ScheduledRun.
JOB_SETTINGS = {
    "match": "QSTRONG_SCHEDULE_MATCH",
    "remind_tasks": "QSTRONG_SCHEDULE_REMIND_TASKS",
    "prune_exports": "QSTRONG_SCHEDULE_PRUNE_EXPORTS",
    "certificates_expire": "QSTRONG_SCHEDULE_CERTIFICATES_EXPIRE",
}
OFF_VALUES = {"", "off", "none", "0"}


class ScheduleError(ValueError):
    """A schedule setting that is not a cron expression; the message names the setting."""


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    cron: str

    def latest_slot(self, now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
        """The last fire time at or before `now` (a minute's resolution), as an aware datetime."""
        local = now.astimezone(tz).replace(second=0, microsecond=0) + dt.timedelta(minutes=1)
        # CronSim's reverse iteration excludes its start: start one minute after `now`.
        return next(CronSim(self.cron, local, reverse=True))

    def next_slot(self, now: dt.datetime, tz: dt.tzinfo) -> dt.datetime:
        return next(CronSim(self.cron, now.astimezone(tz).replace(second=0, microsecond=0)))


def parse_cron(name: str, expression: str) -> ScheduledJob | None:
    """A job from its setting's text; None when the job is switched off."""
    text = " ".join(expression.split())
    if text.lower() in OFF_VALUES:
        return None
    try:
        next(CronSim(text, dt.datetime(2000, 1, 1, tzinfo=dt.UTC)))
    except (CronSimError, StopIteration) as exc:
        setting = JOB_SETTINGS.get(name, name)
        raise ScheduleError(
            f"{setting} must be a cron expression such as '30 1 * * *' or 'off', "
            f"got {expression!r}: {exc}"
        ) from None
    return ScheduledJob(name=name, cron=text)


def configured_jobs() -> list[ScheduledJob]:
    """Every job switched on in settings, in a fixed order."""
    jobs = []
    for name, setting in JOB_SETTINGS.items():
        job = parse_cron(name, getattr(settings, setting, ""))
        if job is not None:
            jobs.append(job)
    return jobs


def schedule_timezone() -> dt.tzinfo:
    return ZoneInfo(settings.TIME_ZONE)


def due_slot(
    job: ScheduledJob, *, now: dt.datetime, grace: dt.timedelta, tz: dt.tzinfo
) -> dt.datetime | None:
    """The slot to fire now, if the latest one is no older than the grace period.

    A scheduler that was down at 01:30 and comes back at 02:10 still fires the 01:30 run (with
    an hour's grace); one that comes back the next afternoon does not fire yesterday's.
    """
    slot = job.latest_slot(now, tz)
    return slot if now - slot <= grace else None
