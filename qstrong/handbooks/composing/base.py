"""The section composer registry: the extension point where other apps add a handbook section.

A composer takes a ComposeContext and returns the section's blocks. Register one with
``@section("enterprise", "certificates", "认证证书")``; the province puts its key in the kind's
section order (SectionLayout, edited on the province's library page) to show it. The
quality-infrastructure registers are read through nqi's selectors in `registers.py` (ADR 0014).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from qstrong.handbooks.schemas import Block

Composer = Callable[["ComposeContext"], list[Block]]


@dataclass
class ComposeContext:
    handbook: Any
    as_of: dt.date
    measures: list[Any] = field(default_factory=list)
    # Reads several sections share (the tasks feed three lists), made once per composition.
    memo: dict[str, Any] = field(default_factory=dict)

    @property
    def subject(self) -> Any:
        return self.handbook.subject

    def once(self, key: str, read: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = read()
        return self.memo[key]


@dataclass(frozen=True)
class SectionSpec:
    kind: str
    key: str
    title: str
    compose: Composer
    # Drawn from records: regenerating refreshes it unless an officer edited it.
    from_records: bool = True


REGISTRY: dict[str, dict[str, SectionSpec]] = {"enterprise": {}, "chain": {}, "town": {}}


def section(
    kind: str, key: str, title: str, *, from_records: bool = True
) -> Callable[[Composer], Composer]:
    def register(fn: Composer) -> Composer:
        REGISTRY[kind][key] = SectionSpec(kind, key, title, fn, from_records)
        return fn

    return register


def spec_of(kind: str, key: str) -> SectionSpec | None:
    return REGISTRY.get(kind, {}).get(key)


def sections_available(kind: str) -> list[tuple[str, str]]:
    """(key, title) of every section a composer can draw for the kind, in registration order."""
    return [(key, spec.title) for key, spec in REGISTRY.get(kind, {}).items()]


def dash(value: Any) -> str:
    """A value as a handbook cell: "—" for not recorded."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def money(value: Decimal | None, unit: str = "万元") -> str:
    if value is None:
        return "—"
    return f"{value.quantize(Decimal('0.01')):,f}{unit}"
