"""The base of long management commands: --dry-run, a progress bar, a per-row error report."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm


class ProgressBar:
    """A tqdm bar on stderr per stage; silent when stderr is not a terminal."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.bar: tqdm[Any] | None = None
        self.stage = ""

    def __call__(self, done: int, total: int, stage: str) -> None:
        if self.bar is None or stage != self.stage:
            self.close()
            self.stage = stage
            self.bar = tqdm(
                total=total,
                desc=stage,
                file=self.stream,
                unit="row",
                unit_scale=True,
                disable=None,
                leave=False,
            )
        self.bar.total = total
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


class LongCommand(BaseCommand):
    """Commands that change many records: they can validate only, and list every bad row."""

    dry_run_help = "Validate and report what would change, write nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help=self.dry_run_help)

    def progress_bar(self) -> ProgressBar:
        return ProgressBar(self.stderr._out if hasattr(self.stderr, "_out") else None)

    def write_row_errors(self, errors: Iterable[Mapping[str, Any]]) -> None:
        """One line per problem: row, column, value, reason (and the code, for scripts)."""
        for error in errors:
            row = error.get("row")
            where = f"row {row}" if row else "file"
            column = error.get("column") or "-"
            value = error.get("value")
            shown = "" if value is None else f" {value!r}"
            self.stderr.write(
                f"{where}, {column},{shown}: {error.get('reason')} [{error.get('code')}]"
            )
