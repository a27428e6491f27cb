"""`qstrong remind_tasks [--date YYYY-MM-DD]`: the daily digest of overdue and due-soon tasks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from qstrong.casework.reminders import reminder_summary, reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each responsible officer their overdue tasks and those due within 3 days: one "
        "e-mail per person per day; running it again the same day sends nothing more."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="The day to remind for (default: today).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError("--date must be YYYY-MM-DD") from exc
        result = reminders_send(today=today or timezone.localdate())
        self.stdout.write(reminder_summary(result))
