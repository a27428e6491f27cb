"""Fast bulk writes for large imports: COPY on PostgreSQL, executemany on SQLite.

The ORM's bulk_create builds a model instance and converts every value per row; for a million
rows that alone takes longer than the import's whole budget. These helpers take a Polars frame
whose columns are already the table's columns in database form (text, numbers, booleans).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any, cast

import polars as pl
from django.db import connection, models

ROWS_PER_CHUNK = 50_000
Tick = Callable[[int], None]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """Primary keys for `count` new rows, reserved inside the current transaction."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One round trip; each nextval is atomic, so a form inserting at the same moment
            # draws its own number and no table lock is needed (the keys may have gaps).
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the write lock (BEGIN IMMEDIATE), so max + 1 is ours.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {_quote(table)}")
        start = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        found = cursor.fetchone()
        start = max(start, found[0] if found else 0)
        return list(range(start + 1, start + count + 1))


# The key of the advisory lock that lets one enterprise import commit at a time.
IMPORT_LOCK_KEY = 0x71_5354_524F_4E47  # "qSTRONG"


def serialise_imports() -> None:
    """One import commits at a time (PostgreSQL; until the transaction ends).

    Only imports take this lock: forms and other writers are not held up by it.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])


def lock_for_import(model: type[models.Model]) -> None:
    """Serialise every writer to the table for the rest of the transaction (PostgreSQL).

    Readers are not blocked; forms wait for the import to commit. Only the import's last
    attempt takes it, after edits made during its earlier attempts kept it from committing.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # EXCLUSIVE, not SHARE ROW EXCLUSIVE: an edit's SELECT … FOR UPDATE must wait here
            # too, or it holds a row the import then waits for while it waits for the table
            # (a deadlock, seen in bench/import_lock.py).
            cursor.execute(f"LOCK TABLE {_quote(model._meta.db_table)} IN EXCLUSIVE MODE")


def changed_since(model: type[models.Model], seen: pl.DataFrame) -> list[int]:
    """PostgreSQL: the ids among `seen` (id, version = xmin as read) saved by someone since."""
    if seen.height == 0 or connection.vendor != "postgresql":
        return []
    table = _quote(model._meta.db_table)
    temp = _quote("qstrong_import_seen")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {temp}")
        cursor.execute(f"CREATE TEMP TABLE {temp} (id bigint, version text) ON COMMIT DROP")
        for start in range(0, seen.height, ROWS_PER_CHUNK):
            chunk = seen.slice(start, ROWS_PER_CHUNK)
            _copy(cursor, f"COPY {temp} (id, version) FROM STDIN WITH (FORMAT csv)", chunk)
        cursor.execute(
            f"SELECT t.id FROM {temp} AS t LEFT JOIN {table} AS e ON e.id = t.id "
            "WHERE e.id IS NULL OR e.xmin::text <> t.version"
        )
        changed = [row[0] for row in cursor.fetchall()]
        cursor.execute(f"DROP TABLE {temp}")
    return changed


def _db_ready(frame: pl.DataFrame) -> pl.DataFrame:
    """Dates and datetimes as text: both backends take ISO text."""
    return frame.with_columns(
        pl.col(name).cast(pl.String)
        for name, dtype in frame.schema.items()
        if dtype in (pl.Date,) or isinstance(dtype, pl.Datetime)
    )


