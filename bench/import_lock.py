"""Benchmark: how long an officer's edit of one enterprise waits while an import runs.

    .venv/bin/python bench/import_lock.py --rows 1000000 --database qstrong_bench_lock

PostgreSQL only: the database (--database) on the server of DATABASE_URL is dropped, created and
migrated; a county officer (清徐) and one enterprise of theirs are created. Then two imports run,
each as `qstrong import enterprises FILE` in its own process, while this process saves an edit
of one enterprise every --every seconds through the same service as the edit form
(`registry.editing.enterprise_save`) and times each save:
- "new": bench/import.py's file of N new enterprises (memberships left out); the officer edits
  an enterprise that is not in the file.
- "update": the same file again with every contact phone changed, so that all N enterprises are
  updated; the officer edits one of them (its row is in the file).
Figures (import wall time and outcome, edits made, wait p50 / p95 / max, edits over 2 s) are
appended to bench/RESULTS.md ("Imports and edits together"), with the load average.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
OUT = ROOT / "bench" / "out"
TARGET_LIMIT = 2.0  # seconds: issue 10's target for an edit's wait during an import

HEAD = """# Imports and edits together

Appended by `bench/import_lock.py`: an import of N rows runs in its own process (`qstrong
import enterprises`) while an officer's edit of one enterprise is saved every 0.5 s through the
edit form's service; each save is timed (wall time, the wait included). "new": N new
enterprises, the edited one not in the file; "update": the same N again with a changed column,
the edited one among them. Target: every edit ≤ 2 s. Seconds.

| date | commit | scenario | rows | import s | outcome | edits | p50 | p95 | max | >2 s | load |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
"""


def _url(database: str) -> str:
    server = os.environ.get("DATABASE_URL", "")
    server = server if server.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/x"
    return urlunsplit(urlsplit(server)._replace(path=f"/{database}"))


def _reset(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([str(ROOT / ".venv/bin/qstrong"), "migrate", "-v", "0"], check=True, env=env)


def _files(rows: int) -> tuple[Path, Path]:
    import polars as pl

    OUT.mkdir(exist_ok=True)
    new, again = OUT / f"lock-new-{rows}.csv", OUT / f"lock-update-{rows}.csv"
    if not (new.exists() and again.exists()):
        sys.path.insert(0, str(ROOT / "bench"))
        generator = importlib.import_module("import")
        source = OUT / f"enterprises-{rows}.csv"
        if not source.exists():
            generator.generate(rows, source)
        frame = pl.read_csv(source, infer_schema=False).drop("产业链", "专业镇")
        frame.write_csv(new)
        frame.with_columns(pl.col("联系电话").str.replace("0351-", "0352-")).write_csv(again)
    return new, again


def _git_commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()


def _edits_during(path: Path, url: str, uscc: str, officer: object, every: float) -> dict:
    from django.core.exceptions import ValidationError
    from django.db import connection

    from qstrong.registry.editing import enterprise_save
    from qstrong.registry.models import ImportBatch

    env = {**os.environ, "DATABASE_URL": url, "QSTRONG_DEBUG": "0"}
    started = time.perf_counter()
    child = subprocess.Popen(
        [str(ROOT / ".venv/bin/qstrong"), "import", "enterprises", str(path)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    waits: list[float] = []
    busy = 0
    n = 0
    while child.poll() is None:
        n += 1
        began = time.perf_counter()
        try:
            enterprise_save(
                uscc=uscc,
                data={"contact_phone": f"0351-{n:07d}"},
                chains=None,
                towns=None,
                actor=officer,
                create=False,
            )
        except ValidationError:  # told at once that an import is writing this enterprise
            busy += 1
        waits.append(time.perf_counter() - began)
        connection.close()  # a new request, a new connection
        time.sleep(max(0.0, every - waits[-1]))
    seconds = time.perf_counter() - started
    batch = ImportBatch.objects.order_by("-pk").first()
    outcome = f"{batch.state}: {batch.summary}" if batch else f"exit {child.returncode}"
    return {"seconds": seconds, "outcome": outcome, "waits": waits, "busy": busy}


def _row(scenario: str, rows: int, result: dict) -> str:
    waits = sorted(result["waits"]) or [0.0]
    p95 = waits[min(len(waits) - 1, int(len(waits) * 0.95))]
    over = sum(1 for w in waits if w > TARGET_LIMIT)
    told = f" ({result['busy']} told busy)" if result.get("busy") else ""
    return (
        f"| {dt.date.today()} | {_git_commit()} | {scenario} | {rows:,} | "
        f"{result['seconds']:.1f} | {result['outcome']} | {len(result['waits'])}{told} | "
        f"{statistics.median(waits):.2f} | {p95:.2f} | {max(waits):.2f} | {over} | "
        f"{os.getloadavg()[0]:.1f} |\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database", default="qstrong_bench_lock")
    parser.add_argument("--every", type=float, default=0.5)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    url = _url(args.database)
    new, again = _files(args.rows)
    _reset(url)
    os.environ.update({"DATABASE_URL": url, "QSTRONG_DEBUG": "0"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qstrong.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import polars as pl

    from qstrong.accounts.tests.factories import county_officer_qingxu
    from qstrong.registry.demo.codes import uscc_compose
    from qstrong.registry.services import enterprise_upsert

    officer = county_officer_qingxu()
    outside, _ = enterprise_upsert(
        uscc=uscc_compose(region="140121", organisation_body="MABENCH1"),
        data={"name": "清徐基准编辑企业有限公司", "region_id": "140121"},
        actor=None,
    )
    in_file = pl.read_csv(new, infer_schema=False).filter(pl.col("行政区划代码") == "140121")[
        "统一社会信用代码"
    ][0]
    lines = []
    for scenario, path, uscc in (("new", new, outside.uscc), ("update", again, in_file)):
        result = _edits_during(path, url, uscc, officer, args.every)
        line = _row(scenario, args.rows, result)
        print(line, end="", flush=True)
        lines.append(line)
    if not args.no_record:
        text = RESULTS.read_text(encoding="utf-8")
        if "# Imports and edits together" not in text:
            text = text.rstrip() + "\n\n" + HEAD
        RESULTS.write_text(text + "".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
