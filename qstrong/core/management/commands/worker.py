"""`qstrong worker`: a background worker taking jobs from the database queue."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run a background worker (imports, matching, handbooks). Start as many as you need."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args: Any, **options: Any) -> None:
        worker_options: dict[str, Any] = {
            "queue_name": "*",
            "interval": options["interval"],
            "reload": False,
            "verbosity": options["verbosity"],
        }
        if options["batch"]:
            worker_options["batch"] = True
        call_command("db_worker", **worker_options)
