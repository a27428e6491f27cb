"""Enterprise profiles from the database: one mapping (profile_of) or a frame in SCHEMA.

The frame is read with one SQL statement per table, not the ORM: on PostgreSQL with
COPY … TO STDOUT straight into Polars' CSV reader, elsewhere with a cursor in chunks. Lists come as
JSON text and are decoded by Polars; memberships are aggregated per enterprise in Polars.

Both loaders then apply the facts the registers above the registry keep (registry.facts: nqi's
certificates, patents, GI authorisations, brand honours) on the as-of date, the same mapping on
both paths, so that the explanation and the batch run read the same profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db.models import F, FloatField, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from qstrong.policies.matching.sql import read_frame as _read
from qstrong.policies.rules import FIELDS, SCHEMA, profile_frame
from qstrong.registry.facts import FactValues, enterprise_facts
from qstrong.registry.models import Chain, ChainMember, Enterprise, Town, TownMember

_TEXT_LIST = pl.List(pl.String())

# The enterprise columns as the engine names them: (name, ORM expression, dtype as read).
_ENTERPRISE_COLUMNS: tuple[tuple[str, Any, pl.DataType], ...] = (
    ("enterprise_id", F("id"), pl.Int64()),
    ("region", F("region_id"), pl.String()),
    ("industry", F("industry_id"), pl.String()),
    ("scale", F("scale"), pl.String()),
    ("employees", F("employees"), pl.Int64()),
    ("revenue", Cast("revenue", FloatField()), pl.Float64()),
    ("registered_capital", Cast("registered_capital", FloatField()), pl.Float64()),
    ("established", Cast("established", TextField()), pl.String()),
    ("certifications", Cast("certifications", TextField()), pl.String()),
    ("tags", Cast("tags", TextField()), pl.String()),
    ("standards_led", F("standards_led"), pl.Int64()),
    ("patents", F("patents"), pl.Int64()),
    ("credit_rating", F("credit_rating"), pl.String()),
)


def profile_of(*, enterprise: Enterprise, as_of: dt.date | None = None) -> dict[str, Any]:
    """The enterprise as the rule engine reads it on a date (RULES.md fields; chains/towns never
    None); facts from the registers replace typed values where the enterprise has records."""
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
    profile = {
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
    facts = enterprise_facts(as_of=as_of or timezone.localdate(), enterprise_ids=[enterprise.pk])
    profile.update(_known(facts.get(enterprise.pk, {})))
    for name in SCHEMA:  # the registers' own fields, for an enterprise without such records
        if name not in profile:
            spec = FIELDS[name]
            profile[name] = [] if spec.kind == "set" and not spec.nullable else None
    return profile


def _known(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if name in SCHEMA}


def _list_or_none(value: Any) -> list[str] | None:
    if value is None:
        return None
    return [str(item) for item in value] if isinstance(value, list) else None


def profiles_frame(*, profiles: Sequence[dict[str, Any]]) -> pl.DataFrame:
    """Profiles from profile_of as a frame in SCHEMA (one enterprise, the calculator, tests)."""
    return profile_frame(profiles)


def enterprises_frame(
    *, enterprises: QuerySet[Enterprise], as_of: dt.date | None = None
) -> pl.DataFrame:
    """The enterprises' profiles on a date as one frame in the engine's SCHEMA, from SQL.

    The queryset's own SQL (its filters, no IN-subquery) selects the columns; memberships are
    small tables read whole and joined in Polars (a join keeps only the enterprises read).
    """
    sql, params = enterprises_sql(enterprises)
    base = _read(
        sql, params, {f"p_{name}": dtype for name, _expression, dtype in _ENTERPRISE_COLUMNS}
    ).rename(lambda column: column.removeprefix("p_"))
    frame = base.with_columns(
        *(
            pl.when(pl.col(name) == "").then(None).otherwise(pl.col(name)).alias(name)
            for name in ("region", "industry", "scale", "credit_rating")
        ),
        pl.col("established").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        pl.col("certifications").str.json_decode(_TEXT_LIST),
        pl.col("tags").str.json_decode(_TEXT_LIST),
    )
    frame = frame.join(_chains(), on="enterprise_id", how="left")
    frame = frame.join(_towns(), on="enterprise_id", how="left")
    frame = _with_facts(frame, enterprise_facts(as_of=as_of or timezone.localdate()))
    frame = frame.with_columns(
        pl.col(name).fill_null(pl.lit([], dtype=_TEXT_LIST))
        for name, spec in FIELDS.items()
        if spec.kind == "set" and not spec.nullable
    )
    return frame.select(pl.col(name).cast(dtype) for name, dtype in SCHEMA.items())


def enterprises_sql(enterprises: QuerySet[Enterprise]) -> tuple[str, Sequence[Any]]:
    """The SELECT of the enterprise columns, each named p_<field> (the Spark engine reads it too,
    over JDBC)."""
    # Aliased (an annotation may not take a field's name); the SELECT keeps this order.
    selected = enterprises.order_by().values(
        **{f"p_{name}": expression for name, expression, _dtype in _ENTERPRISE_COLUMNS}
    )
    sql, params = selected.query.sql_with_params()
    return sql, params


def chains_sql() -> str:
    member, chain = ChainMember._meta.db_table, Chain._meta.db_table
    return (
        f"SELECT m.enterprise_id AS enterprise_id, c.code AS code, m.role AS role "
        f"FROM {member} m JOIN {chain} c ON c.id = m.chain_id WHERE c.archived_at IS NULL"
    )


def towns_sql() -> str:
    member, town = TownMember._meta.db_table, Town._meta.db_table
    return (
        f"SELECT m.enterprise_id AS enterprise_id, t.code AS code "
        f"FROM {member} m JOIN {town} t ON t.id = m.town_id WHERE t.archived_at IS NULL"
    )


def _with_facts(frame: pl.DataFrame, facts: FactValues) -> pl.DataFrame:
    """The registers' facts over the typed columns: a fact (even [] or 0) replaces the typed
    value; no fact (null) keeps it. Fields the registry does not keep start as null."""
    missing = [name for name in SCHEMA if name not in frame.columns]
    frame = frame.with_columns(pl.lit(None, dtype=SCHEMA[name]).alias(name) for name in missing)
    facts_table = facts_frame(facts)
    if facts_table is None:
        return frame
    names = [column.removeprefix("fact_") for column in facts_table.columns[1:]]
    frame = frame.join(facts_table, on="enterprise_id", how="left")
    return frame.with_columns(
        pl.coalesce(pl.col(f"fact_{name}"), pl.col(name).cast(SCHEMA[name])).alias(name)
        for name in names
    ).drop([f"fact_{name}" for name in names])


def facts_frame(facts: FactValues) -> pl.DataFrame | None:
    """The registers' facts as enterprise_id plus fact_<field> columns (null: no fact); None
    when no enterprise has any. The Spark engine joins the same table on the cluster."""
    names = sorted({name for values in facts.values() for name in _known(values)})
    if not names:
        return None
    schema = {"enterprise_id": pl.Int64()} | {f"fact_{name}": SCHEMA[name] for name in names}
    rows = [
        {"enterprise_id": enterprise_id, **{f"fact_{n}": values.get(n) for n in names}}
        for enterprise_id, values in facts.items()
    ]
    return pl.DataFrame(rows, schema=schema)


def _chains() -> pl.DataFrame:
    rows = _read(
        chains_sql(), [], {"enterprise_id": pl.Int64(), "code": pl.String(), "role": pl.String()}
    )
    return rows.group_by("enterprise_id").agg(
        pl.col("code").unique().sort().alias("chains"),
        pl.col("role").unique().sort().alias("chain_roles"),
    )


def _towns() -> pl.DataFrame:
    rows = _read(towns_sql(), [], {"enterprise_id": pl.Int64(), "code": pl.String()})
    return rows.group_by("enterprise_id").agg(pl.col("code").unique().sort().alias("towns"))
