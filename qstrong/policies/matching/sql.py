"""Query results into Polars, fast: COPY … TO STDOUT on PostgreSQL, chunked fetch elsewhere."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl
from django.db import connection

FETCH_ROWS = 50_000


def read_frame(sql: str, params: Sequence[Any], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    if connection.vendor == "postgresql":
        return _read_copy(sql, params, schema)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return pl.concat(
            [_chunk(rows, schema) for rows in _fetch(cursor)] or [pl.DataFrame(schema=schema)],
            how="vertical",
        )


def _fetch(cursor: Any) -> Iterable[list[tuple[Any, ...]]]:
    while rows := cursor.fetchmany(FETCH_ROWS):
        yield rows


def _chunk(rows: list[tuple[Any, ...]], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row")


def _read_copy(sql: str, params: Sequence[Any], schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """COPY (query) TO STDOUT as CSV into Polars: no Python object per value."""

    # COPY takes no bind parameters: let psycopg quote them into the statement client-side.
    query = inline_params(sql, params)
    buffer = io.BytesIO()
    statement = f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER true)"
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    if buffer.getbuffer().nbytes == 0:
        return pl.DataFrame(schema=schema)
    return pl.read_csv(buffer, schema=schema)


def inline_params(sql: str, params: Sequence[Any]) -> str:
    """The statement with its parameters quoted in by psycopg (PostgreSQL): for COPY and for
    another client (Spark's JDBC reader) that cannot take Django's bind parameters."""
    import psycopg

    if not params:
        return sql
    connection.ensure_connection()
    return psycopg.ClientCursor(connection.connection).mogrify(sql, list(params))
