"""`qstrong demologins`: print the demo accounts, as `make demo` does before serving."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from qstrong.registry.demo.accounts import demo_logins_lines


class Command(BaseCommand):
    help = "Print the demo logins (not available in production)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("there are no demo logins in production (QSTRONG_ENV=production)")
        for line in demo_logins_lines():
            self.stdout.write(line)
