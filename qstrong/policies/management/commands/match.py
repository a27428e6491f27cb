"""`qstrong match [--as-of YYYY-MM-DD] [--policy CODE]`: run matching, print counts per outcome."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qstrong.core.commandbase import ProgressBar
from qstrong.policies.matching.runs import ENGINES
from qstrong.policies.models import Policy


def parse_as_of(text: str | None) -> dt.date | None:
    """--as-of as a date, or a CommandError that says what is expected."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Match every published policy in force on the date (default today) against every "
        "enterprise, store eligible and needs-data results, push new matches; "
        "prints 'eligible N, needs_data N, ineligible N'. The nightly run is `qstrong match`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", default=None, metavar="YYYY-MM-DD")
        parser.add_argument("--policy", default=None, metavar="CODE", help="Only this policy.")
        parser.add_argument("--no-push", action="store_true", help="Store results, send nothing.")
        parser.add_argument(
            "--engine",
            choices=ENGINES,
            default=None,
            help="polars (this host) or spark (QSTRONG_SPARK_MASTER); "
            "default QSTRONG_MATCH_ENGINE. Both store the same results.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from qstrong.policies.matching import match_run

        as_of = parse_as_of(options["as_of"])
        policy = None
        if options["policy"] is not None:
            policy = Policy.objects.filter(code=options["policy"]).first()
            if policy is None:
                raise CommandError(f"no such policy: {options['policy']}")
            if policy.state != Policy.State.PUBLISHED:
                raise CommandError(f"policy {policy.code} is not published ({policy.state})")
        bar = ProgressBar(self.stderr._out if hasattr(self.stderr, "_out") else None)
        try:
            run = match_run(
                as_of=as_of,
                policy=policy,
                push=not options["no_push"],
                progress=bar,
                engine=options["engine"],
            )
        finally:
            bar.close()
        self.stdout.write(
            f"eligible {run.eligible_count}, needs_data {run.needs_data_count}, "
            f"ineligible {run.ineligible_count}"
        )
        self.stdout.write(
            f"as of {run.as_of}: policies {run.policies_count}, "
            f"enterprises {run.enterprises_count}, pushes {run.pushes_count} ({run.message})"
        )
