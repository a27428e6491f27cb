"""`qstrong import KIND FILE`: import enterprises, chains, towns, industries or member lists."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser

from qstrong.core.commandbase import LongCommand
from qstrong.registry.importing import import_batch_create, import_batch_start, import_path
from qstrong.registry.models import ImportBatch

# Member lists are read by the chain and town importers, which tell them by their columns.
KINDS = {
    "enterprises": ImportBatch.Kind.ENTERPRISES,
    "chains": ImportBatch.Kind.CHAINS,
    "chain-members": ImportBatch.Kind.CHAINS,
    "towns": ImportBatch.Kind.TOWNS,
    "town-members": ImportBatch.Kind.TOWNS,
    "industries": ImportBatch.Kind.INDUSTRIES,
}
EXIT_REJECTED = 1
EXIT_FAILED = 2


class Command(LongCommand):
    help = (
        "Import a .csv or .xlsx file: validate every row, then commit all or nothing. "
        "Prints 'created N, updated N, unchanged N, rejected N'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted([*KINDS, "policies"]))
        parser.add_argument("file", type=Path)
        super().add_arguments(parser)
        parser.add_argument(
            "--valid-rows-only",
            action="store_true",
            help="Import the valid rows and reject the others.",
        )
        parser.add_argument(
            "--lang",
            choices=["zh-hans", "en"],
            default="zh-hans",
            help="Language of the error reasons.",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the import for a worker and print the job id.",
        )
        parser.add_argument(
            "--user", default="", help="Import as this user (their jurisdiction applies)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"no such file: {path}", returncode=EXIT_FAILED)
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"no such user: {options['user']}", returncode=EXIT_FAILED)
        if options["kind"] == "policies":  # a JSON list of policies: the policies app's importer
            from qstrong.policies.management.importing import import_policies_file

            self.stdout.write(import_policies_file(path=path, actor=actor, options=options))
            return
        kind = KINDS[options["kind"]]
        if options["background"]:
            batch = import_batch_create(
                kind=kind,
                filename=path.name,
                content=path.read_bytes(),
                actor=actor,
                dry_run=options["dry_run"],
                valid_rows_only=options["valid_rows_only"],
                language=options["lang"],
            )
            job = import_batch_start(batch=batch, actor=actor)
            self.stdout.write(str(job.pk))
            return
        bar = self.progress_bar()
        try:
            batch = import_path(
                path=path,
                kind=kind,
                actor=actor,
                dry_run=options["dry_run"],
                valid_rows_only=options["valid_rows_only"],
                language=options["lang"],
                progress=bar,
            )
        finally:
            bar.close()
        self.write_row_errors(batch.errors)
        if batch.state == ImportBatch.State.FAILED:
            raise CommandError(batch.message, returncode=EXIT_FAILED)
        if batch.state == ImportBatch.State.REJECTED:
            raise CommandError(batch.message, returncode=EXIT_REJECTED)
        self.stdout.write(batch.summary)
