"""The API keeps its own contract: schemathesis as a province planner and as an enterprise user.

In the suite: 2 examples per operation on the demo (article data and accounts); the planner in
every phase (examples, coverage, fuzzing), the enterprise user in examples and fuzzing. Nightly
(`make api-fuzz`): 8 examples, every phase for both, with 2,000 synthetic enterprises. A failure
lists each operation and check, the answer and a curl to reproduce it (docs/api.md).
"""

from __future__ import annotations

import os
import time
from typing import Any

import pytest

from tests.api.contract import ALL_MODES, NIGHTLY, run_contract

SYNTHETIC = int(os.environ.get("QSTRONG_API_FUZZ_SYNTHETIC", "2000" if NIGHTLY else "0"))
ROLES = {
    # username in the demo: phases in the suite's run
    "province": ALL_MODES,  # 省局规划人员
    "guangyuyuan": ALL_MODES if NIGHTLY else ("examples", "fuzzing"),  # 企业用户
}


@pytest.fixture
def demo(db: Any) -> None:
    from qstrong.registry.demo.loader import load_demo

    load_demo(synthetic=SYNTHETIC)


@pytest.mark.parametrize("username", list(ROLES))
def test_the_api_keeps_its_contract(demo: None, username: str) -> None:
    from qstrong.accounts.models import User

    user = User.objects.get(username=username)
    started = time.monotonic()
    report = run_contract(user=user, role=username, modes=ROLES[username])

    # The figures docs/api.md quotes (`make api-fuzz` shows them: pytest -rP).
    print(f"{report.summary().splitlines()[0]} [{time.monotonic() - started:.0f} s]")
    assert not report.failures, report.summary()
