"""The import derives the scale for a whole column exactly as derive_scale does for one."""

from __future__ import annotations

import random
from decimal import Decimal

import polars as pl
import pytest

from qstrong.registry.importing.scaling import derived_scale
from qstrong.registry.models import Industry
from qstrong.registry.scale import derive_scale


@pytest.mark.django_db
def test_the_vectorised_scale_agrees_with_derive_scale():
    rng = random.Random(11)
    codes = [*Industry.objects.values_list("code", flat=True), None]
    rows = []
    for _ in range(20000):
        employees = rng.choice([None, rng.randint(0, 3000), 300, 1000, 20, 19])
        cents = rng.choice([None, rng.randint(0, 30_000_000), 200_000, 4_000_000, 29_999])
        rows.append((rng.choice(codes), employees, cents))
    frame = pl.DataFrame(rows, schema={"i": pl.String, "e": pl.Int64, "r": pl.Int64}, orient="row")
    got = derived_scale(frame, industry="i", employees="e", revenue_cents="r").to_list()
    expected = [
        derive_scale(industry_code=i, employees=e, revenue=None if r is None else Decimal(r) / 100)
        for i, e, r in rows
    ]
    assert got == expected
