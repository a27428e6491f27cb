"""The enterprise profile as rules read it: one normal form for the Python and Polars paths."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from qstrong.policies.rules.spec import FIELDS, SET_FIELDS, TEXT_FIELDS

PROFILE_FIELDS = tuple(name for name in FIELDS if name != "age_years")
INT_FIELDS = tuple(
    name for name, spec in FIELDS.items() if spec.kind == "int" and name != "age_years"
)
NUMBER_FIELDS = tuple(name for name, spec in FIELDS.items() if spec.kind == "number")


def age_in_years(established: date, as_of: date) -> int:
    """Completed whole years from ``established`` to ``as_of`` (negative when founded after as_of).

    A 29 February founding completes its year on 1 March in common years.
    """
    before_anniversary = (as_of.month, as_of.day) < (established.month, established.day)
    return as_of.year - established.year - int(before_anniversary)


def normalise_profile(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The profile's values in the rule engine's normal form.

    Missing keys and empty strings are unknown (None); Decimal becomes float; sets become lists of
    strings; chains, chain_roles and towns are never unknown (None → []).
    """
    result: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        result[name] = _normal(name, profile.get(name))
    return result


def _normal(name: str, value: Any) -> Any:
    if name in SET_FIELDS:
        if value is None:
            return None if FIELDS[name].nullable else []
        return _strings(value)
    if value is None or value == "":
        return None
    if name in TEXT_FIELDS:
        text = str(value)
        return text or None
    if name in INT_FIELDS:
        return _integer(name, value)
    if name in NUMBER_FIELDS:
        number = float(value) if isinstance(value, Decimal | int | float) else float(str(value))
        return None if math.isnan(number) else number
    return _date(value)


def _strings(values: Iterable[Any]) -> list[str]:
    if isinstance(values, str):
        raise ValueError(f"a set field needs a list of strings, not the string {values!r}")
    items = [str(item) for item in values if item is not None and item != ""]
    return sorted(set(items)) if isinstance(values, set | frozenset) else items


def _integer(name: str, value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = float(value)
    if not number.is_integer():
        raise ValueError(f"{name} must be a whole number, not {value!r}")
    return int(number)


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
