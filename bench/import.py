"""Benchmark: generate enterprise files and import them into a fresh database.

    .venv/bin/python bench/import.py --rows 100000            # PostgreSQL and SQLite
    .venv/bin/python bench/import.py --rows 1000000 --no-sqlite

Files go to bench/out/ (gitignored); figures are appended to bench/RESULTS.md.
PostgreSQL: the server of DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test);
a database named qstrong_bench is dropped and created there for each run.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
RESULTS = ROOT / "bench" / "RESULTS.md"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"
BENCH_DB = "qstrong_bench"

HEADER = (
    "统一社会信用代码", "企业名称", "行政区划代码", "行业代码", "成立日期", "从业人员",
    "营业收入（万元）", "注册资本（万元）", "企业规模", "认证", "标签", "产业链", "专业镇",
    "主导制定标准数", "有效发明专利数", "信用等级", "联系人", "联系电话",
)  # fmt: skip
CHAINS = [(f"chain{i:02d}", f"基准产业链{i:02d}") for i in range(1, 17)]
TOWNS = [(f"town{i:02d}", f"基准专业镇{i:02d}") for i in range(1, 19)]
CERTS = ["ISO 9001", "ISO9001:2015", "ISO14001", "ISO 45001", "IATF16949", "HACCP", "绿色工厂"]
TAGS = ["高新技术企业", "专精特新", "小巨人", "山西精品", "老字号"]
ROLES = ["链主", "链核", "骨干", "配套"]
SCALES = ["大型", "中型", "小型", "微型"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def shanxi_counties() -> list[str]:
    with (ROOT / "qstrong/registry/data/regions.csv").open(encoding="utf-8") as handle:
        return [
            r["code"]
            for r in csv.DictReader(handle)
            if r["code"].startswith("14") and r["level"] == "county"
        ]


def industries() -> list[str]:
    with (ROOT / "qstrong/registry/data/industries.csv").open(encoding="utf-8") as handle:
        return [
            r["code"]
            for r in csv.DictReader(handle)
            if r["level"] == "class" and r["code"][0] in "BCDEFGI"
        ]


def generate(rows: int, path: Path, seed: int = 20240630) -> None:
    """A deterministic file of valid rows with the usual mix of filled and empty cells."""
    from stdnum.cn import uscc

    rng = random.Random(seed)
    counties, codes = shanxi_counties(), industries()
    start = dt.date(1980, 1, 1).toordinal()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for n in range(1, rows + 1):
            county = counties[n % len(counties)]
            first17 = f"91{county}{n:08d}M"[:17]
            code = first17 + uscc.calc_check_digit(first17)
            day = dt.date.fromordinal(start + rng.randrange(16000))
            style = n % 3
            established = (
                day.isoformat()
                if style == 0
                else f"{day.year}/{day.month}/{day.day}"
                if style == 1
                else f"{day.year}年{day.month}月{day.day}日"
            )
            certs = (
                ";".join(rng.sample(CERTS, rng.randint(1, 3)))
                if rng.random() < 0.25
                else ("无" if rng.random() < 0.05 else "")
            )
            tags = "、".join(rng.sample(TAGS, rng.randint(1, 2))) if rng.random() < 0.1 else ""
            chains = f"{rng.choice(CHAINS)[1]}:{rng.choice(ROLES)}" if rng.random() < 0.03 else ""
            towns = rng.choice(TOWNS)[1] if rng.random() < 0.02 else ""
            writer.writerow([
                code, f"山西基准测试{n}号有限公司", county, rng.choice(codes), established,
                rng.randint(1, 3000), f"{rng.randint(0, 20_000_000) / 100:.2f}",
                rng.randint(10, 100000), rng.choice(SCALES) if rng.random() < 0.2 else "",
                certs, tags, chains, towns, rng.randint(0, 5) if rng.random() < 0.3 else "",
                rng.randint(0, 50) if rng.random() < 0.3 else "",
                rng.choice("ABCD") if rng.random() < 0.5 else "",
                rng.choice(SURNAMES) + "先生", f"0351-{rng.randint(1000000, 9999999)}",
            ])  # fmt: skip


def _pg_reset(url: str) -> str:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def child(url: str, path: Path, again: bool) -> None:
    """Runs in a fresh process: migrate a fresh database, import, print timings as JSON."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qstrong.settings")
    os.environ["QSTRONG_LOG_LEVEL"] = "WARNING"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from qstrong.registry.models import Chain, Town
    from qstrong.registry.services import chain_upsert

    for code, name in CHAINS:
        chain_upsert(code=code, name=name, segments=["上游", "中游", "下游"], actor=None)
    for code, name in TOWNS:
        Town.objects.get_or_create(
            code=code, defaults={"name": name, "county_id": "140121", "level": "provincial"}
        )
    assert Chain.objects.count() == len(CHAINS)
    from qstrong.registry.importing import import_path

    marks: dict[str, float] = {}

    def progress(done: int, total: int, stage: str) -> None:
        marks.setdefault(stage, time.perf_counter())

    results = []
    for attempt in range(2 if again else 1):
        marks.clear()
        start = time.perf_counter()
        batch = import_path(path=path, progress=progress)
        end = time.perf_counter()
        commit_start = marks.get("committing", end)
        results.append({
            "state": batch.state, "summary": batch.summary, "rows": batch.total_rows,
            "validate_s": round(commit_start - start, 1), "commit_s": round(end - commit_start, 1),
            "total_s": round(end - start, 1), "attempt": attempt + 1,
        })  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"runs": results, "peak_rss_mib": round(peak)}))


def measure(url: str, path: Path, again: bool) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--child", "--url", url, "--file", str(path)]
        + (["--again"] if again else []),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--again", action="store_true", help="Import the file a second time.")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.url, args.file, args.again)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"enterprises-{args.rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        generate(args.rows, path)
        print(
            f"generated {path.name} ({path.stat().st_size / 2**20:.0f} MiB) "
            f"in {time.perf_counter() - started:.0f} s"
        )
    targets = []
    if not args.no_postgres:
        targets.append(("PostgreSQL", _pg_reset(os.environ.get("DATABASE_URL", DEFAULT_PG))))
    if not args.no_sqlite:
        sqlite = OUT / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
        targets.append(("SQLite", f"sqlite:///{sqlite}"))
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    lines = []
    for name, url in targets:
        result = measure(url, path, args.again)
        for run in result["runs"]:
            line = (
                f"| {dt.date.today()} | {head} | {name} | {args.rows:,} | "
                f"{'first' if run['attempt'] == 1 else 'again'} | {run['validate_s']} | "
                f"{run['commit_s']} | {run['total_s']} | {result['peak_rss_mib']} | "
                f"{run['summary']} |"
            )
            print(line)
            lines.append(line)
    if not RESULTS.exists():
        RESULTS.write_text(
            "# Import benchmark results\n\nAppended by `bench/import.py`. Times in seconds, "
            "peak RSS of the importing process in MiB.\n\n"
            "| date | commit | database | rows | import | validate s | commit s | total s "
            "| peak RSS MiB | summary |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- "
            "| --- |\n",
            encoding="utf-8",
        )
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
