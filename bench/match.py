"""Benchmark: a full matching run from the database to stored results; one enterprise's re-match.

    .venv/bin/python bench/match.py --enterprises 1000000 --policies 200

PostgreSQL only: on the server of DATABASE_URL (default 127.0.0.1:5432), a database named
qstrong_bench (--database) is dropped and created, migrated, and filled straight with COPY: N
synthetic enterprises (real Shanxi counties and GB/T 4754 classes, ~15 % with each optional
field empty), chain and town memberships, and P generated policies of 5–15 conditions each that
together use every field and every operator. Then, in a fresh process (so that peak RSS is the
run's own): a full `match_run` (load / evaluate / store split), the same run again (the nightly
re-run: results replaced, matched_at kept), and the median of 50 single-enterprise re-matches.
Figures are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/qstrong_bench"
AS_OF = dt.date(2025, 6, 30)
CERTS = ["ISO9001", "ISO14001", "ISO45001", "IATF16949", "HACCP"]
TAGS = ["high_tech", "specialised_sme", "little_giant", "shanxi_premium", "time_honoured"]
ROLES = ["leader", "core", "backbone", "supplier"]
CHAINS = [f"chain{i:02d}" for i in range(1, 17)]
TOWNS = [f"town{i:02d}" for i in range(1, 19)]
# Value pools of the set fields (the registers' fields too: the generated registry has no
# register records, so those conditions see unknown / empty values).
SET_POOLS = {
    "certifications": CERTS,
    "tags": TAGS,
    "chains": CHAINS,
    "chain_roles": ROLES,
    "towns": TOWNS,
    "certificates": CERTS,
    "gi_authorisations": ["qingxu_vinegar", "daizhou_wine", "pingyao_beef"],
    "brand_honours": ["shanxi_premium", "well_known_mark", "gi_mark"],
}


def _setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qstrong.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _reference(kind: str, level: str) -> list[str]:
    with (ROOT / f"qstrong/registry/data/{kind}.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return [
            r["code"]
            for r in rows
            if r["level"] == level and (kind != "regions" or r["code"].startswith("14"))
        ]


def recreate_database(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# Generation ---------------------------------------------------------------------------------


def generate_enterprises(count: int) -> None:
    """N enterprises by COPY: a deterministic hash of the row number picks every value."""
    import polars as pl
    from django.utils import timezone

    from qstrong.registry.importing.dbwrite import insert_frame
    from qstrong.registry.models import Enterprise

    counties, classes = _reference("regions", "county"), _reference("industries", "class")
    n = pl.int_range(0, count, dtype=pl.UInt64)

    def pick(seed: int, values: list[Any]) -> pl.Expr:
        return (
            pl.lit(pl.Series(values))
            .gather((n.hash(seed) % len(values)).cast(pl.Int64))
            .alias(f"v{seed}")
        )

    def number(seed: int, high: int) -> pl.Expr:
        return (n.hash(seed) % high).cast(pl.Int64)

    def empty_when(seed: int, expr: pl.Expr, percent: int = 15) -> pl.Expr:
        return pl.when(number(seed, 100) < percent).then(None).otherwise(expr)

    def json_list(seed: int, values: list[str]) -> pl.Expr:
        # 0–2 items; 15 % not recorded (null), the rest recorded (possibly empty).
        first, second = pick(seed, ["", *values]), pick(seed + 1, ["", "", "", *values])
        items = pl.concat_list(first, second).list.eval(pl.element().filter(pl.element() != ""))
        text = items.list.unique(maintain_order=True).list.eval(pl.format('"{}"', pl.element()))
        return empty_when(seed + 2, pl.format("[{}]", text.list.join(",")))

    now = timezone.now().isoformat()
    frame = pl.select(
        pl.format("91{}{}", pick(1, counties), n.cast(pl.String).str.zfill(10)).alias("uscc"),
        pl.format("基准企业{}", n).alias("name"),
        pick(1, counties).alias("region_id"),
        empty_when(3, pick(2, classes), 5).alias("industry_id"),
        empty_when(5, (pl.lit(dt.date(1980, 1, 1)) + pl.duration(days=number(4, 16000)))).alias(
            "established"
        ),
        empty_when(7, number(6, 2000)).alias("employees"),
        empty_when(9, number(8, 5_000_000) / 100).alias("revenue"),
        empty_when(11, number(10, 1_000_000) / 100).alias("registered_capital"),
        pl.when(number(13, 100) < 30)
        .then(pl.lit(""))
        .otherwise(pick(12, ["large", "medium", "small", "micro"]))
        .alias("scale"),
        pl.lit(False).alias("scale_derived"),
        json_list(20, CERTS).alias("certifications"),
        json_list(30, TAGS).alias("tags"),
        empty_when(15, number(14, 8)).alias("standards_led"),
        empty_when(17, number(16, 30)).alias("patents"),
        pl.when(number(19, 100) < 30)
        .then(pl.lit(""))
        .otherwise(pick(18, ["A", "B", "C", "D"]))
        .alias("credit_rating"),
        pl.lit("").alias("contact_name"),
        pl.lit("").alias("contact_phone"),
        pl.lit("synthetic").alias("source"),
        pl.lit("bench/match.py").alias("source_note"),
        pl.lit(now).alias("created_at"),
        pl.lit(now).alias("updated_at"),
    )
    insert_frame(Enterprise, frame)


def generate_memberships(count: int) -> None:
    """~3 % of enterprises on a chain (with a role), ~2 % in a town."""
    import polars as pl
    from django.utils import timezone

    from qstrong.registry.importing.dbwrite import insert_frame
    from qstrong.registry.models import Chain, ChainMember, Enterprise, Town, TownMember

    chains = [Chain.objects.create(code=c, name=f"基准产业链{c[-2:]}") for c in CHAINS]
    towns = [
        Town.objects.create(
            code=t, name=f"基准专业镇{t[-2:]}", county_id="140121", level="provincial"
        )
        for t in TOWNS
    ]
    low = Enterprise.objects.order_by("pk").values_list("pk", flat=True).first() or 1
    ids = pl.int_range(low, low + count, dtype=pl.Int64, eager=True)
    now = timezone.now().isoformat()
    rng = random.Random(7)
    chain_rows = ids.sample(fraction=0.03, seed=1).sort()
    insert_frame(
        ChainMember,
        pl.DataFrame(
            {
                "enterprise_id": chain_rows,
                "chain_id": [chains[rng.randrange(len(chains))].pk for _ in range(len(chain_rows))],
                "role": [ROLES[rng.randrange(4)] for _ in range(len(chain_rows))],
                "created_at": now,
                "updated_at": now,
            }
        ),
    )
    town_rows = ids.sample(fraction=0.02, seed=2).sort()
    insert_frame(
        TownMember,
        pl.DataFrame(
            {
                "enterprise_id": town_rows,
                "town_id": [towns[rng.randrange(len(towns))].pk for _ in range(len(town_rows))],
                "is_leading": False,
                "created_at": now,
                "updated_at": now,
            }
        ),
    )


def condition(rng: random.Random, field: str, op: str) -> dict[str, Any]:
    """One random valid condition on `field` with `op`."""
    counties, cities = ["140121", "140703", "140105", "140211"], ["140100", "140700", "140200"]
    values: dict[str, Any] = {
        "region": {"eq": "140121", "ne": "140121", "in": counties, "not_in": counties[:2],
                   "within": rng.choice([["140000"], "140100", cities[:2], "140121"])},
        "industry": {"eq": "C1469", "ne": "C1469", "in": ["C1469", "C2720"],
                     "not_in": ["C1469"], "within": rng.choice(["C", "C27", ["C13", "C14"]])},
        "scale": {"eq": "small", "ne": "large", "in": ["small", "micro"], "not_in": ["large"]},
        "credit_rating": {"eq": "A", "ne": "D", "in": ["A", "B"], "not_in": ["C", "D"]},
    }  # fmt: skip
    if op in ("is_set", "is_empty"):
        return {"field": field, "op": op}
    if field in values:
        return {"field": field, "op": op, "value": values[field][op]}
    if op.startswith("contains"):
        # The registry's own sets, and the facts other apps add (nqi's certificates, …) with
        # made-up keys: the bench's enterprises hold none of those, as most real ones.
        from qstrong.policies.rules import FIELDS

        choices = [key for key, *_ in FIELDS[field].choices]
        pool = {"certifications": CERTS, "tags": TAGS, "chains": CHAINS, "chain_roles": ROLES,
                "towns": TOWNS}.get(field) or choices or [f"{field}-1", f"{field}-2"]  # fmt: skip
        return {"field": field, "op": op,
                "value": rng.choice(pool) if op == "contains" else rng.sample(pool, 2)}  # fmt: skip
    if field == "established":
        day = dt.date(1990, 1, 1) + dt.timedelta(days=rng.randrange(12000))
        if op == "between":
            end = day + dt.timedelta(days=3650)
            return {"field": field, "op": op, "value": [day.isoformat(), end.isoformat()]}
        return {"field": field, "op": op, "value": day.isoformat()}
    high = {"employees": 1500, "revenue": 40000, "registered_capital": 8000, "age_years": 40,
            "standards_led": 6, "patents": 25}.get(field, 10)  # fmt: skip
    low = rng.randrange(high // 3)
    if op == "between":
        return {"field": field, "op": op, "value": [low, low + rng.randrange(1, high)]}
    return {"field": field, "op": op, "value": low if op in ("gt", "ge", "ne") else high - low}


def generate_rules(count: int, seed: int = 2025) -> list[dict[str, Any]]:
    """Rules of 5–15 conditions, each targeting a city or four manufacturing divisions first;
    over all of them every field × operator appears."""
    from qstrong.policies.rules import FIELDS, validate_rule

    rng = random.Random(seed)
    cities = _reference("regions", "city")
    divisions = sorted({code[:3] for code in _reference("industries", "class") if code[0] == "C"})
    pairs = [(name, op) for name, spec in FIELDS.items() for op in spec.ops]
    pending = list(pairs)
    rng.shuffle(pending)
    rules = []
    for _ in range(count):
        size = rng.randint(4, 14)  # plus the targeting condition: 5–15
        chosen = [pending.pop() for _ in range(min(size // 2, len(pending)))]
        while len(chosen) < size:
            chosen.append(rng.choice(pairs))
        leaves = [condition(rng, field, op) for field, op in chosen]
        # A realistic shape: a few required conditions, one alternative group, one exclusion.
        required, alternatives, excluded = leaves[:-3], leaves[-3:-1], leaves[-1]
        # Real policies target a city or an industry: the first condition says which.
        target = (
            {"field": "region", "op": "within", "value": rng.choice(cities)}
            if rng.random() < 0.5
            else {"field": "industry", "op": "within", "value": rng.sample(divisions, 4)}
        )
        rule = {"all": [target, *required, {"any": alternatives}, {"not": excluded}]}
        errors = validate_rule(rule)
        if errors:
            raise SystemExit(f"generated an invalid rule: {errors[0]}")
        rules.append(rule)
    if pending:
        raise SystemExit(f"operators not covered: {pending}")
    return rules


def generate_policies(count: int) -> None:
    from django.utils import timezone

    from qstrong.policies.models import Policy, PolicyRule

    now = timezone.now()
    for index, rule in enumerate(generate_rules(count), start=1):
        policy = Policy.objects.create(
            code=f"B-{index:03d}",
            title=f"基准政策{index:03d}",
            state=Policy.State.PUBLISHED,
            published_at=now,
            effective_from=dt.date(2024, 1, 1),
            source_note="bench/match.py",
        )
        PolicyRule.objects.create(policy=policy, version=1, rule=rule)


def stage_generate(url: str, enterprises: int, policies: int) -> dict[str, Any]:
    recreate_database(url)
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"], check=True, env=env
    )
    _setup_django(url)
    from django.db import connection, transaction

    started = time.perf_counter()
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Built once after the load rather than kept up row by row during it (the name's
            # trigram and the JSON GIN indexes above all): 10,000,000 rows load in minutes.
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            indexes = _secondary_indexes(cursor, "registry_enterprise")
            for name, _definition in indexes:
                cursor.execute(f'DROP INDEX "{name}"')
        generate_enterprises(enterprises)
        loaded = time.perf_counter()
        with connection.cursor() as cursor:
            # Django's foreign keys are checked at commit; an index needs them checked now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, definition in indexes:
                cursor.execute(definition)
        indexed = time.perf_counter()
        generate_memberships(enterprises)
        generate_policies(policies)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "generate_s": round(time.perf_counter() - started, 1),
        "enterprises_copy_s": round(loaded - started, 1),
        "enterprises_index_s": round(indexed - loaded, 1),
    }


def _secondary_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the table's indexes that back no constraint."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes AS i "
        "WHERE i.schemaname = current_schema() AND i.tablename = %s AND NOT EXISTS ("
        "SELECT 1 FROM pg_constraint AS c WHERE c.conindid = "
        "(quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
        [table],
    )
    return [(name, definition) for name, definition in cursor.fetchall()]


# The measured run -------------------------------------------------------------------------------


def _seconds(message: str) -> dict[str, float]:
    """'load 3.10 s, evaluate 5.00 s, store 8.00 s' → {'load': 3.1, ...}."""
    parts = (item.split() for item in message.split(", ") if item)
    return {name: float(value) for name, value, _unit in parts}


def stage_run(url: str, single: int) -> dict[str, Any]:
    _setup_django(url)
    from qstrong.policies.matching import match_enterprise, match_run
    from qstrong.policies.matching import runs as runs_module
    from qstrong.policies.models import MatchResult
    from qstrong.registry.models import Enterprise

    figures: dict[str, Any] = {}
    for label in ("first", "again"):
        started = time.perf_counter()
        run = match_run(as_of=AS_OF, push=False)
        figures[label] = {
            "total_s": round(time.perf_counter() - started, 1),
            **_seconds(run.message.split(";")[0]),
            "eligible": run.eligible_count,
            "needs_data": run.needs_data_count,
            "ineligible": run.ineligible_count,
            "stored": MatchResult.objects.count(),
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        }
    # Steady state for the re-matches: the big run's dead rows vacuumed, statistics fresh.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE policies_matchresult")
    # Pushing is timed by its own owner: here the re-match stores only.
    runs_module._push = lambda run: 0  # type: ignore[assignment]
    rng = random.Random(50)
    ids = list(Enterprise.objects.values_list("pk", flat=True)[:100_000])
    times = []
    for enterprise_id in rng.sample(ids, single):
        started = time.perf_counter()
        match_enterprise(enterprise_id=enterprise_id, as_of=AS_OF)
        times.append((time.perf_counter() - started) * 1000)
    figures["single_ms"] = round(statistics.median(times), 1)
    figures["single_max_ms"] = round(max(times), 1)
    return figures


def _git_commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()


def append_results(args: argparse.Namespace, run: dict[str, Any]) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if "# Matching benchmark results" not in text:
        text = text.rstrip() + "\n\n" + SECTION_HEAD
    load = os.getloadavg()[0]
    for label in ("first", "again"):
        f = run[label]
        text += (
            f"| {dt.date.today()} | {_git_commit()} | PostgreSQL | {args.enterprises:,} | "
            f"{args.policies} | {label} | {f.get('load', 0):.1f} | {f.get('evaluate', 0):.1f} | "
            f"{f.get('store', 0):.1f} | {f['total_s']:.1f} | {f['peak_rss_mib']} | "
            f"{f['eligible']:,} / {f['needs_data']:,} / {f['ineligible']:,} | {f['stored']:,} | "
            f"{run['single_ms']} (max {run['single_max_ms']}) | {load:.1f} |\n"
        )
    RESULTS.write_text(text, encoding="utf-8")


SECTION_HEAD = """# Matching benchmark results

