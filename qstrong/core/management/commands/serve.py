"""`qstrong serve`: the web server and, unless told otherwise, a background worker and the
scheduler beside it (the laptop path; production runs `qstrong web`)."""

from __future__ import annotations

import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the site with waitress and start background workers (one command for a laptop)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="Background worker processes.")
        parser.add_argument("--threads", type=int, default=8, help="Web server threads.")
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not start `qstrong scheduler` (nightly match, reminders, export pruning).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from qstrong.wsgi import application

        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        workers = [
            subprocess.Popen([sys.executable, "-m", "qstrong.cli", "worker"])
            for _ in range(options["workers"])
        ]
        if not options["no_scheduler"]:
            # The scheduler only queues jobs; the worker above runs them.
            workers.append(subprocess.Popen([sys.executable, "-m", "qstrong.cli", "scheduler"]))

        def stop(*_: Any) -> None:
            for proc in workers:
                proc.terminate()
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        url = f"http://{options['host']}:{options['port']}/"
        scheduler = "" if options["no_scheduler"] else " and the scheduler"
        self.stdout.write(
            f"qstrong serving on {url} with {options['workers']} background worker(s){scheduler}"
        )
        try:
            serve(
                application, host=options["host"], port=options["port"], threads=options["threads"]
            )
        finally:
            for proc in workers:
                proc.terminate()
