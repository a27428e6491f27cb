"""`qstrong prune_exports`: delete enterprise export files older than a day (or --hours)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser

from qstrong.core.commandbase import LongCommand
from qstrong.registry.export_jobs import EXPORT_MAX_AGE, exports_prune


class Command(LongCommand):
    help = "Delete the files of background enterprise exports older than --hours (24)."
    dry_run_help = "List the files that would be deleted, delete nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--hours", type=float, default=EXPORT_MAX_AGE.total_seconds() / 3600)

    def handle(self, *args: Any, **options: Any) -> None:
        pruned = exports_prune(
            older_than=dt.timedelta(hours=options["hours"]), dry_run=options["dry_run"]
        )
        for path in pruned:
            self.stdout.write(path)
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(pruned)} export file(s)"))
