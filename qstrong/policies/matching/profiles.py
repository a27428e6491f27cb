"""Enterprise profiles from the database: one mapping (profile_of) or a frame in SCHEMA.

The frame is read with one SQL statement per table, not the ORM: on PostgreSQL with
COPY … TO STDOUT straight into Polars' CSV reader, elsewhere with a cursor in chunks. Lists come as
JSON text and are decoded by Polars; memberships are aggregated per enterprise in Polars.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db.models import QuerySet

from qstrong.policies.matching.sql import read_frame as _read
from qstrong.policies.rules import SCHEMA, profile_frame
from qstrong.registry.models import Chain, ChainMember, Enterprise, Town, TownMember

_TEXT_LIST = pl.List(pl.String())

# The enterprise table's columns as the engine names them, in database-neutral SQL.
_ENTERPRISE_COLUMNS: tuple[tuple[str, str, pl.DataType], ...] = (
    ("enterprise_id", "e.id", pl.Int64()),
    ("region", "e.region_id", pl.String()),
    ("industry", "e.industry_id", pl.String()),
    ("scale", "e.scale", pl.String()),
    ("employees", "e.employees", pl.Int64()),
    ("revenue", "CAST(e.revenue AS DOUBLE PRECISION)", pl.Float64()),
    ("registered_capital", "CAST(e.registered_capital AS DOUBLE PRECISION)", pl.Float64()),
    ("established", "CAST(e.established AS TEXT)", pl.String()),
    ("certifications", "CAST(e.certifications AS TEXT)", pl.String()),
    ("tags", "CAST(e.tags AS TEXT)", pl.String()),
    ("standards_led", "e.standards_led", pl.Int64()),
    ("patents", "e.patents", pl.Int64()),
    ("credit_rating", "e.credit_rating", pl.String()),
)


def profile_of(*, enterprise: Enterprise) -> dict[str, Any]:
    """The enterprise as the rule engine reads it (RULES.md fields; chains/towns never None)."""
    chains = list(
        ChainMember.objects.filter(enterprise=enterprise, chain__archived_at__isnull=True)
        .order_by("chain__code")
        .values_list("chain__code", "role")
    )
    towns = list(
        TownMember.objects.filter(enterprise=enterprise, town__archived_at__isnull=True)
        .order_by("town__code")
        .values_list("town__code", flat=True)
    )
    return {
        "enterprise_id": enterprise.pk,
        "region": enterprise.region_id,
        "industry": enterprise.industry_id or None,
        "scale": enterprise.scale or None,
        "employees": enterprise.employees,
        "revenue": None if enterprise.revenue is None else float(enterprise.revenue),
        "registered_capital": (
            None if enterprise.registered_capital is None else float(enterprise.registered_capital)
        ),
        "established": enterprise.established,
        "certifications": _list_or_none(enterprise.certifications),
        "tags": _list_or_none(enterprise.tags),
        "chains": sorted({code for code, _role in chains}),
        "chain_roles": sorted({role for _code, role in chains}),
        "towns": sorted(set(towns)),
        "standards_led": enterprise.standards_led,
        "patents": enterprise.patents,
        "credit_rating": enterprise.credit_rating or None,
    }


def _list_or_none(value: Any) -> list[str] | None:
    if value is None:
        return None
    return [str(item) for item in value] if isinstance(value, list) else None


def profiles_frame(*, profiles: Sequence[dict[str, Any]]) -> pl.DataFrame:
    """Profiles from profile_of as a frame in SCHEMA (one enterprise, the calculator, tests)."""
    return profile_frame(profiles)


def enterprises_frame(*, enterprises: QuerySet[Enterprise]) -> pl.DataFrame:
    """The enterprises' profiles as one frame in the engine's SCHEMA, straight from SQL."""
    ids_sql, ids_params = enterprises.values("id").query.sql_with_params()
    where = f"e.id IN ({ids_sql})"
    columns = ", ".join(f"{sql} AS {name}" for name, sql, _dtype in _ENTERPRISE_COLUMNS)
    table = Enterprise._meta.db_table
    base = _read(
        f"SELECT {columns} FROM {table} e WHERE {where} ORDER BY e.id",
        ids_params,
        {name: dtype for name, _sql, dtype in _ENTERPRISE_COLUMNS},
    )
    frame = base.with_columns(
        *(
            pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(name)
            for name in ("region", "industry", "scale", "credit_rating")
        ),
        pl.col("established").str.to_date("%Y-%m-%d", strict=False),
        pl.col("certifications").str.json_decode(_TEXT_LIST),
        pl.col("tags").str.json_decode(_TEXT_LIST),
    )
    frame = frame.join(_chains(where, ids_params), on="enterprise_id", how="left")
    frame = frame.join(_towns(where, ids_params), on="enterprise_id", how="left")
    frame = frame.with_columns(
        pl.col(name).fill_null(pl.lit([], dtype=_TEXT_LIST))
        for name in ("chains", "chain_roles", "towns")
    )
    return frame.select(pl.col(name).cast(dtype) for name, dtype in SCHEMA.items())


def _chains(where: str, params: Sequence[Any]) -> pl.DataFrame:
    member, chain = ChainMember._meta.db_table, Chain._meta.db_table
    rows = _read(
        f"SELECT m.enterprise_id AS enterprise_id, c.code AS code, m.role AS role "
        f"FROM {member} m JOIN {chain} c ON c.id = m.chain_id "
        f"WHERE c.archived_at IS NULL AND m.enterprise_id IN "
        f"(SELECT e.id FROM {Enterprise._meta.db_table} e WHERE {where})",
        params,
        {"enterprise_id": pl.Int64(), "code": pl.String(), "role": pl.String()},
    )
    return rows.group_by("enterprise_id").agg(
        pl.col("code").unique().sort().alias("chains"),
        pl.col("role").unique().sort().alias("chain_roles"),
    )


def _towns(where: str, params: Sequence[Any]) -> pl.DataFrame:
    member, town = TownMember._meta.db_table, Town._meta.db_table
    rows = _read(
        f"SELECT m.enterprise_id AS enterprise_id, t.code AS code "
        f"FROM {member} m JOIN {town} t ON t.id = m.town_id "
        f"WHERE t.archived_at IS NULL AND m.enterprise_id IN "
        f"(SELECT e.id FROM {Enterprise._meta.db_table} e WHERE {where})",
        params,
        {"enterprise_id": pl.Int64(), "code": pl.String()},
    )
    return rows.group_by("enterprise_id").agg(pl.col("code").unique().sort().alias("towns"))
