"""bench/match.py --engine spark: the same full run on Polars and on Spark, side by side.

In one fresh process over the generated database, for each engine in turn — Polars; Spark in
local mode (local[2], the driver in a JVM beside this process); Spark on a standalone cluster of
one master and two workers started on 127.0.0.1 (one core each) — the stored results are
emptied, then a full `match_run` ("first": every pair written) and the same run again ("again":
only changed pairs, none). Spark's session start is timed apart (it happens once per process).
Every engine must store the same pairs: the bench checks the counts and a digest of the rows.
Ports: QSTRONG_BENCH_SPARK_PORT (default 8350) and the next 30, all on 127.0.0.1. Memory:
QSTRONG_BENCH_SPARK_DRIVER_MEMORY (local mode's driver, which also executes: default 4g) and
QSTRONG_BENCH_SPARK_EXECUTOR_MEMORY (each cluster worker's executor: default 2g; the worker gets
1g more); the cluster's driver keeps 2g.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

PORT = int(os.environ.get("QSTRONG_BENCH_SPARK_PORT", "8350"))
DRIVER_MEMORY = os.environ.get("QSTRONG_BENCH_SPARK_DRIVER_MEMORY", "4g")
EXECUTOR_MEMORY = os.environ.get("QSTRONG_BENCH_SPARK_EXECUTOR_MEMORY", "2g")


def spark_conf(*, cluster: bool) -> list[str]:
    conf = [
        "spark.driver.host=127.0.0.1",
        "spark.driver.bindAddress=127.0.0.1",
        f"spark.driver.port={PORT}",
        f"spark.blockManager.port={PORT + 5}",
        "spark.port.maxRetries=8",
        "spark.sql.shuffle.partitions=8",
    ]
    if cluster:
        return [
            *conf,
            "spark.driver.memory=2g",
            f"spark.executor.memory={EXECUTOR_MEMORY}",
            "spark.cores.max=2",
        ]
    return [*conf, f"spark.driver.memory={DRIVER_MEMORY}"]


def _worker_memory() -> str:
    """The executor's memory and 1g more (Spark's own overhead), in the same unit letter."""
    number, unit = int(EXECUTOR_MEMORY[:-1]), EXECUTOR_MEMORY[-1]
    return f"{number + (1024 if unit == 'm' else 1)}{unit}"


def _jvm_peak_mib() -> int:
    """The Spark driver JVM's peak resident memory (VmHWM), MiB; 0 if unknown."""
    from pyspark import SparkContext

    gateway = SparkContext._gateway
    process = getattr(gateway, "proc", None) if gateway is not None else None
    if process is None:
        return 0
    try:
        status = Path(f"/proc/{process.pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def _digest() -> tuple[int, int]:
    """(rows, a checksum of policy, enterprise, outcome, rule, missing fields) of the results."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(hashtext(policy_id || ':' || enterprise_id || ':' || "
            "outcome || ':' || rule_id || ':' || missing_fields::text)::bigint), 0) "
            "FROM policies_matchresult"
        )
        rows, checksum = cursor.fetchone()
    return int(rows), int(checksum)


def _empty_results() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE policies_matchresult")
        cursor.execute("VACUUM ANALYZE policies_matchresult")


def _runs(engine: str, as_of: dt.date, seconds: Any) -> dict[str, Any]:
    from qstrong.policies.matching import match_run

    figures: dict[str, Any] = {}
    _empty_results()
    for label in ("first", "again"):
        started = time.perf_counter()
        run = match_run(as_of=as_of, push=False, engine=engine)
        figures[label] = {
            "total_s": round(time.perf_counter() - started, 1),
            **seconds(run.message.split(";")[0]),
            "eligible": run.eligible_count,
            "needs_data": run.needs_data_count,
            "ineligible": run.ineligible_count,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        }
        if engine == "spark":
            figures[label]["jvm_peak_mib"] = _jvm_peak_mib()
    figures["stored"], figures["digest"] = _digest()
    return figures


def prepare_environment() -> None:
    """Before Django's settings are read: Spark in local mode on 127.0.0.1, ports in range."""
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    os.environ["QSTRONG_SPARK_CONF"] = ",".join(spark_conf(cluster=False))
    os.environ["QSTRONG_SPARK_MASTER"] = "local[2]"


def stage_engines(
    *, as_of: dt.date, cluster: bool, seconds: Any, done: Any = None
) -> dict[str, Any]:
    """Polars, Spark local, Spark on a 1 + 2 standalone cluster: the same runs, one after the
    other, in this process (Django set up after prepare_environment). `done(figures, engine)`
    is called as each engine finishes, so that a long run that is stopped keeps what it has."""
    from django.test import override_settings

    from qstrong.policies.matching.spark_cluster import standalone_cluster
    from qstrong.policies.matching.spark_session import spark_session, spark_stop

    figures: dict[str, Any] = {"load_avg_start": round(os.getloadavg()[0], 1)}
    figures["polars"] = _runs("polars", as_of, seconds)
    if done:
        done(figures, "polars")
    started = time.perf_counter()
    spark_session()
    figures["spark_local_session_s"] = round(time.perf_counter() - started, 1)
    figures["spark local[2]"] = _runs("spark", as_of, seconds)
    spark_stop()
    if done:
        done(figures, "spark local[2]")
    if cluster:
        with (
            tempfile.TemporaryDirectory(prefix="qstrong-spark-") as workdir,
            standalone_cluster(
                port=PORT + 20, workdir=Path(workdir), workers=2, cores=1, memory=_worker_memory()
            ) as master,
            override_settings(
                QSTRONG_SPARK_MASTER=master, QSTRONG_SPARK_CONF=spark_conf(cluster=True)
            ),
        ):
            started = time.perf_counter()
            spark_session()
            figures["spark_cluster_session_s"] = round(time.perf_counter() - started, 1)
            figures["spark 1+2 cluster"] = _runs("spark", as_of, seconds)
            spark_stop()
        if done:
            done(figures, "spark 1+2 cluster")
    figures["load_avg_end"] = round(os.getloadavg()[0], 1)
    return figures


SECTION_HEAD = """# Matching on Spark, side by side with Polars

Appended by `bench/match.py --engine spark` (see `bench/match_spark.py`): over one generated
database, in one process, each engine in turn empties the stored results and runs a full
`match_run` twice ("first": every pair written; "again": only changed pairs come back, none).
Polars runs in this process; "spark local[2]" in a driver JVM beside it; "spark 1+2 cluster" on a
standalone master and two one-core workers started on 127.0.0.1. Spark's session start (once
per process) is not in the totals. Peak RSS: this process, cumulative; JVM: the Spark driver's
VmHWM (executors not counted). "same" says the stored rows of every engine are identical
(count and checksum). The machine has 2 cores and is shared with other engineers' work: load
average at start / end.

| date | commit | enterprises | policies | engine | run | load s | evaluate s | store s | total s | peak RSS MiB | JVM MiB | eligible / needs data | stored | same | load avg |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
"""  # noqa: E501


def append_results(
    results: Path,
    *,
    enterprises: int,
    policies: int,
    commit: str,
    run: dict[str, Any],
    engine: str | None = None,
) -> None:
    """The rows of every engine in `run`, or of `engine` only (the load average at its end)."""
    text = results.read_text(encoding="utf-8") if results.exists() else ""
    if "# Matching on Spark, side by side with Polars" not in text:
        text = text.rstrip() + "\n\n" + SECTION_HEAD
    engines = [name for name in ("polars", "spark local[2]", "spark 1+2 cluster") if name in run]
    if engine is not None:
        engines = [engine]
    reference = run["polars"]["digest"]
    end = run.get("load_avg_end", round(os.getloadavg()[0], 1))
    load = f"{run['load_avg_start']} / {end}"
    rows = ""
    for engine in engines:
        figures = run[engine]
        for label in ("first", "again"):
            f = figures[label]
            rows += (
                f"| {dt.date.today()} | {commit} | {enterprises:,} | {policies} | {engine} | "
                f"{label} | {f.get('load', 0):.1f} | {f.get('evaluate', 0):.1f} | "
                f"{f.get('store', 0):.1f} | {f['total_s']:.1f} | {f['peak_rss_mib']} | "
                f"{f.get('jvm_peak_mib', '')} | {f['eligible']:,} / {f['needs_data']:,} | "
                f"{figures['stored']:,} | {'yes' if figures['digest'] == reference else 'NO'} | "
                f"{load} |\n"
            )
    results.write_text(_after_last_row(text, rows), encoding="utf-8")


def _after_last_row(text: str, rows: str) -> str:
    """`text` with `rows` after the last row of the section's table (other sections follow it)."""
    start = text.index(SECTION_HEAD.splitlines()[0])
    lines = text[start:].splitlines(keepends=True)
    table = next(i for i, line in enumerate(lines) if line.startswith("| --- "))
    end = next(
        (i for i in range(table + 1, len(lines)) if not lines[i].startswith("|")), len(lines)
    )
    before = text[:start] + "".join(lines[:end])
    if not before.endswith("\n"):
        before += "\n"
    return before + rows + "".join(lines[end:])
