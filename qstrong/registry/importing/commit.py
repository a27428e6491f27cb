"""Planning and writing an enterprise import: after-values, diffs, audit events, memberships."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import connection
from django.utils import timezone

from qstrong.core.models import AuditEvent
from qstrong.registry.importing import dbwrite
from qstrong.registry.importing.existing import (
    ChainMembers,
    carry_segments,
    chain_list,
    load_existing,
    load_memberships,
    town_list,
)
from qstrong.registry.importing.memberships import write_memberships
from qstrong.registry.importing.reference import Reference
from qstrong.registry.importing.scaling import derived_scale
from qstrong.registry.importing.values import cents_decimal_text, cents_text
from qstrong.registry.models import Enterprise, Source
from qstrong.registry.services import ENTERPRISE_TYPE

Progress = Callable[[int, int, str], None]

# key in the file → (model attribute as the audit trail names it, database column, kind)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("name", "name", "text"),
    ("region", "region_id", "text"),
    ("industry", "industry_id", "nullable"),
    ("established", "established", "date"),
    ("employees", "employees", "nullable"),
    ("revenue", "revenue", "cents"),
    ("registered_capital", "registered_capital", "cents"),
    ("certifications", "certifications", "list"),
    ("tags", "tags", "list"),
    ("standards_led", "standards_led", "nullable"),
    ("patents", "patents", "nullable"),
    ("credit_rating", "credit_rating", "blank"),
    ("contact_name", "contact_name", "blank"),
    ("contact_phone", "contact_phone", "blank"),
)
_AUDIT_ORDER = (
    "name", "region", "industry", "established", "employees", "revenue", "registered_capital",
    "scale", "certifications", "tags", "standards_led", "patents", "credit_rating",
    "contact_name", "contact_phone",
)  # fmt: skip
_ATTR = {key: attr for key, attr, _ in FIELDS} | {"scale": "scale"}
_KIND = {key: kind for key, _, kind in FIELDS} | {"scale": "blank"}


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def plan(*, frame: pl.DataFrame, present: list[str], reference: Reference) -> pl.DataFrame:
    """Add a_<key> (after), the scale, membership lists and `status` to the valid rows."""
    exists = pl.col("old_id").is_not_null()
    frame = frame.with_columns(
        [
            (pl.col(key).fill_null("") if _KIND[key] == "blank" else pl.col(key)).alias(f"a_{key}")
            if key in present
            else pl.when(exists)
            .then(pl.col(f"old_{key}"))
            .otherwise(pl.lit("") if _KIND[key] == "blank" else None)
            .alias(f"a_{key}")
            for key, _, _ in FIELDS
        ]
    )
    derived = derived_scale(
        frame, industry="a_industry", employees="a_employees", revenue_cents="a_revenue"
    )
    frame = frame.with_columns(derived.alias("_derived"))
    given = pl.col("scale") if "scale" in present else pl.lit(None, dtype=pl.String)
    keep_old = (
        pl.lit("scale" not in present)
        & exists
        & (pl.col("old_scale") != "")
        & ~pl.col("old_scale_derived").fill_null(False)
    )
    frame = frame.with_columns(
        pl.when(given.is_not_null())
        .then(given)
        .when(keep_old)
        .then(pl.col("old_scale"))
        .otherwise(pl.col("_derived").fill_null(""))
        .alias("a_scale"),
        pl.when(given.is_not_null() | keep_old)
        .then(False)
        .otherwise(pl.col("_derived").is_not_null())
        .alias("a_scale_derived"),
    ).drop("_derived")
    changed = [pl.col(f"a_{key}").ne_missing(pl.col(f"old_{key}")) for key in _AUDIT_ORDER]
    changed.append(pl.col("a_scale_derived").ne_missing(pl.col("old_scale_derived")))
    frame = frame.with_columns(pl.any_horizontal(changed).alias("_fields_changed"))
    for kind in ("chains", "towns"):
        empty = pl.lit([], dtype=pl.List(pl.String))
        if kind in present:
            after = (
                pl.when(pl.col(kind).is_not_null())
                .then(pl.col(kind))
                .when(exists)
                .then(pl.col(f"old_{kind}"))
                .otherwise(empty)
            )
            touched = pl.col(kind).is_not_null() & pl.col(kind).ne_missing(
                pl.when(exists).then(pl.col(f"old_{kind}")).otherwise(empty)
            )
        else:
            after, touched = pl.lit(None, dtype=pl.List(pl.String)), pl.lit(False)
        frame = frame.with_columns(after.alias(f"a_{kind}"), touched.alias(f"_{kind}_changed"))
    frame = frame.with_columns(
        pl.when(~exists)
        .then(pl.lit("created"))
        .when(pl.col("_fields_changed") | pl.col("_chains_changed") | pl.col("_towns_changed"))
        .then(pl.lit("updated"))
        .otherwise(pl.lit("unchanged"))
        .alias("status")
    )
    return frame


def attach_old_memberships(frame: pl.DataFrame, present: list[str]) -> pl.DataFrame:
    """old_chains / old_towns for existing enterprises whose membership cells are filled."""
    empty = pl.lit(None, dtype=pl.List(pl.String))
    wants_chains, wants_towns = "chains" in present, "towns" in present
    if not (wants_chains or wants_towns):
        return frame.with_columns(empty.alias("old_chains"), empty.alias("old_towns"))
    cells = [pl.col(k).is_not_null() for k in ("chains", "towns") if k in present]
    ids = frame.filter(pl.col("old_id").is_not_null() & pl.any_horizontal(cells))["old_id"]
    chain_members, town_members = load_memberships(
        ids.to_list(), chains=wants_chains, towns=wants_towns
    )
    old = pl.DataFrame(
        {
            "old_id": ids,
            "old_chains": [chain_list(chain_members.get(pk)) for pk in ids],
            "old_towns": [town_list(town_members.get(pk)) for pk in ids],
        },
        schema={
            "old_id": pl.Int64,
            "old_chains": pl.List(pl.String),
            "old_towns": pl.List(pl.String),
        },
    )
    frame = frame.join(old, on="old_id", how="left", maintain_order="left")
    return _carry_segments(frame, chain_members) if wants_chains else frame


def _carry_segments(frame: pl.DataFrame, chain_members: ChainMembers) -> pl.DataFrame:
    """The file's chain lists with the segments of the memberships they keep.

    Only the (few) enterprises with a segment ("@" in their old list; a chain code with an "@"
    would only cost a needless carry) are touched; the others' lists are already what
    memberships_snapshot will list after the write.
    """
    rows = frame.filter(
        pl.col("chains").is_not_null()
        & pl.col("old_chains").list.join("").str.contains("@", literal=True).fill_null(False)
    )
    if rows.height == 0:
        return frame
    carried = pl.DataFrame(
        {
            "old_id": rows["old_id"],
            "_carried": [
                carry_segments(wanted, chain_members[pk])
                for pk, wanted in rows.select("old_id", "chains").iter_rows()
            ],
        },
        schema={"old_id": pl.Int64, "_carried": pl.List(pl.String)},
    )
    return (
        frame.join(carried, on="old_id", how="left", maintain_order="left")
        .with_columns(pl.coalesce("_carried", "chains").alias("chains"))
        .drop("_carried")
    )


# Values whose JSON is their text in quotes (codes, ISO dates, decimal text): no escaping needed.
_SAFE_TEXT = {"region", "industry", "established", "revenue", "registered_capital", "scale",
              "credit_rating"}  # fmt: skip
_NUMBERS = {"employees", "standards_led", "patents"}


def _json_value(expr: pl.Expr, key: str = "") -> pl.Expr:
    """The JSON text of each value (strings escaped, lists as arrays, null as null)."""
    if key in _SAFE_TEXT:
        text = pl.concat_str(pl.lit('"'), expr, pl.lit('"'))
    elif key in _NUMBERS:
        text = expr.cast(pl.String)
    elif key == "scale_derived":
        text = pl.when(expr).then(pl.lit("true")).otherwise(pl.lit("false"))
    else:
        text = pl.struct(expr.alias("v")).struct.json_encode().str.slice(5).str.strip_suffix("}")
        return text
    return pl.when(expr.is_null()).then(pl.lit("null")).otherwise(text)


def _audit_value(key: str, column: str) -> pl.Expr:
    """The value as jsonable() writes it: dates ISO, decimals as their shortest text."""
    expr = pl.col(column)
    kind = _KIND.get(key)
    if kind == "date":
        return expr.cast(pl.String)
    if kind == "cents":
        return cents_text(expr)
    return expr


def changes_json(frame: pl.DataFrame, present: list[str]) -> pl.Series:
    """{field: [before, after]} per row, exactly as diff_fields would give, built in Polars."""
    if frame.height == 0:
        return pl.Series("changes", [], dtype=pl.String)
    created = frame["status"][0] == "created"
    if not (frame["status"] == frame["status"][0]).all():
        raise ValueError("changes_json takes rows of one status")
    parts: list[pl.Expr] = []
    for key in (*_AUDIT_ORDER, "scale_derived"):
        attr = _ATTR.get(key, key)
        after, before = _audit_value(key, f"a_{key}"), _audit_value(key, f"old_{key}")
        if created:
            differs = pl.col(f"a_{key}").is_not_null()
            old_json: pl.Expr = pl.lit("null")
        else:
            differs = pl.col(f"a_{key}").ne_missing(pl.col(f"old_{key}"))
            old_json = _json_value(before, key)
        parts.append(
            pl.when(differs).then(
                pl.concat_str(
                    pl.lit(f'"{attr}":['), old_json, pl.lit(","), _json_value(after, key),
                    pl.lit("]"),
                )
            )
        )  # fmt: skip
    for kind in ("chains", "towns"):
        if kind not in present:
            continue
        if created:
            before_json: pl.Expr = pl.lit("[]")
            differs = pl.col(f"a_{kind}").list.len() > 0
        else:
            before_json = _json_value(pl.col(f"old_{kind}"))
            differs = pl.col(f"_{kind}_changed")
        parts.append(
            pl.when(differs).then(
                pl.concat_str(
                    pl.lit(f'"{kind}":['), before_json, pl.lit(","),
                    _json_value(pl.col(f"a_{kind}")), pl.lit("]"),
                )
            )
        )  # fmt: skip
    return frame.select(
        pl.concat_str(
            pl.lit("{"), pl.concat_str(parts, separator=",", ignore_nulls=True), pl.lit("}")
        ).alias("changes")
    ).to_series()


def _json_list_text(series: pl.Series) -> pl.Series:
    """A List[str] column as the JSON text Django's JSONField writes (json.dumps)."""
    joined = series.list.join("\x1f")
    mapping = {
        text: json.dumps(text.split("\x1f") if text else [])
        for text in joined.drop_nulls().unique().to_list()
    }
    return joined.replace_strict(mapping, default=None, return_dtype=pl.String)