def insert_frame(model: type[models.Model], frame: pl.DataFrame, tick: Tick | None = None) -> None:
    if frame.height == 0:
        return
    table = _quote(model._meta.db_table)
    frame = _db_ready(frame)
    names = ", ".join(_quote(c) for c in frame.columns)
    with connection.cursor() as cursor:
        for start in range(0, frame.height, ROWS_PER_CHUNK):
            chunk = frame.slice(start, ROWS_PER_CHUNK)
            if connection.vendor == "postgresql":
                _copy(
                    cursor,
                    f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                    chunk,
                )
            else:
                marks = ", ".join(["%s"] * len(frame.columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({names}) VALUES ({marks})", _param_rows(chunk)
                )
            if tick:
                tick(chunk.height)


def _param_rows(chunk: pl.DataFrame) -> Sequence[Sequence[Any]]:
    """The chunk's rows streamed to executemany, without a list of 50,000 tuples.

    Django's stub asks for a Sequence, but CursorWrapper.executemany (and the sqlite backend,
    which peeks with itertools.tee) takes any iterable, as does the DB-API driver.
    """
    return cast("Sequence[Sequence[Any]]", chunk.iter_rows())


def _copy(cursor: object, sql: str, chunk: pl.DataFrame) -> None:
    buffer = io.BytesIO()
    chunk.write_csv(buffer, include_header=False, null_value="\\N")
    with cursor.cursor.copy(sql) as copy:  # type: ignore[attr-defined]
        copy.write(buffer.getvalue())


def update_frame(
    model: type[models.Model],
    frame: pl.DataFrame,
    tick: Tick | None = None,
    *,
    version: str | None = None,
    overtaken: list[int] | None = None,
) -> int:
    """UPDATE rows by `id` with the frame's other columns; returns the rows updated.

    `version` (PostgreSQL): the frame's column holding each row's xmin as read; a row whose
    version has changed since (someone saved it) is left alone, is missing from the count, and
    its id is put in `overtaken` (when given).
    """
    if overtaken is None:
        overtaken = []
    if frame.height == 0:
        return 0
    table = _quote(model._meta.db_table)
    frame = _db_ready(frame)
    columns = [c for c in frame.columns if c not in ("id", version)]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            temp = _quote("qstrong_import_update")
            cursor.execute(f"DROP TABLE IF EXISTS {temp}")
            own = [c for c in frame.columns if c != version]
            cursor.execute(
                f"CREATE TEMP TABLE {temp} ON COMMIT DROP AS SELECT "
                f"{', '.join(_quote(c) for c in own)} FROM {table} WITH NO DATA"
            )
            if version:
                cursor.execute(f"ALTER TABLE {temp} ADD COLUMN {_quote(version)} text")
            names = ", ".join(_quote(c) for c in frame.columns)
            for start in range(0, frame.height, ROWS_PER_CHUNK):
                chunk = frame.slice(start, ROWS_PER_CHUNK)
                _copy(
                    cursor, f"COPY {temp} ({names}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", chunk
                )
                if tick:
                    tick(chunk.height)
            sets = ", ".join(f"{_quote(c)} = t.{_quote(c)}" for c in columns)
            update = f"UPDATE {table} AS e SET {sets} FROM {temp} AS t WHERE e.id = t.id"
            if version:
                # The rows left alone (saved by someone since they were read) come back.
                cursor.execute(
                    f"WITH done AS ({update} AND e.xmin::text = t.{_quote(version)} "
                    f"RETURNING e.id) SELECT t.id FROM {temp} AS t "
                    "LEFT JOIN done AS d ON d.id = t.id WHERE d.id IS NULL"
                )
                overtaken[:] = [row[0] for row in cursor.fetchall()]
                updated = frame.height - len(overtaken)
            else:
                cursor.execute(update)
                updated = int(cursor.rowcount)
            cursor.execute(f"DROP TABLE {temp}")
            return updated
        sets = ", ".join(f"{_quote(c)} = %s" for c in columns)
        ordered = frame.select(*columns, "id")
        for start in range(0, ordered.height, ROWS_PER_CHUNK):
            chunk = ordered.slice(start, ROWS_PER_CHUNK)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", _param_rows(chunk))
            if tick:
                tick(chunk.height)
        return frame.height


def delete_ids(model: type[models.Model], ids: list[int]) -> None:
    for start in range(0, len(ids), 5000):
        model._base_manager.filter(pk__in=ids[start : start + 5000])._raw_delete(connection.alias)


def lock_rows(model: type[models.Model], ids: list[int]) -> None:
    """Row locks on a few rows for the rest of the transaction (PostgreSQL; SQLite has one writer).

    An editor holding one of them is waited for (its save is short); later editors wait for the
    import's commit, which follows at once.
    """
    if not ids or connection.vendor != "postgresql":
        return
    table = _quote(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id FROM {table} WHERE id = ANY(%s) ORDER BY id FOR UPDATE", [ids])


def delete_own_rows(model: type[models.Model], *, where: str, params: Sequence[Any]) -> None:
    """Delete rows this transaction wrote and nobody has seen yet (an import's own audit rows,
    replaced before its commit by ones that tell the truth). Never for committed history."""
    table = _quote(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {where}", list(params))
