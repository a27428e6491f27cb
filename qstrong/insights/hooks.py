"""Hooks the overview offers to the apps above it: counts computed from their own records.

An upper app (handbooks) registers a provider in its AppConfig.ready(); the overview calls every
provider with the reader and shows the rows (name, value, period) among the province's counts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CountRow = tuple[str, str, str]
COUNT_PROVIDERS: list[Callable[[Any], list[CountRow]]] = []


def register_count_provider(provider: Callable[[Any], list[CountRow]]) -> None:
    if provider not in COUNT_PROVIDERS:
        COUNT_PROVIDERS.append(provider)


def provided_counts(user: Any) -> list[CountRow]:
    rows: list[CountRow] = []
    for provider in COUNT_PROVIDERS:
        rows += provider(user)
    return rows
