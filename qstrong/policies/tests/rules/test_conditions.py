"""Every field × operator: true, false and unknown, on both the Python and the Polars path."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from qstrong.policies.rules import FIELDS, Truth
from qstrong.policies.tests.rules.helpers import AS_OF, condition, outcome

T, F, U = Truth.TRUE, Truth.FALSE, Truth.UNKNOWN


def _numeric(field: str, value: float, below: float, above: float) -> list[tuple[Any, ...]]:
    """eq ne lt le gt ge between for one numeric field, with boundary values."""
    return [
        (field, "eq", value, value, above),
        (field, "ne", value, above, value),
        (field, "lt", value, below, value),
        (field, "le", value, value, above),
        (field, "gt", value, above, value),
        (field, "ge", value, value, below),
        (field, "between", [below, value], below, above),
        (field, "between", [below, value], value, above),
    ]


def _sets(field: str, a: str, b: str, c: str) -> list[tuple[Any, ...]]:
    return [
        (field, "contains", a, [a, b], [b]),
        (field, "contains", a, [a], []),
        (field, "contains_any", [a, b], [b], [c]),
        (field, "contains_any", [a, b], [a, b, c], []),
        (field, "contains_all", [a, b], [b, c, a], [a]),
        (field, "contains_all", [a, b], [a, b], []),
    ]


# (field, op, value, an actual value making it true, an actual value making it false)
CASES: list[tuple[Any, ...]] = [
    ("region", "eq", "140121", "140121", "140122"),
    ("region", "ne", "140121", "140122", "140121"),
    ("region", "in", ["140121", "140703"], "140703", "140105"),
    ("region", "not_in", ["140121", "140703"], "140105", "140703"),
    ("region", "within", "140000", "140121", "150102"),
    ("region", "within", ["140100", "140700"], "140703", "140221"),
    ("industry", "eq", "C2720", "C2720", "C272"),
    ("industry", "ne", "C2720", "C272", "C2720"),
    ("industry", "in", ["C27", "C2720"], "C2720", "C2710"),
    ("industry", "not_in", ["C27", "C2720"], "C2710", "C27"),
    ("industry", "within", "C27", "C2720", "C1511"),
    ("industry", "within", ["C15", "C27"], "C1511", "C3216"),
    ("scale", "eq", "small", "small", "micro"),
    ("scale", "ne", "small", "micro", "small"),
    ("scale", "in", ["small", "micro"], "micro", "large"),
    ("scale", "not_in", ["small", "micro"], "large", "small"),
    ("credit_rating", "eq", "A", "A", "B"),
    ("credit_rating", "ne", "A", "B", "A"),
    ("credit_rating", "in", ["A", "B"], "B", "C"),
    ("credit_rating", "not_in", ["A", "B"], "D", "A"),
    *_numeric("employees", 20, 19, 21),
    *_numeric("standards_led", 3, 2, 4),
    *_numeric("patents", 5, 0, 6),
    *_numeric("revenue", 2000.5, 2000, 2000.75),
    *_numeric("registered_capital", 500, 499.99, 500.01),
    ("established", "before", "2019-06-30", date(2019, 6, 29), date(2019, 6, 30)),
    ("established", "after", "2019-06-30", date(2019, 7, 1), date(2019, 6, 30)),
    ("established", "between", ["2019-01-01", "2019-12-31"], date(2019, 1, 1), date(2020, 1, 1)),
    (
        "established",
        "between",
        ["2019-01-01", "2019-12-31"],
        date(2019, 12, 31),
        date(2018, 12, 31),
    ),
    *_sets("certifications", "ISO9001", "HACCP", "ISO14001"),
    *_sets("tags", "high_tech", "little_giant", "time_honoured"),
    *_sets("chains", "aluminium", "pharma", "vinegar"),
    *_sets("chain_roles", "leader", "core", "supplier"),
    *_sets("towns", "qingxu-vinegar", "taigu-cake", "daizhou-wine"),
    *_sets("certificates", "ISO9001", "HACCP", "ISO14001"),
    *_sets("gi_authorisations", "qingxu_vinegar", "daizhou_wine", "taigu_cake"),
    *_numeric("high_value_patents", 2, 1, 3),
    *_sets("brand_honours", "shanxi_premium", "well_known_mark", "gi_mark"),
]


def _profile(field: str, actual: Any) -> dict[str, Any]:
    if field == "age_years":
        # the whole-years age on AS_OF (30 June): founded on 30 June, `actual` years before
        return {"established": None if actual is None else date(AS_OF.year - actual, 6, 30)}
    return {field: actual}


def _ids(case: tuple[Any, ...]) -> str:
    return f"{case[0]}-{case[1]}-{case[2]}"


@pytest.mark.parametrize("case", CASES + _numeric("age_years", 5, 4, 6), ids=_ids)
def test_true_false_unknown(case: tuple[Any, ...]) -> None:
    field, op, value, true_actual, false_actual = case
    rule = condition(field, op, value)
    # given an enterprise whose value satisfies the condition, then true
    assert outcome(rule, _profile(field, true_actual)) is T
    # given one whose value does not, then false
    assert outcome(rule, _profile(field, false_actual)) is F
    # given one without a value: unknown, except for the platform's own membership sets (empty)
    assert outcome(rule, _profile(field, None)) is (U if FIELDS[field].nullable else F)


def test_every_field_and_operator_is_covered() -> None:
    covered = {(case[0], case[1]) for case in CASES} | {
        ("age_years", op) for op in ("eq", "ne", "lt", "le", "gt", "ge", "between")
    }
    expected = {
        (field, op)
        for field, spec in FIELDS.items()
        for op in spec.ops
        if op not in ("is_set", "is_empty")
    }
    assert expected == covered


# A recorded value for each field, for is_set / is_empty.
SAMPLES: dict[str, Any] = {
    "region": "140121",
    "industry": "C2720",
    "scale": "small",
    "employees": 0,
    "revenue": 0.0,
    "registered_capital": 12.5,
    "established": date(2001, 3, 1),
    "age_years": 0,
    "certifications": ["ISO9001"],
    "tags": ["high_tech"],
    "chains": ["aluminium"],
    "chain_roles": ["leader"],
    "towns": ["qingxu-vinegar"],
    "standards_led": 0,
    "patents": 0,
    "credit_rating": "A",
    "certificates": ["ISO9001"],
    "gi_authorisations": ["qingxu_vinegar"],
    "high_value_patents": 0,
    "brand_honours": ["shanxi_premium"],
}


@pytest.mark.parametrize("field", list(FIELDS))
def test_is_set_and_is_empty(field: str) -> None:
    is_set, is_empty = condition(field, "is_set"), condition(field, "is_empty", None)
    # a recorded value (zero counts as a value)
    assert outcome(is_set, _profile(field, SAMPLES[field])) is T
    assert outcome(is_empty, _profile(field, SAMPLES[field])) is F
    # no value: never unknown for these two operators
    assert outcome(is_set, _profile(field, None)) is F
    assert outcome(is_empty, _profile(field, None)) is T


@pytest.mark.parametrize("field", ["certifications", "tags", "chains", "chain_roles", "towns"])
def test_recorded_empty_set_is_a_value(field: str) -> None:
    # given a set recorded as empty: is_set false, is_empty true, contains false (not unknown)
    assert outcome(condition(field, "is_set"), {field: []}) is F
    assert outcome(condition(field, "is_empty"), {field: []}) is T
    item = "leader" if field == "chain_roles" else "x"
    assert outcome(condition(field, "contains", item), {field: []}) is F
    assert outcome(condition(field, "contains_any", [item]), {field: []}) is F


def test_null_certifications_are_unknown_but_membership_sets_never_are() -> None:
    # certifications / tags never recorded → unknown; chains / chain_roles / towns → no membership
    assert (
        outcome(condition("certifications", "contains", "ISO9001"), {"certifications": None}) is U
    )
    assert outcome(condition("tags", "contains_all", ["high_tech"]), {}) is U
    assert outcome(condition("chains", "contains", "aluminium"), {"chains": None}) is F
    assert outcome(condition("chain_roles", "contains_any", ["leader", "core"]), {}) is F
    assert outcome(condition("towns", "contains_all", ["taigu-cake"]), {"towns": None}) is F
    assert outcome({"not": condition("towns", "contains", "taigu-cake")}, {}) is T


@pytest.mark.parametrize(
    ("value", "inside", "outside"),
    [
        # province: 140000 covers 14xxxx
        ("140000", ["140000", "140100", "140121", "141182"], ["150102", "130100", "410000"]),
        # city: 140700 (晋中) covers 1407xx
        ("140700", ["140700", "140703", "140781"], ["140121", "140800", "140070", "150703"]),
        # county: a county code covers itself only
        ("140121", ["140121"], ["140122", "140100", "140000", "1401210"]),
    ],
)
def test_region_within_levels(value: str, inside: list[str], outside: list[str]) -> None:
    rule = condition("region", "within", value)
    assert [outcome(rule, {"region": code}) for code in inside] == [T] * len(inside)
    assert [outcome(rule, {"region": code}) for code in outside] == [F] * len(outside)


def test_region_within_a_list_is_inside_any() -> None:
    rule = condition("region", "within", ["140121", "140700"])
    assert outcome(rule, {"region": "140121"}) is T
    assert outcome(rule, {"region": "140729"}) is T
    assert outcome(rule, {"region": "140105"}) is F


@pytest.mark.parametrize(
    ("prefix", "inside", "outside"),
    [
        ("C", ["C", "C27", "C272", "C2720", "C1511"], ["A01", "D4411"]),
        ("C27", ["C27", "C272", "C2720", "C2710"], ["C2", "C", "C15", "C3216"]),
        ("C272", ["C272", "C2720"], ["C27", "C2710", "C2730"]),
        ("C2720", ["C2720"], ["C272", "C2721", "C27"]),
    ],
)
def test_industry_within_prefixes(prefix: str, inside: list[str], outside: list[str]) -> None:
    rule = condition("industry", "within", prefix)
    assert [outcome(rule, {"industry": code}) for code in inside] == [T] * len(inside)
    assert [outcome(rule, {"industry": code}) for code in outside] == [F] * len(outside)


@pytest.mark.parametrize(
    ("established", "as_of", "years"),
    [
        # the anniversary completes the year; the day before does not
        (date(2019, 6, 30), date(2024, 6, 30), 5),
        (date(2019, 6, 30), date(2024, 6, 29), 4),
        (date(2019, 7, 1), date(2024, 6, 30), 4),
        # founded on 29 February: in common years the year completes on 1 March
        (date(2020, 2, 29), date(2021, 2, 28), 0),
        (date(2020, 2, 29), date(2021, 3, 1), 1),
        (date(2020, 2, 29), date(2024, 2, 28), 3),
        (date(2020, 2, 29), date(2024, 2, 29), 4),
        # as-of on 29 February
        (date(2019, 2, 28), date(2024, 2, 29), 5),
        (date(2019, 3, 1), date(2024, 2, 29), 4),
        # founded after the as-of date
        (date(2025, 1, 1), date(2024, 6, 30), -1),
    ],
)
def test_age_years_around_anniversaries(established: date, as_of: date, years: int) -> None:
    profile = {"established": established}
    for op, expected in (("eq", T), ("ge", T), ("gt", F), ("le", T), ("lt", F), ("ne", F)):
        assert outcome(condition("age_years", op, years), profile, as_of=as_of) is expected, op
    assert outcome(condition("age_years", "eq", years + 1), profile, as_of=as_of) is F
    assert outcome(condition("age_years", "between", [years, years]), profile, as_of=as_of) is T
    assert (
        outcome(condition("age_years", "between", [years + 1, years + 9]), profile, as_of=as_of)
        is F
    )


def test_age_years_with_extreme_values_stays_exact() -> None:
    profile = {"established": date(2000, 1, 1)}
    assert outcome(condition("age_years", "lt", 10**15), profile) is T
    assert outcome(condition("age_years", "ge", -(10**15)), profile) is T
    assert outcome(condition("age_years", "gt", 10**15), profile) is F


def test_empty_text_counts_as_unknown() -> None:
    assert outcome(condition("scale", "ne", "small"), {"scale": ""}) is U
    assert outcome(condition("region", "is_set"), {"region": ""}) is F
    assert outcome(condition("credit_rating", "in", ["A"]), {"credit_rating": ""}) is U


def test_integer_and_float_values_compare_alike() -> None:
    # revenue accepts an int or a float; 2000 and 2000.0 are the same amount
    assert outcome(condition("revenue", "eq", 2000), {"revenue": 2000.0}) is T
    assert outcome(condition("revenue", "ge", 1999.99), {"revenue": 2000}) is T
