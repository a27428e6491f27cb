"""`qstrong scheduler`: fire the nightly match, task reminders and export pruning on time."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from qstrong.ops.schedule import ScheduleError, configured_jobs, schedule_timezone
from qstrong.ops.services import scheduler_identity, scheduler_tick


class Command(BaseCommand):
    help = (
        "Fire scheduled jobs (QSTRONG_SCHEDULE_*) by queueing them for the workers. Run one or "
        "two for redundancy: each fire time is claimed by exactly one scheduler."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then exit.")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between checks (QSTRONG_SCHEDULER_INTERVAL_SECONDS, 20).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            jobs = configured_jobs()
        except ScheduleError as exc:
            raise CommandError(str(exc)) from None
        interval = options["interval"] or settings.QSTRONG_SCHEDULER_INTERVAL_SECONDS
        identity = scheduler_identity()
        now, tz = timezone.now(), schedule_timezone()
        for job in jobs:
            self.stdout.write(
                f"{job.name}: '{job.cron}', next {job.next_slot(now, tz):%Y-%m-%d %H:%M %Z}"
            )
        if not jobs:
            self.stdout.write("every scheduled job is off")
        self.stdout.flush()  # under `qstrong serve` stdout is a pipe: show the schedule now
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        while True:
            close_old_connections()
            for run in scheduler_tick(now=timezone.now(), claimed_by=identity, jobs=jobs):
                self.stdout.write(
                    f"queued {run.job_name} for {run.slot.astimezone(tz):%Y-%m-%d %H:%M}"
                )
                self.stdout.flush()
            if options["once"] or stop.wait(interval):
                break
