"""Locust users for bench/web.py: each is a demo login and opens its role's pages.

The pages come from the JSON file bench/web.py writes (QSTRONG_BENCH_PAGES): {username:
{"session": a signed-in session key, "pages": {page label: path}}}. Users are spread over the
roles by bench/webpages.ROLES' weights; each request is named by its page label, so that the
statistics are per page. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task
from webpages import ROLES

THINK = tuple(float(x) for x in os.environ.get("QSTRONG_BENCH_THINK", "1,3").split(","))
PLAN: dict[str, dict[str, Any]] = json.loads(
    Path(os.environ["QSTRONG_BENCH_PAGES"]).read_text(encoding="utf-8")
)


def _role_user(username: str, weight_: int) -> type[HttpUser]:
    class RoleUser(HttpUser):
        weight = weight_
        # An officer reads a page before opening the next. 1–3 s (the default) is a stress
        # figure; QSTRONG_BENCH_THINK="10,30" (bench/web.py load --think) is closer to people
        # at work (docs/performance.md "Think time").
        wait_time = between(*THINK)

        def on_start(self) -> None:
            # A session bench/web.py signed in for this demo login (no password hashing here).
            self.client.cookies.set("sessionid", PLAN[username]["session"], domain="127.0.0.1")

        @task
        def open_a_page(self) -> None:
            label, path = random.choice(list(PLAN[username]["pages"].items()))
            self.client.get(path, name=label)

    RoleUser.__name__ = f"User_{username}"
    return RoleUser


for _name, _weight in ROLES.items():
    if _name in PLAN:
        globals()[f"User_{_name}"] = _role_user(_name, _weight)
