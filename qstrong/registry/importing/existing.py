"""The registry's current records for the USCCs in a file, in the import's canonical form."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import polars as pl

from qstrong.registry.models import ChainMember, Enterprise, TownMember

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
}
_FIELDS = (
    "id", "uscc", "name", "region_id", "industry_id", "established", "employees", "revenue",
    "registered_capital", "scale", "scale_derived", "certifications", "tags", "standards_led",
    "patents", "credit_rating", "contact_name", "contact_phone",
)  # fmt: skip


def canonical_list(value: Any) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, str):  # a JSON text read without the field's converter
        value = json.loads(value)
    return sorted({str(item) for item in value})


def _cents(value: Decimal | None) -> int | None:
    return None if value is None else int((value * 100).to_integral_value())


def _row(values: tuple[Any, ...]) -> tuple[Any, ...]:
    (pk, uscc, name, region, industry, established, employees, revenue, capital, scale,
     derived, certs, tags, standards, patents, credit, contact, phone) = values  # fmt: skip
    return (
        pk,
        uscc,
        name,
        region,
        industry,
        established,
        employees,
        _cents(revenue),
        _cents(capital),
        scale,
        derived,
        canonical_list(certs),
        canonical_list(tags),
        standards,
        patents,
        credit,
        contact,
        phone,
    )


def load_existing(usccs: Iterable[str]) -> pl.DataFrame:
    """Existing enterprises among `usccs` (a whole-table scan when the file is most of it)."""
    wanted = [code for code in usccs if code]
    total = Enterprise.objects.count() if wanted else 0
    rows: list[tuple[Any, ...]] = []
    if total and len(wanted) * 2 >= total:
        wanted_set = set(wanted)
        rows = [
            _row(values)
            for values in Enterprise.objects.order_by().values_list(*_FIELDS).iterator(20000)
            if values[1] in wanted_set
        ]
    elif total:
        for start in range(0, len(wanted), CHUNK):
            chunk = wanted[start : start + CHUNK]
            rows.extend(
                _row(values)
                for values in Enterprise.objects.filter(uscc__in=chunk)
                .order_by()
                .values_list(*_FIELDS)
            )
    return pl.DataFrame(rows, schema=EXISTING_SCHEMA, orient="row")


def load_memberships(
    enterprise_ids: list[int], *, chains: bool, towns: bool
) -> tuple[dict[int, dict[str, tuple[int, str]]], dict[int, dict[str, tuple[int, bool]]]]:
    """{enterprise id: {chain code: (member id, role)}} and the same for towns."""
    chain_members: dict[int, dict[str, tuple[int, str]]] = {}
    town_members: dict[int, dict[str, tuple[int, bool]]] = {}
    for start in range(0, len(enterprise_ids), CHUNK):
        chunk = enterprise_ids[start : start + CHUNK]
        if chains:
            for pk, enterprise_id, code, role in ChainMember.objects.filter(
                enterprise_id__in=chunk
            ).values_list("pk", "enterprise_id", "chain__code", "role"):
                chain_members.setdefault(enterprise_id, {})[code] = (pk, role)
        if towns:
            for pk, enterprise_id, code, leading in TownMember.objects.filter(
                enterprise_id__in=chunk
            ).values_list("pk", "enterprise_id", "town__code", "is_leading"):
                town_members.setdefault(enterprise_id, {})[code] = (pk, leading)
    return chain_members, town_members


def chain_list(members: dict[str, tuple[int, str]] | None) -> list[str]:
    return sorted(f"{code}:{role}" for code, (_, role) in (members or {}).items())


def town_list(members: dict[str, tuple[int, bool]] | None) -> list[str]:
    return sorted(
        f"{code}{':leading' if leading else ''}" for code, (_, leading) in (members or {}).items()
    )