Appended by `bench/match.py`: a full `match_run` from the database to stored results (load the
profiles, evaluate every policy, store eligible and needs-data pairs), run twice ("again" replaces
the stored results and keeps matched_at), and the median of 50 single-enterprise re-matches.
Seconds; peak RSS of the matching process in MiB (cumulative: "again" includes "first").
Targets: ≤ 60 s and ≤ 4 GiB for 1,000,000 × 200; ≤ 50 ms per enterprise.

| date | commit | database | enterprises | policies | run | load s | evaluate s | store s | total s | peak RSS MiB | eligible / needs data / ineligible | stored rows | one enterprise ms | load avg |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
"""  # noqa: E501


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--policies", type=int, default=200)
    parser.add_argument("--single", type=int, default=50, help="single-enterprise re-matches")
    parser.add_argument("--stage", choices=["all", "generate", "run"], default="all")
    parser.add_argument("--no-record", action="store_true", help="print, do not append")
    parser.add_argument("--database", default="qstrong_bench", help="dropped and created")
    parser.add_argument(
        "--engine",
        choices=["polars", "spark"],
        default="polars",
        help="spark: Polars, Spark local and a 1+2 standalone cluster side by side "
        "(bench/match_spark.py)",
    )
    parser.add_argument("--no-cluster", action="store_true", help="spark: local mode only")
    parser.add_argument("--stage-engines", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-generate", action="store_true", help="reuse the generated database")
    args = parser.parse_args()
    # PostgreSQL only: the server of DATABASE_URL (or a local one), always the bench database,
    # never the database DATABASE_URL names: that one is dropped and created.
    server = os.environ.get("DATABASE_URL", "")
    server = server if server.startswith("postgres") else DEFAULT_DB
    url = urlunsplit(urlsplit(server)._replace(path=f"/{args.database}"))
    if args.stage == "generate":
        print(json.dumps(stage_generate(url, args.enterprises, args.policies)))
        return
    if args.stage == "run" and args.stage_engines:
        from match_spark import append_results as append_engines
        from match_spark import prepare_environment, stage_engines

        commit = _git_commit()

        def record(figures: dict[str, Any], engine: str) -> None:
            # Each engine's rows as soon as it finishes: a 10M run may be stopped midway.
            if not args.no_record:
                append_engines(
                    RESULTS,
                    enterprises=args.enterprises,
                    policies=args.policies,
                    commit=commit,
                    run=figures,
                    engine=engine,
                )
            print(json.dumps({engine: figures[engine]}), file=sys.stderr, flush=True)

        prepare_environment()
        _setup_django(url)
        figures = stage_engines(
            as_of=AS_OF, cluster=not args.no_cluster, seconds=_seconds, done=record
        )
        print(json.dumps(figures))
        return
    if args.stage == "run":
        print(json.dumps(stage_run(url, args.single)))
        return
    me = [sys.executable, __file__, "--enterprises", str(args.enterprises)]
    me += ["--policies", str(args.policies), "--single", str(args.single)]
    me += ["--database", args.database]
    if not args.no_generate:
        generated = json.loads(_child([*me, "--stage", "generate"]))
        print(f"generated: {json.dumps(generated)}", flush=True)
    if args.engine == "spark":
        extra = ["--no-cluster"] if args.no_cluster else []
        extra += ["--no-record"] if args.no_record else []
        # The child appends each engine's rows to RESULTS.md as it finishes.
        figures = json.loads(_child([*me, "--stage", "run", "--stage-engines", *extra]))
        print(json.dumps(figures, indent=2))
        return
    run = json.loads(_child([*me, "--stage", "run"]))
    print(json.dumps(run, indent=2))
    if not args.no_record:
        append_results(args, run)


def _child(command: list[str]) -> str:
    # stderr passes through: progress (each engine's figures) shows while the run goes on.
    done = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True)
    return done.stdout.strip().splitlines()[-1]


if __name__ == "__main__":
    main()
