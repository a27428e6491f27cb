"""`qstrong loaddemo [--synthetic N]`: article data, demo accounts, N synthetic enterprises."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qstrong.registry.demo.accounts import DemoUsersRefused, demo_logins_lines
from qstrong.registry.demo.loader import (
    DEMO_EXTENSIONS,
    SYNTHETIC_SEED,
    DemoLoadError,
    SyntheticRefused,
    load_demo,
)


def _counts(values: dict[str, int]) -> str:
    order = ("created", "updated", "unchanged")
    return ", ".join(f"{key} {values.get(key, 0)}" for key in order)


EXTENSION_LABELS = {
    "policies": "政策 / policies",
    "casework": "惠企直通车与需求任务 / outreach, needs, tasks",
    "quality": "质量攻关 / quality problems, projects, programmes",
    "foodsafety": "食品安全日管控 / food-safety routine",
    "insights": "指标 / indicators",
}


class Command(BaseCommand):
    help = (
        "Load the demo: the newspaper feature's chains, towns and enterprises, demo accounts, and "
        "optionally N synthetic enterprises (marked synthetic). Safe to run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--synthetic",
            type=int,
            default=0,
            metavar="N",
            help="Also import N synthetic enterprises (make demo passes 2000).",
        )
        parser.add_argument("--seed", type=int, default=SYNTHETIC_SEED)
        parser.add_argument(
            "--no-users", action="store_true", help="Do not create the demo organisations/users."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["synthetic"] < 0:
            raise CommandError("--synthetic must be ≥ 0")
        users = not options["no_users"]
        try:
            result = load_demo(
                synthetic=options["synthetic"],
                users=users,
                seed=options["seed"],
                stdout=self.stdout if options["verbosity"] > 1 else None,
            )
        except (DemoUsersRefused, SyntheticRefused, DemoLoadError) as exc:
            raise CommandError(str(exc)) from exc
        out = self.stdout.write
        out(f"产业链 / chains: {_counts(result['chains'])}")
        out(f"专业镇 / towns: {_counts(result['towns'])}")
        out(f"报道企业 / article enterprises: {_counts(result['enterprises'])}")
        out(f"供应关系 / supply links: {result['supply_links']}")
        if users:
            out(f"组织 / organisations: {_counts(result['organisations'])}")
            out(f"用户 / users: {_counts(result['users'])}")
        if "synthetic" in result:
            syn = result["synthetic"]
            if syn["imported"]:
                out(
                    f"合成企业 / synthetic enterprises: {syn['rows']} rows, import batch "
                    f"{syn['batch']}: {_counts(syn)}, marked synthetic {syn['marked']}"
                )
            else:
                out(
                    f"合成企业 / synthetic enterprises: {syn['rows']} rows already imported "
                    f"(batch {syn['batch']}), marked synthetic {syn['marked']}"
                )
        for dotted in DEMO_EXTENSIONS:
            app = dotted.split(".")[1]
            label = EXTENSION_LABELS.get(app, app)
            out(f"{label}: {json.dumps(result.get(app, {}), ensure_ascii=False, default=str)}")
        if users:
            out("")
            for line in demo_logins_lines():
                out(line)
        self.stdout.write(self.style.SUCCESS("演示数据已加载 / demo data loaded"))
