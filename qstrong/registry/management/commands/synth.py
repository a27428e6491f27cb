"""`qstrong synth --enterprises N --out FILE`: write a synthetic enterprise import file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qstrong.registry.demo.synthetic import write_synthetic_file


class Command(BaseCommand):
    help = (
        "Write N synthetic enterprises (tagged synthetic) as an import file, .csv or .xlsx by "
        "the file name; the same seed always gives the same file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enterprises", type=int, required=True, metavar="N")
        parser.add_argument("--out", type=Path, required=True, metavar="FILE")
        parser.add_argument("--seed", type=int, default=2024)

    def handle(self, *args: Any, **options: Any) -> None:
        count, path = options["enterprises"], options["out"]
        if count < 0:
            raise CommandError("--enterprises must be ≥ 0")
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            raise CommandError("--out must end in .csv or .xlsx")
        if not path.parent.exists():
            raise CommandError(f"directory does not exist: {path.parent}")
        written = write_synthetic_file(path=path, count=count, seed=options["seed"])
        self.stdout.write(f"{written} synthetic enterprises written to {path}")
