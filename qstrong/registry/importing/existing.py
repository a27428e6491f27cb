"""The registry's current records for the USCCs in a file, in the import's canonical form."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import polars as pl
from django.db import connection

from qstrong.registry.models import ChainMember, Enterprise, TownMember
from qstrong.registry.services import chain_membership_parts, chain_membership_text

CHUNK = 2000

EXISTING_SCHEMA: dict[str, Any] = {
    "old_id": pl.Int64,
    "uscc": pl.String,
    "old_name": pl.String,
    "old_region": pl.String,
    "old_industry": pl.String,
    "old_established": pl.Date,
    "old_employees": pl.Int64,
    "old_revenue": pl.Int64,
    "old_registered_capital": pl.Int64,
    "old_scale": pl.String,
    "old_scale_derived": pl.Boolean,
    "old_certifications": pl.List(pl.String),
    "old_tags": pl.List(pl.String),
    "old_standards_led": pl.Int64,
    "old_patents": pl.Int64,
    "old_credit_rating": pl.String,
    "old_contact_name": pl.String,
    "old_contact_phone": pl.String,
    # PostgreSQL: the row version read (xmin), so that the commit updates only rows nobody
    # changed since; null on SQLite, where the import's transaction holds the write lock.
    "old_version": pl.String,
}


def canonical_list(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):  # a JSON text read without the field's converter
        value = json.loads(value)
    return sorted({str(item) for item in value})


def _select_sql() -> str:
    """Every compared field as text or integer, so Polars does the conversions, not the ORM."""
    if connection.vendor == "postgresql":
        established, cents = "established::text", "({0} * 100)::bigint"
        lists, flag, version = "{0}::text", "scale_derived::int", "xmin::text"
    else:
        established, cents = "CAST(established AS TEXT)", "CAST(ROUND({0} * 100) AS INTEGER)"
        lists, flag, version = "{0}", "CAST(scale_derived AS INTEGER)", "NULL"
    columns = [
        "id", "uscc", "name", "region_id", "industry_id", established, "employees",
        cents.format("revenue"), cents.format("registered_capital"), "scale", flag,
        lists.format("certifications"), lists.format("tags"), "standards_led", "patents",
        "credit_rating", "contact_name", "contact_phone", version,
    ]  # fmt: skip
    return f"SELECT {', '.join(columns)} FROM {Enterprise._meta.db_table}"


_RAW_SCHEMA = {
    **EXISTING_SCHEMA,
    "old_established": pl.String,
    "old_scale_derived": pl.Int64,
    "old_certifications": pl.String,
    "old_tags": pl.String,
}


def load_existing(usccs: Iterable[str]) -> pl.DataFrame:
    """Existing enterprises among `usccs` (a whole-table scan when the file is most of it)."""
    wanted = [code for code in usccs if code]
    total = Enterprise.objects.count() if wanted else 0
    rows: list[tuple[Any, ...]] = []
    sql = _select_sql()
    with connection.cursor() as cursor:
        if total and len(wanted) * 2 >= total:
            cursor.execute(sql)
            rows = cursor.fetchall()
        elif total:
            for start in range(0, len(wanted), CHUNK):
                chunk = wanted[start : start + CHUNK]
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"{sql} WHERE uscc IN ({marks})", chunk)
                rows.extend(cursor.fetchall())
    raw = pl.DataFrame(rows, schema=_RAW_SCHEMA, orient="row")
    if total and len(wanted) * 2 >= total:
        raw = raw.filter(pl.col("uscc").is_in(wanted))
    return raw.with_columns(
        pl.col("old_established").str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        pl.col("old_scale_derived").cast(pl.Boolean),
        *[
            pl.col(name).str.json_decode(pl.List(pl.String)).list.unique().list.sort()
            for name in ("old_certifications", "old_tags")
        ],
    ).select(list(EXISTING_SCHEMA))


ChainMembers = dict[int, dict[str, tuple[int, tuple[str, str | None]]]]
TownMembers = dict[int, dict[str, tuple[int, bool]]]


def load_memberships(
    enterprise_ids: list[int], *, chains: bool, towns: bool
) -> tuple[ChainMembers, TownMembers]:
    """{enterprise id: {chain code: (member id, (role, segment name))}} and for towns
    {enterprise id: {town code: (member id, leading)}}."""
    chain_members: ChainMembers = {}
    town_members: TownMembers = {}
    for start in range(0, len(enterprise_ids), CHUNK):
        chunk = enterprise_ids[start : start + CHUNK]
        if chains:
            for pk, enterprise_id, code, role, segment in ChainMember.objects.filter(
                enterprise_id__in=chunk
            ).values_list("pk", "enterprise_id", "chain__code", "role", "segment__name"):
                chain_members.setdefault(enterprise_id, {})[code] = (pk, (role, segment))
        if towns:
            for pk, enterprise_id, code, leading in TownMember.objects.filter(
                enterprise_id__in=chunk
            ).values_list("pk", "enterprise_id", "town__code", "is_leading"):
                town_members.setdefault(enterprise_id, {})[code] = (pk, leading)
    return chain_members, town_members


def chain_list(members: dict[str, tuple[int, tuple[str, str | None]]] | None) -> list[str]:
    """The memberships as memberships_snapshot lists them (segments included)."""
    return sorted(
        chain_membership_text(code, role, segment)
        for code, (_, (role, segment)) in (members or {}).items()
    )


def carry_segments(
    wanted: list[str], members: dict[str, tuple[int, tuple[str, str | None]]]
) -> list[str]:
    """A file's "code:role" list with the segments of the memberships it keeps.

    An enterprise import never sets segments: a membership that stays keeps its segment,
    whatever its role becomes; a new one has none.
    """
    carried = []
    for item in wanted:
        code, role, _ = chain_membership_parts(item)
        segment = members[code][1][1] if code in members else None
        carried.append(chain_membership_text(code, role, segment))
    return sorted(carried)


def town_list(members: dict[str, tuple[int, bool]] | None) -> list[str]:
    return sorted(
        f"{code}{':leading' if leading else ''}" for code, (_, leading) in (members or {}).items()
    )
