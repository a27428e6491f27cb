"""The API keeps its own contract: schemathesis as a province planner and as an enterprise user.

A short run (QSTRONG_API_FUZZ_EXAMPLES, 2 by default) on the demo data; `make api-fuzz` runs the
nightly length. A failure lists each operation, the failed check and a curl to reproduce it.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

from tests.api.contract import run_contract

SYNTHETIC = int(os.environ.get("QSTRONG_API_FUZZ_SYNTHETIC", "0"))


@pytest.fixture
def demo(db: Any) -> None:
    from qstrong.registry.demo.loader import load_demo

    load_demo(synthetic=SYNTHETIC)


@pytest.mark.parametrize("username", ["province", "guangyuyuan"])
def test_the_api_keeps_its_contract(demo: None, username: str) -> None:
    from qstrong.accounts.models import User

    report = run_contract(user=User.objects.get(username=username), role=username)
    assert not report.failures, report.summary()