def _timestamp(now: dt.datetime) -> str:
    if connection.vendor == "sqlite":
        return str(connection.ops.adapt_datetimefield_value(now))
    return now.isoformat()


def write(
    *,
    frame: pl.DataFrame,
    present: list[str],
    reference: Reference,
    actor_id: int | None,
    batch_id: int,
    source_note: str,
    progress: Progress | None = None,
    source: str = Source.IMPORT.value,
    lock_table: bool = False,
) -> Outcome:
    """Write the planned rows; the caller holds the transaction.

    Imports commit one at a time (an advisory lock); forms and other writers are not held up,
    except by `lock_table` (the last attempt, after others were overtaken by edits). Raises
    ImportConflict when a row to update was saved by someone else since it was read.
    """
    now = timezone.now()
    stamp = _timestamp(now)
    work = frame.filter(pl.col("status") != "unchanged")
    total = work.height
    done = 0

    def tick(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(min(done, total), total, "committing")

    if progress:
        progress(0, total, "committing")
    dbwrite.serialise_imports()
    if lock_table:
        dbwrite.lock_for_import(Enterprise)
    # The final consistency check: rows saved by someone since the import read them are read
    # and planned again, so that the trail's "before" is what they were and the file wins.
    frame = refresh_changed(frame, present, reference)
    work = frame.filter(pl.col("status") != "unchanged")
    total = work.height
    # Sorted by USCC, new rows land in the unique index in order: far fewer random page writes.
    created = work.filter(pl.col("status") == "created").sort("uscc")
    updated = work.filter(pl.col("status") == "updated")
    # New rows, memberships and the audit trail first: they hold no lock another writer waits
    # for (new rows are invisible until the commit). Existing rows are updated last, so that an
    # edit of one of them waits only for the end of the import, not its whole length.
    # The audit text is built on a second core while the database takes the enterprise rows.
    with ThreadPoolExecutor(max_workers=1) as pool:
        created_changes = pool.submit(changes_json, created, present)
        ids = dbwrite.allocate_ids(Enterprise, created.height)
        created = created.with_columns(pl.Series("new_id", ids, dtype=pl.Int64))
        rows = _enterprise_rows(created, stamp, actor_id, source_note, source)
        dbwrite.insert_frame(Enterprise, rows, tick)
        del rows
        changes = pl.concat([created_changes.result(), changes_json(updated, present)])
    updated = updated.with_columns(pl.col("old_id").alias("new_id"))
    events = pl.concat([created, updated], how="diagonal_relaxed")
    write_memberships(events, present, reference, stamp, actor_id)
    dbwrite.insert_frame(AuditEvent, _audit_rows(events, changes, stamp, actor_id, batch_id))
    del events
    field_updates = updated.filter(pl.col("_fields_changed"))
    if progress:
        progress(done, total, "applying")
    rows = _update_rows(field_updates, present, stamp, actor_id)
    guarded = connection.vendor == "postgresql"
    if guarded:
        rows = rows.with_columns(field_updates["old_version"].alias("old_version"))
    overtaken: list[int] = []
    dbwrite.update_frame(
        Enterprise, rows, tick, version="old_version" if guarded else None, overtaken=overtaken
    )
    now_unchanged = 0
    if overtaken:
        # Someone saved a few of these enterprises after the import read them: they are planned
        # again in place rather than the whole import started over (ADR 0013).
        now_unchanged = _resolve_overtaken(
            updated=updated,
            ids=overtaken,
            present=present,
            reference=reference,
            stamp=stamp,
            actor_id=actor_id,
            batch_id=batch_id,
        )
    return Outcome(
        created=created.height,
        updated=updated.height - now_unchanged,
        unchanged=frame.height - created.height - updated.height + now_unchanged,
    )


def _audit_rows(
    events: pl.DataFrame,
    changes: pl.Series,
    stamp: str,
    actor_id: int | None,
    batch_id: int,
) -> pl.DataFrame:
    return events.select(
        pl.lit(stamp).alias("at"),
        pl.lit(actor_id, dtype=pl.Int64).alias("actor_id"),
        pl.when(pl.col("status") == "created")
        .then(pl.lit(AuditEvent.Action.CREATE.value))
        .otherwise(pl.lit(AuditEvent.Action.UPDATE.value))
        .alias("action"),
        pl.lit(ENTERPRISE_TYPE).alias("object_type"),
        pl.col("new_id").cast(pl.String).alias("object_id"),
        pl.col("a_name").str.slice(0, 255).alias("object_repr"),
        changes.alias("changes"),
        pl.lit(batch_id, dtype=pl.Int64).alias("import_batch_id"),
        pl.lit("").alias("note"),
    )


def _resolve_overtaken(
    *,
    updated: pl.DataFrame,
    ids: list[int],
    present: list[str],
    reference: Reference,
    stamp: str,
    actor_id: int | None,
    batch_id: int,
) -> int:
    """Enterprises an editor saved between the import's last read and its UPDATE (ADR 0013).

    They are locked (a handful; an editor still saving one is waited for), read and planned
    again, and written: the file wins, as it would have had the edit come a moment earlier.
    Their audit rows, written by this transaction and seen by nobody yet, are replaced by rows
    whose "before" is what the editor left. A changed membership (whose writes are already
    done by the plan read first) is left to the retry. Returns how many are now unchanged.
    """
    dbwrite.lock_rows(Enterprise, ids)
    stale = updated.filter(pl.col("old_id").is_in(ids)).sort("old_id")
    again = _plan_again(stale.drop("new_id"), present, reference).sort("old_id")
    moved = again["status"] == "created"
    for column in ("old_chains", "old_towns"):
        if not stale[column].equals(again[column]):
            moved = moved | pl.Series([True] * again.height)
    if moved.any():
        raise ImportConflict(len(ids))
    dbwrite.delete_own_rows(
        AuditEvent,
        where="import_batch_id = %s AND object_type = %s AND object_id = ANY(%s)",
        params=[batch_id, ENTERPRISE_TYPE, [str(pk) for pk in ids]],
    )
    changed = again.filter(pl.col("status") == "updated").with_columns(
        pl.col("old_id").alias("new_id")
    )
    rows = _update_rows(changed.filter(pl.col("_fields_changed")), present, stamp, actor_id)
    dbwrite.update_frame(Enterprise, rows)
    changes = changes_json(changed, present)
    dbwrite.insert_frame(AuditEvent, _audit_rows(changed, changes, stamp, actor_id, batch_id))
    return stale.height - changed.height


_PLANNED = ("status", "_fields_changed", "_chains_changed", "_towns_changed")


def refresh_changed(frame: pl.DataFrame, present: list[str], reference: Reference) -> pl.DataFrame:
    """PostgreSQL: the file's existing enterprises saved by someone since the import read them,
    read again and planned again (a handful, whatever the size of the file)."""
    if "old_version" not in frame.columns:
        return frame
    seen = frame.filter(pl.col("old_id").is_not_null()).select(
        pl.col("old_id").alias("id"), pl.col("old_version").alias("version")
    )
    changed = dbwrite.changed_since(Enterprise, seen)
    if not changed:
        return frame
    stale = pl.col("old_id").is_in(changed).fill_null(False)
    again = _plan_again(frame.filter(stale), present, reference)
    return pl.concat([frame.filter(~stale), again], how="vertical_relaxed")


def _plan_again(subset: pl.DataFrame, present: list[str], reference: Reference) -> pl.DataFrame:
    """The file's rows for these enterprises planned again against what the registry holds now."""
    inputs = subset.drop(
        [c for c in subset.columns if c.startswith(("old_", "a_")) or c in _PLANNED]
    )
    inputs = inputs.join(
        load_existing(subset["uscc"].to_list()), on="uscc", how="left", maintain_order="left"
    )
    inputs = attach_old_memberships(inputs, present)
    return plan(frame=inputs, present=present, reference=reference).select(subset.columns)


class ImportConflict(Exception):
    """Enterprises the import updates were changed by someone else while it ran."""

    def __init__(self, count: int) -> None:
        super().__init__(f"{count} enterprises changed while the import ran")
        self.count = count


def _enterprise_rows(
    created: pl.DataFrame, stamp: str, actor_id: int | None, source_note: str, source: str
) -> pl.DataFrame:
    actor = pl.lit(actor_id, dtype=pl.Int64)
    columns: list[pl.Expr | pl.Series] = [pl.col("new_id").alias("id"), pl.col("uscc")]
    columns.extend(_db_value(key, attr) for key, attr, _ in FIELDS)
    columns.extend(
        [
            pl.col("a_scale").alias("scale"),
            pl.col("a_scale_derived").alias("scale_derived"),
            pl.lit(source).alias("source"),
            pl.lit(source_note[:255]).alias("source_note"),
            pl.lit(stamp).alias("created_at"),
            pl.lit(stamp).alias("updated_at"),
            actor.alias("created_by_id"),
            actor.alias("updated_by_id"),
        ]
    )
    rows = created.select(columns)
    for name in ("certifications", "tags"):
        rows = rows.with_columns(_json_list_text(rows[name]).alias(name))
    return rows


def _db_value(key: str, attr: str) -> pl.Expr:
    expr = pl.col(f"a_{key}")
    if _KIND[key] == "cents":
        expr = cents_decimal_text(expr)
    return expr.alias(attr)


def _update_rows(
    updates: pl.DataFrame, present: list[str], stamp: str, actor_id: int | None
) -> pl.DataFrame:
    columns: list[pl.Expr] = [pl.col("old_id").alias("id")]
    columns.extend(_db_value(key, attr) for key, attr, _ in FIELDS if key in present)
    columns.extend(
        [
            pl.col("a_scale").alias("scale"),
            pl.col("a_scale_derived").alias("scale_derived"),
            pl.lit(stamp).alias("updated_at"),
            pl.lit(actor_id, dtype=pl.Int64).alias("updated_by_id"),
        ]
    )
    rows = updates.select(columns)
    for name in ("certifications", "tags"):
        if name in rows.columns:
            rows = rows.with_columns(_json_list_text(rows[name]).alias(name))
    return rows
