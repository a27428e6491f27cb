"""Fixtures shared by the policies tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def no_push(monkeypatch: pytest.MonkeyPatch) -> None:
    """Runs store their results but hand nothing to pushing (tested in test_pushing)."""
    monkeypatch.setattr("qstrong.policies.matching.runs._push", lambda run: 0)
