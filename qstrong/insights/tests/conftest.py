"""Fixtures for the insights tests: the article's chains, towns and figures."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def article_demo(db: Any) -> dict[str, Any]:
    """The registry's article chains and towns, then the insights demo (groups and figures)."""
    from qstrong.insights.demo import load_demo
    from qstrong.registry.demo.loader import chains_load, towns_load

    chains_load()
    towns_load()
    return load_demo(say=lambda _text: None)
