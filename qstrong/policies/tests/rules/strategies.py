"""Hypothesis strategies: random valid rules (every field and operator) and random profiles."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from qstrong.policies.rules import FIELDS

# Small pools so that random values often meet: equal, inside, on the boundary.
REGIONS = ["140000", "140100", "140105", "140121", "140700", "140703", "150000", "150102"]
INDUSTRIES = ["C", "C15", "C1511", "C27", "C272", "C2720", "C2710", "A01", "A"]
FREE_SETS = {
    "certifications": ["ISO9001", "ISO14001", "HACCP", "IATF16949"],
    "tags": ["high_tech", "specialised_sme", "little_giant"],
    "chains": ["aluminium", "pharma", "vinegar"],
    "towns": ["qingxu-vinegar", "taigu-cake"],
    "certificates": ["ISO9001", "ISO14001", "HACCP"],
    "gi_authorisations": ["qingxu_vinegar", "daizhou_wine"],
}
DATES = st.sampled_from(
    [date(2000, 2, 29), date(2001, 2, 28), date(2001, 3, 1), date(2019, 6, 30), date(2020, 2, 29)]
) | st.dates(min_value=date(1995, 1, 1), max_value=date(2026, 12, 31))
AS_OF = (
    st.sampled_from([date(2024, 2, 28), date(2024, 2, 29), date(2025, 2, 28), date(2025, 3, 1)])
    | DATES
)


def _pool(field: str) -> list[Any]:
    spec = FIELDS[field]
    if spec.kind == "region":
        return REGIONS
    if spec.kind == "industry":
        return INDUSTRIES
    if spec.choices and spec.closed:
        return list(spec.choice_values())
    return FREE_SETS[field]


def _scalar(field: str) -> st.SearchStrategy[Any]:
    kind = FIELDS[field].kind
    if kind == "int":
        return st.integers(min_value=-2, max_value=40)
    if kind == "number":
        return st.integers(min_value=0, max_value=40) | st.floats(
            min_value=0, max_value=40, allow_nan=False
        )
    if kind == "date":
        return DATES.map(date.isoformat)
    return st.sampled_from(_pool(field))


def _value(field: str, op: str) -> st.SearchStrategy[Any]:
    one = _scalar(field)
    if op in ("is_set", "is_empty"):
        return st.none()
    if op in ("in", "not_in", "contains_any", "contains_all"):
        return st.lists(one, min_size=1, max_size=3)
    if op == "within":
        return one | st.lists(one, min_size=1, max_size=3)
    if op == "between":
        key = date.fromisoformat if FIELDS[field].kind == "date" else (lambda item: item)
        return st.tuples(one, one).map(lambda pair: sorted(pair, key=key))
    return one


FIELD_OPS = [(field, op) for field, spec in FIELDS.items() for op in spec.ops]


@st.composite
def conditions(draw: st.DrawFn) -> dict[str, Any]:
    field, op = draw(st.sampled_from(FIELD_OPS))
    value = draw(_value(field, op))
    if op in ("is_set", "is_empty") and draw(st.booleans()):
        return {"field": field, "op": op}
    return {"field": field, "op": op, "value": value}


def rules() -> st.SearchStrategy[dict[str, Any]]:
    return st.recursive(
        conditions(),
        lambda inner: st.one_of(
            st.lists(inner, min_size=1, max_size=4).map(lambda items: {"all": items}),
            st.lists(inner, min_size=1, max_size=4).map(lambda items: {"any": items}),
            inner.map(lambda item: {"not": item}),
        ),
        max_leaves=12,
    )


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _text(pool: list[str]) -> st.SearchStrategy[Any]:
    # "" is unknown, like None.
    return st.none() | st.just("") | st.sampled_from(pool)


def _set(field: str) -> st.SearchStrategy[Any]:
    items = st.lists(st.sampled_from(_pool(field)), max_size=3)
    return items if not FIELDS[field].nullable else _maybe(items)


def profiles() -> st.SearchStrategy[dict[str, Any]]:
    numbers = st.integers(min_value=0, max_value=40) | st.floats(
        min_value=0, max_value=40, allow_nan=False
    )
    return st.fixed_dictionaries(
        {
            "region": _text([*REGIONS, "140122", "141000"]),
            "industry": _text([*INDUSTRIES, "C2721", "C3216"]),
            "scale": _text(_pool("scale")),
            "credit_rating": _text(_pool("credit_rating")),
            "employees": _maybe(st.integers(min_value=0, max_value=40)),
            "standards_led": _maybe(st.integers(min_value=0, max_value=40)),
            "patents": _maybe(st.integers(min_value=0, max_value=40)),
            "high_value_patents": _maybe(st.integers(min_value=0, max_value=40)),
            "revenue": _maybe(numbers),
            "registered_capital": _maybe(numbers),
            "established": _maybe(DATES),
            **{
                name: _set(name)
                for name in (
                    "certifications",
                    "tags",
                    "chains",
                    "chain_roles",
                    "towns",
                    "certificates",
                    "gi_authorisations",
                    "brand_honours",
                )
            },
        }
    )
