"""The policies part of the demo: the article's records, loaded idempotently after the registry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def load_demo(*, say: Callable[[str], None]) -> dict[str, Any]:
    return {}
