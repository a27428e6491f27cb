"""`qstrong handbooks build|batch`: write handbook files, or create and generate a batch.

qstrong handbooks build --kind enterprise [--subject USCC ...] [--batch NAME] --out DIR
                        [--format pdf,docx]
qstrong handbooks batch --kind town --name 第一批 --year 2024
                        (--criterion provincial_towns | --subject CODE ...)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from qstrong.core.commandbase import LongCommand
from qstrong.handbooks import batches, files
from qstrong.handbooks.models import Batch, Handbook, Kind, MeasureTemplate
from qstrong.handbooks.preview import preview_content
from qstrong.handbooks.rendering import renderer_for


class Command(LongCommand):
    help = "Build handbook files (PDF / Word) or create and generate a batch of handbooks."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        build = sub.add_parser("build", help="write one file per subject and format")
        build.add_argument("--kind", required=True, choices=Kind.values)
        build.add_argument("--subject", nargs="*", default=[], help="USCC (enterprise) or code")
        build.add_argument("--batch", default="", help="a batch's generated handbooks, by name")
        build.add_argument("--out", required=True)
        build.add_argument("--format", default="pdf,docx")
        build.add_argument("--as-of", default="", help="data date (YYYY-MM-DD), default today")
        batch = sub.add_parser("batch", help="create a batch and generate it now")
        batch.add_argument("--kind", required=True, choices=Kind.values)
        batch.add_argument("--name", required=True)
        batch.add_argument("--year", type=int, required=True)
        batch.add_argument("--criterion", default="list", choices=["list", *batches.CRITERIA])
        batch.add_argument("--subject", nargs="*", default=[])
        batch.add_argument("--as-of", default="")

    def _as_of(self, text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text) if text else timezone.localdate()
        except ValueError:
            raise CommandError(f"--as-of: not a date: {text}") from None

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "build":
                self._build(options)
            else:
                self._batch(options)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc

    def _build(self, o: dict[str, Any]) -> None:
        formats = [f.strip() for f in o["format"].split(",") if f.strip()]
        bad = [f for f in formats if f not in files.FORMATS]
        if bad or not formats:
            raise CommandError(f"--format: choose from pdf, docx (got {o['format']})")
        out = Path(o["out"])
        out.mkdir(parents=True, exist_ok=True)
        as_of, kind = self._as_of(o["as_of"]), o["kind"]
        bar = self.progress_bar()
        written = 0
        if o["batch"]:
            found = Batch.objects.filter(kind=kind, name=o["batch"]).order_by("-year").first()
            if found is None:
                raise CommandError(f"--batch: no {kind} batch named {o['batch']}")
            handbooks = list(found.handbooks.exclude(content={}).order_by("subject_name"))
            for i, handbook in enumerate(handbooks, start=1):
                for fmt in formats:
                    (out / files.filename(handbook, fmt)).write_bytes(
                        files.handbook_file(handbook=handbook, fmt=fmt)
                    )
                    written += 1
                bar(i, len(handbooks), "rendering")
        else:
            subjects = (
                batches.subjects_by_codes(kind, o["subject"]) if o["subject"] else self._all(kind)
            )
            library = list(
                MeasureTemplate.objects.filter(kind=kind, active=True).order_by("sort_order", "pk")
            )
            for i, subject in enumerate(subjects, start=1):
                content = preview_content(subject=subject, as_of=as_of, library=library)
                stand_in = Handbook(kind=kind, subject_name=subject.name, edition=content.edition)
                for fmt in formats:
                    data = renderer_for(fmt).render(content)
                    (out / files.filename(stand_in, fmt)).write_bytes(data)
                    written += 1
                bar(i, len(subjects), "rendering")
        bar.close()
        self.stdout.write(f"wrote {written} files to {out}")

    def _all(self, kind: str) -> list[Any]:
        criterion = {
            "enterprise": "chain_leaders",
            "chain": "all_chains",
            "town": "provincial_towns",
        }
        return batches.subjects_by_criterion(criterion[kind])

    def _batch(self, o: dict[str, Any]) -> None:
        kind = o["kind"]
        if o["criterion"] == "list":
            if not o["subject"]:
                raise CommandError("give --subject CODE ... or a --criterion")
            subjects = batches.subjects_by_codes(kind, o["subject"])
        else:
            subjects = batches.subjects_by_criterion(o["criterion"])
        batch = batches.batch_create(
            name=o["name"],
            kind=kind,
            year=o["year"],
            subjects=subjects,
            actor=None,
            criterion=o["criterion"],
        )
        bar = self.progress_bar()
        result = batches.batch_generate_run(
            batch=batch, actor=None, as_of=self._as_of(o["as_of"]), progress=bar
        )
        bar.close()
        self.stdout.write(
            f"batch {batch.pk} {batch}: generated {result['generated']}, failed {result['failed']}"
        )
        for handbook in batch.handbooks.filter(state=Handbook.State.FAILED):
            self.stdout.write(f"  failed: {handbook.subject_name}: {handbook.error}")
