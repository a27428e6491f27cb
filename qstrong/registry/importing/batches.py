"""Import batches: store the file, run the import for its kind, start it in the background."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

import polars as pl
import polars.selectors as cs
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.core.dbstats import analyze_after_bulk_write
from qstrong.core.models import AuditEvent, Job
from qstrong.core.services import audit_record, job_create
from qstrong.registry.importing import commit, dbwrite
from qstrong.registry.importing.existing import load_existing
from qstrong.registry.importing.messages import FileRefused, message
from qstrong.registry.importing.reader import read_table
from qstrong.registry.importing.reference import Reference
from qstrong.registry.importing.validate import (
    BAD,
    CellError,
    check_against_registry,
    validate_enterprises,
)
from qstrong.registry.models import ChainMember, Enterprise, ImportBatch, Source, TownMember
from qstrong.registry.signals import registry_imported

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
MAX_STORED_ERRORS = 100_000


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "pk", None) else None


def import_batch_create(
    *,
    kind: str,
    filename: str,
    content: bytes,
    actor: Any,
    dry_run: bool = False,
    valid_rows_only: bool = False,
    language: str = "zh-hans",
) -> ImportBatch:
    """Keep the original file byte for byte, with its hash; the batch waits to be run."""
    if kind not in ImportBatch.Kind.values:
        raise ValueError(f"unknown import kind: {kind}")
    name = PurePath(filename).name or "upload"
    jurisdiction = jurisdiction_of(actor) if actor is not None else None
    batch = ImportBatch(
        kind=kind,
        filename=name[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        dry_run=dry_run,
        valid_rows_only=valid_rows_only,
        language="en" if language.lower().startswith("en") else "zh-hans",
        region_scope=((jurisdiction.region_prefix or "") if jurisdiction else "")[:6],
        created_by=_user(actor),
        updated_by=_user(actor),
    )
    batch.file.save(name[-120:], ContentFile(content), save=False)
    batch.save()
    return batch


def import_batch_run(
    *,
    batch: ImportBatch,
    actor: Any,
    progress: Progress | None = None,
    source: tuple[str, str] | None = None,
) -> ImportBatch:
    """Validate everything, then commit all or nothing. Never raises for a bad file.

    `source` (enterprises only): (source, note) that new enterprises are marked with instead of
    ("import", the file's name); the demo loader creates its synthetic enterprises so.
    """
    batch.state = ImportBatch.State.VALIDATING
    batch.save(update_fields=["state"])
    started = time.perf_counter()
    try:
        _check_actor(actor)
        if batch.size > settings.QSTRONG_IMPORT_MAX_BYTES:
            raise FileRefused(
                "file_too_large", size=batch.size, limit=settings.QSTRONG_IMPORT_MAX_BYTES
            )
        with batch.file.open("rb") as handle:
            content = handle.read()
        runner = _RUNNERS[batch.kind]
        enterprises = batch.kind == ImportBatch.Kind.ENTERPRISES
        extra = {"source": source} if source and enterprises else {}
        runner(batch=batch, content=content, actor=actor, progress=progress, **extra)
        if batch.state == ImportBatch.State.COMMITTED and batch.kind != ImportBatch.Kind.INDUSTRIES:
            # The apps above follow the registry: they hear of the import once, not per row.
            registry_imported.send(sender=ImportBatch, batch=batch, actor=actor)
    except FileRefused as refused:
        batch.state = ImportBatch.State.REJECTED
        batch.errors = [
            CellError(None, "", None, refused.code, refused.params).as_dict(batch.language)
        ]
        batch.message = batch.errors[0]["reason"]
    except Exception as exc:  # a crash must leave the registry as it was and say so
        logger.exception("import batch %s failed", batch.pk)
        batch.state = ImportBatch.State.FAILED
        batch.message = message("crashed", batch.language, detail=f"{type(exc).__name__}: {exc}")
    batch.finished_at = timezone.now()
    batch.updated_by = _user(actor)
    batch.save()
    audit_record(
        actor=actor,
        action=AuditEvent.Action.IMPORT,
        object_type="registry.importbatch",
        object_id=str(batch.pk),
        object_repr=batch.filename,
        changes={"state": [None, batch.state]},
        import_batch_id=batch.pk,
        note=f"{batch.summary} ({time.perf_counter() - started:.1f} s)",
    )
    return batch


def _check_actor(actor: Any) -> None:
    if actor is None:  # the operator's CLI and the demo loader
        return
    jurisdiction = jurisdiction_of(actor)
    if not jurisdiction.can_write or jurisdiction.region_prefix is None:
        raise FileRefused("forbidden")


def region_prefix_of(actor: Any) -> str:
    if actor is None:
        return ""
    return jurisdiction_of(actor).region_prefix or ""


def _store_errors(batch: ImportBatch, errors: list[CellError], warnings: list[CellError]) -> None:
    language = batch.language
    ordered = sorted(errors, key=lambda e: (e.row or 0, e.position, e.code))
    batch.errors = [e.as_dict(language) for e in ordered[:MAX_STORED_ERRORS]]
    batch.warnings = [w.as_dict(language) for w in warnings]
    if len(ordered) > MAX_STORED_ERRORS:
        batch.warnings.append(
            CellError(
                None,
                "",
                None,
                "errors_truncated",
                {"shown": MAX_STORED_ERRORS, "total": len(ordered)},
            ).as_dict(language)
        )


# An import whose rows to update were saved by someone else meanwhile reads them again and
# retries; the last attempt holds the table lock from the first read (ADR 0013).
IMPORT_ATTEMPTS = 3


def _run_enterprises(
    *,
    batch: ImportBatch,
    content: bytes,
    actor: Any,
    progress: Progress | None,
    source: tuple[str, str] | None = None,
) -> None:
    for attempt in range(1, IMPORT_ATTEMPTS + 1):
        last = attempt == IMPORT_ATTEMPTS
        try:
            if last:
                with transaction.atomic():
                    dbwrite.lock_for_import(Enterprise)
                    _attempt_enterprises(batch, content, actor, progress, source, last=True)
            else:
                _attempt_enterprises(batch, content, actor, progress, source, last=False)
            return
        except (commit.ImportConflict, IntegrityError) as exc:
            if last:
                raise
            logger.info("import batch %s, attempt %s: %s; reading again", batch.pk, attempt, exc)


def _attempt_enterprises(
    batch: ImportBatch,
    content: bytes,
    actor: Any,
    progress: Progress | None,
    source: tuple[str, str] | None,
    *,
    last: bool,
) -> None:
    report = progress or (lambda done, total, stage: None)
    table = read_table(filename=batch.filename, content=content)
    total = table.frame.height
    report(0, total, "validating")
    reference = Reference.load()
    prefix = region_prefix_of(actor)
    result = validate_enterprises(table=table, reference=reference, region_prefix=prefix)
    del table
    usccs = result.frame["uscc"].drop_nulls().unique()
    existing = load_existing(usccs.to_list())
    result.frame = result.frame.join(existing, on="uscc", how="left", maintain_order="left")
    check_against_registry(result=result, region_prefix=prefix)
    report(total, total, "validating")
    batch.total_rows = total
    bad_rows = int(result.frame[BAD].sum())
    _store_errors(batch, result.errors, result.warnings)
    if result.errors and not batch.valid_rows_only:
        batch.state = ImportBatch.State.REJECTED
        batch.rejected_count = bad_rows
        batch.created_count = batch.updated_count = batch.unchanged_count = 0
        batch.message = message(
            "errors_found", batch.language, count=len(result.errors), rows=bad_rows
        )
        return
    # The raw text is only needed for error messages: drop it before planning the writes.
    valid = result.frame.filter(~pl.col(BAD)).drop(cs.starts_with("raw_"), BAD)
    result.frame = valid.clear()
    valid = commit.attach_old_memberships(valid, result.present)
    planned = commit.plan(frame=valid, present=result.present, reference=reference)
    counts = planned["status"].value_counts()
    by_status = dict(zip(counts["status"].to_list(), counts["count"].to_list(), strict=True))
    batch.created_count = by_status.get("created", 0)
    batch.updated_count = by_status.get("updated", 0)
    batch.unchanged_count = by_status.get("unchanged", 0)
    batch.rejected_count = bad_rows
    if batch.dry_run:
        batch.state = ImportBatch.State.DRY_RUN
        batch.message = batch.summary
        return
    with transaction.atomic():
        outcome = commit.write(
            frame=planned,
            present=result.present,
            reference=reference,
            actor_id=getattr(_user(actor), "pk", None),
            batch_id=batch.pk,
            source_note=source[1] if source else f"{batch.filename} (#{batch.pk})",
            source=source[0] if source else Source.IMPORT.value,
            progress=progress,
        )
        analyze_after_bulk_write(
            models=[Enterprise, ChainMember, TownMember],
            rows=outcome.created + outcome.updated,
        )
    # The final check may have found rows saved meanwhile: the counts are what was written.
    batch.created_count, batch.updated_count = outcome.created, outcome.updated
    batch.unchanged_count = outcome.unchanged
    batch.state = ImportBatch.State.COMMITTED
    batch.message = batch.summary


def _run_chains(**kwargs: Any) -> None:
    from qstrong.registry.importing.chains import run_chains

    run_chains(**kwargs)


def _run_towns(**kwargs: Any) -> None:
    from qstrong.registry.importing.towns import run_towns

    run_towns(**kwargs)


def _run_industries(**kwargs: Any) -> None:
    from qstrong.registry.importing.industries import run_industries

    run_industries(**kwargs)


_RUNNERS: dict[str, Callable[..., None]] = {
    ImportBatch.Kind.ENTERPRISES: _run_enterprises,
    ImportBatch.Kind.CHAINS: _run_chains,
    ImportBatch.Kind.TOWNS: _run_towns,
    ImportBatch.Kind.INDUSTRIES: _run_industries,
}


def import_batch_start(*, batch: ImportBatch, actor: Any) -> Job:
    """Run the batch on a worker; the job carries its progress for the page to poll."""
    from qstrong.registry.tasks import import_batch_task

    job = job_create(
        kind="import",
        title=f"{batch.get_kind_display()}：{batch.filename}",
        params={"batch_id": batch.pk},
        actor=actor,
    )
    batch.job = job
    batch.save(update_fields=["job"])
    actor_id = getattr(_user(actor), "pk", None)

    def enqueue() -> None:
        result = import_batch_task.enqueue(batch_id=batch.pk, job_id=str(job.pk), actor_id=actor_id)
        Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id))

    transaction.on_commit(enqueue)
    job.refresh_from_db()
    return job


def import_path(
    *,
    path: Path,
    kind: str = "enterprises",
    actor: Any = None,
    dry_run: bool = False,
    valid_rows_only: bool = False,
    language: str = "zh-hans",
    progress: Progress | None = None,
    source: tuple[str, str] | None = None,
) -> ImportBatch:
    """Create and run a batch from a file on disk (the CLI and the demo loader)."""
    batch = import_batch_create(
        kind=kind,
        filename=Path(path).name,
        content=Path(path).read_bytes(),
        actor=actor,
        dry_run=dry_run,
        valid_rows_only=valid_rows_only,
        language=language,
    )
    return import_batch_run(batch=batch, actor=actor, progress=progress, source=source)
