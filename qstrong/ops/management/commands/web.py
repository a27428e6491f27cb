"""`qstrong web`: the production web server, gunicorn with threaded workers (one per core)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = (
        "Serve the site with gunicorn: QSTRONG_WEB_WORKERS processes (default: one per core) "
        "of QSTRONG_WEB_THREADS threads. Run background work with `qstrong worker` and "
        "`qstrong scheduler`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default=None, help="host:port (QSTRONG_WEB_BIND, 127.0.0.1:8000)"
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="Processes (QSTRONG_WEB_WORKERS)."
        )
        parser.add_argument("--threads", type=int, default=None, help="Threads per process.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        env = dict(os.environ)
        for option, name in (
            ("bind", "QSTRONG_WEB_BIND"),
            ("workers", "QSTRONG_WEB_WORKERS"),
            ("threads", "QSTRONG_WEB_THREADS"),
        ):
            if options[option] is not None:
                env[name] = str(options[option])
        env.setdefault("DJANGO_SETTINGS_MODULE", "qstrong.settings")
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:qstrong.ops.gunicorn_conf",
            "qstrong.wsgi:application",
        ]
        sys.stdout.flush()
        # gunicorn becomes this process: signals from systemd reach its master directly.
        os.execve(sys.executable, argv, env)
