"""Loading the reference tables (GB/T 2260 regions, GB/T 4754-2017 industries) from CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONS_CSV = DATA_DIR / "regions.csv"
INDUSTRIES_CSV = DATA_DIR / "industries.csv"

REGION_LEVELS = ("province", "city", "county")
INDUSTRY_LEVELS = ("section", "division", "group", "class")


@dataclass(frozen=True)
class ReferenceRow:
    code: str
    name: str
    level: str
    parent: str


def read_reference_csv(path: Path) -> list[ReferenceRow]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [
            ReferenceRow(
                code=row["code"].strip(),
                name=row["name"].strip(),
                level=row["level"].strip(),
                parent=(row.get("parent") or "").strip(),
            )
            for row in csv.DictReader(handle)
        ]


def _parents_first(rows: Iterable[ReferenceRow], levels: tuple[str, ...]) -> list[ReferenceRow]:
    return sorted(rows, key=lambda r: (levels.index(r.level), r.code))


@transaction.atomic
def load_rows(model: Any, rows: Iterable[ReferenceRow], levels: tuple[str, ...]) -> dict[str, int]:
    """Insert new codes and update changed names; parents are written before children."""
    existing = {obj.code: obj for obj in model.objects.all()}
    created = updated = 0
    for level in levels:
        batch_new = []
        for row in _parents_first(rows, levels):
            if row.level != level:
                continue
            current = existing.get(row.code)
            parent_id = row.parent or None
            if current is None:
                batch_new.append(
                    model(code=row.code, name=row.name, level=row.level, parent_id=parent_id)
                )
            elif (current.name, current.level, current.parent_id) != (
                row.name,
                row.level,
                parent_id,
            ):
                current.name, current.level, current.parent_id = row.name, row.level, parent_id
                current.save(update_fields=["name", "level", "parent"])
                updated += 1
        model.objects.bulk_create(batch_new, batch_size=2000)
        for obj in batch_new:
            existing[obj.code] = obj
        created += len(batch_new)
    return {"created": created, "updated": updated}


def load_reference_data(region_model: Any = None, industry_model: Any = None) -> dict[str, Any]:
    """Load the shipped tables; migrations pass their historical models."""
    if region_model is None or industry_model is None:
        from qstrong.registry.models import Industry, Region

        region_model, industry_model = Region, Industry
    return {
        "regions": load_rows(region_model, read_reference_csv(REGIONS_CSV), REGION_LEVELS),
        "industries": load_rows(
            industry_model, read_reference_csv(INDUSTRIES_CSV), INDUSTRY_LEVELS
        ),
    }


def reference_data_loaded() -> bool:
    from qstrong.registry.models import Region

    return Region.objects.filter(code="140703").exists()
