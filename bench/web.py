"""Benchmark: every page at the province's size, timed in-process and under a 50-user load.

    .venv/bin/python bench/web.py build --enterprises 1000000      # or reuse an existing database
    .venv/bin/python bench/web.py pages                            # server-side, median of 3
    .venv/bin/python bench/web.py pages --page pushes --queries    # one page's SQL, slowest first
    .venv/bin/python bench/web.py load --users 50 --duration 120   # gunicorn + Locust headless
    .venv/bin/python bench/web.py soak --users 50                  # 10 minutes, memory growth

PostgreSQL only, database `qstrong_web` (--database) on the server of DATABASE_URL.
- build: bench/match.py's generator (N enterprises, 3 % on chains, 2 % in towns, 200 policies),
  then `qstrong loaddemo --synthetic 0` (the demo logins and every app's demo records: pushes,
  activities, needs and tasks, problems, food-safety records, indicators), a full matching run
  with pushes, the coverage tallies, ANALYZE.
- pages: each role's pages (bench/webpages.py) through Django's test client in this process,
  median of 3 after one warm-up, statement_timeout 60 s (a page that times out says so).
- load: serves the database with gunicorn (one process per core, threaded workers) on
  127.0.0.1:8110, runs Locust headless (bench/locustfile.py) with N users spread over the roles'
  pages for a fixed time, and records p50 / p95 / p99, requests per second and errors per page,
  plus each server process's memory at the start and the end, in bench/RESULTS.md.
- soak: the same load for 10 minutes (--duration 600 by default) after a 60 s warm-up of the same
  load (--warmup; the start memory is read after it, when every page has been rendered in every
  worker); every server process whose memory (RSS) grew more than 10 % from start to end is
  flagged in RESULTS.md.
- build --enterprises N --database NAME: any size (10,000, 100,000, 1,000,000) in its own
  database, so that RESULTS.md shows how each page's cost grows with the registry.
Figures are indicative on a shared machine: the load average is recorded with them.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
OUT = ROOT / "bench" / "out"
PORT = 8110


def _url(database: str) -> str:
    server = os.environ.get("DATABASE_URL", "")
    server = server if server.startswith("postgres") else "postgres://postgres@127.0.0.1:5432/x"
    return urlunsplit(urlsplit(server)._replace(path=f"/{database}"))


def _env(url: str) -> dict[str, str]:
    # DEBUG off as in production (no query log growing in memory); plain HTTP on 127.0.0.1.
    return {**os.environ, "DATABASE_URL": url, "QSTRONG_DEBUG": "0"}


def _setup_django(url: str) -> None:
    os.environ.update(_env(url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qstrong.settings")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import django

    django.setup()


def _git_commit() -> str:
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()


# Build ------------------------------------------------------------------------------------------


def build(args: argparse.Namespace) -> None:
    url = _url(args.database)
    env = _env(url)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "bench/match.py"), "--stage", "generate",
         "--enterprises", str(args.enterprises), "--policies", str(args.policies),
         "--database", args.database],
        check=True, env=env,
    )  # fmt: skip
    qstrong = str(ROOT / ".venv/bin/qstrong")
    subprocess.run([qstrong, "loaddemo", "--synthetic", "0"], check=True, env=env)
    subprocess.run([qstrong, "match"], check=True, env=env)
    subprocess.run(
        [qstrong, "shell", "-c",
         "from qstrong.policies.tallies import tallies_rebuild; tallies_rebuild()"],
        check=True, env=env,
    )  # fmt: skip
    subprocess.run(["psql", url, "-c", "VACUUM ANALYZE"], check=True)
    print(f"built {args.database} in {time.perf_counter() - started:.0f} s")


# Server-side timing -----------------------------------------------------------------------------


def time_pages(args: argparse.Namespace) -> None:
    url = _url(args.database)
    _setup_django(url)
    from django.db import connection
    from django.test import Client
    from webpages import pages

    from qstrong.accounts.models import User
    from qstrong.registry.models import Enterprise

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 60000")
    size = Enterprise.objects.count()
    rows = []
    only = set(args.page.split(",")) if args.page else None
    for username in args.users.split(","):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for label, path in pages(username).items():
            if only is not None and label not in only:
                continue
            if args.queries:
                _show_queries(client, label, path)
                continue
            times, status = [], 0
            for attempt in range(args.repeat + 1):
                started = time.perf_counter()
                try:
                    status = client.get(path).status_code
                except Exception as exc:  # a statement timeout: record it, go on
                    status = type(exc).__name__
                    connection.close()
                    with connection.cursor() as cursor:
                        cursor.execute("SET statement_timeout = 60000")
                    times.append(time.perf_counter() - started)
                    break
                if attempt:
                    times.append(time.perf_counter() - started)
            ms = statistics.median(times) * 1000
            rows.append((username, label, path, status, ms))
            print(f"{username:12} {label:26} {status} {ms:9.1f} ms", flush=True)
    if not args.no_record and not args.queries:
        _append_pages(rows, size=size, label=args.label)


def _show_queries(client: Any, label: str, path: str) -> None:
    """One request of a page with its SQL: count, database time, the slowest statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)  # warm-up
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as context:
        client.get(path)
    total = (time.perf_counter() - started) * 1000
    queries = sorted(context.captured_queries, key=lambda q: -float(q["time"]))
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"{label}: {total:.0f} ms, {len(queries)} queries, {sql_ms:.0f} ms in SQL", flush=True)
    for query in queries[:3]:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:400]}", flush=True)


PAGES_HEAD = """# Web benchmark results

Appended by `bench/web.py`. "Server-side" rows: each page through Django's test client in one
process (median of 3 after a warm-up; no network, no concurrency). "Load" rows: gunicorn on
127.0.0.1 (one process per core, threaded) under Locust headless with N users over the roles'
pages. Milliseconds. PostgreSQL on the same shared 2-core machine: figures are indicative,
the load average is recorded with them.
"""


def _section() -> str:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if "# Web benchmark results" not in text:
        text = text.rstrip() + "\n\n" + PAGES_HEAD
    return text


def _append_pages(rows: list[tuple[Any, ...]], *, size: int, label: str) -> None:
    text = _section()
    load = os.getloadavg()[0]
    text += (
        f"\n### Server-side, {size:,} enterprises, {dt.date.today()}, commit {_git_commit()}"
        f"{', ' + label if label else ''}, load average {load:.1f}\n\n"
        "| user | page | status | ms |\n| --- | --- | --- | --- |\n"
    )
    for username, page, _path, status, ms in rows:
        text += f"| {username} | {page} | {status} | {ms:.0f} |\n"
    RESULTS.write_text(text, encoding="utf-8")


# Load test --------------------------------------------------------------------------------------


def _rss_mib(pids: list[int]) -> dict[int, int]:
    sizes = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[pid] = int(line.split()[1]) // 1024
        except FileNotFoundError:
            sizes[pid] = 0
    return sizes


def _workers(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def load(args: argparse.Namespace) -> None:
    url = _url(args.database)
    env = _env(url)
    _setup_django(url)
    from webpages import ROLES, pages

    from qstrong.registry.models import Enterprise

    size = Enterprise.objects.count()
    OUT.mkdir(exist_ok=True)
    plan = {
        username: {"session": _session(username), "pages": pages(username)} for username in ROLES
    }
    plan_path = OUT / "web-pages.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    processes = args.processes or os.cpu_count() or 1
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "qstrong.wsgi:application",
         "--bind", f"127.0.0.1:{args.port}", "--workers", str(processes),
         "--threads", str(args.threads), "--worker-class", "gthread", "--timeout", "120",
         "--keep-alive", "30", "--log-level", "warning",
         *(["--worker-connections", str(args.worker_connections)]
           if args.worker_connections else [])],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        _wait_for(args.port)
        # Warm every worker (imports, first queries) before the clock starts.
        subprocess.run(["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{args.port}/"])
        prefix = OUT / f"locust-{size}"

        def run_locust(seconds: int, csv_prefix: Path) -> None:
            subprocess.run(
                [str(ROOT / ".venv/bin/locust"), "-f", str(ROOT / "bench/locustfile.py"),
                 "--headless", "-u", str(args.users), "-r", str(args.spawn_rate),
                 "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{args.port}",
                 "--csv", str(csv_prefix), "--only-summary", "--stop-timeout", "10"],
                env={**env, "QSTRONG_BENCH_PAGES": str(plan_path),
                     "QSTRONG_BENCH_THINK": args.think},
                cwd=ROOT, check=False,
            )  # fmt: skip

        if args.warmup:
            # Every page once in every worker (template and translation caches, imported
            # modules, connection pools) so that "start" memory is the steady state's.
            run_locust(args.warmup, OUT / f"warmup-{size}")
        time.sleep(2)
        start_rss = _rss_mib([server.pid, *_workers(server.pid)])
        load_before = os.getloadavg()[0]
        run_locust(args.duration, prefix)
        load_after = os.getloadavg()[0]
        end_rss = _rss_mib([server.pid, *_workers(server.pid)])
    finally:
        server.terminate()
        server.wait(timeout=30)
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        stats = list(csv.DictReader(handle))
    if not args.no_record:
        _append_load(
            stats, size=size, args=args, processes=processes, rss=(start_rss, end_rss),
            load=(load_before, load_after),
        )  # fmt: skip
    grown = _grown(start_rss, end_rss)
    for pid, (before, after) in grown.items():
        print(f"process {pid} grew {before} → {after} MiB (> {GROWTH_LIMIT:.0%})")
    if args.soak and grown:
        raise SystemExit(1)


# A process whose memory grows more than this over a soak is flagged (issue 10's target).
GROWTH_LIMIT = 0.10


def _grown(start: dict[int, int], end: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Processes whose RSS grew by more than GROWTH_LIMIT from start to end (MiB)."""
    return {
        pid: (start[pid], end.get(pid, 0))
        for pid in sorted(start)
        if start[pid] and end.get(pid, 0) > start[pid] * (1 + GROWTH_LIMIT)
    }


def _session(username: str) -> str:
    """A signed-in session for a demo login, made directly: the load test measures the pages,
    not 50 Argon2 password checks at once (each costs ~0.1 s of a core by design)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from qstrong.accounts.models import User

    user = User.objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def _wait_for(port: int) -> None:
    import socket

    for _ in range(120):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    raise SystemExit("the server did not start")


def _append_load(
    stats: list[dict[str, str]],
    *,
    size: int,
    args: argparse.Namespace,
    processes: int,
    rss: tuple[dict[int, int], dict[int, int]],
    load: tuple[float, float],
) -> None:
    text = _section()
    grown = _grown(*rss)
    memory = ", ".join(
        f"{pid}: {rss[0].get(pid, 0)} → {rss[1].get(pid, 0)} MiB"
        + (f" (**grew > {GROWTH_LIMIT:.0%}**)" if pid in grown else "")
        for pid in sorted(rss[0])
    )
    kind = "Soak" if args.soak else "Load"
    text += (
        f"\n### {kind}, {size:,} enterprises, {dt.date.today()}, commit {_git_commit()}: "
        f"{args.users} users, {args.duration} s, gunicorn {processes} processes × "
        f"{args.threads} threads"
        + (f" ({args.worker_connections} connections each)" if args.worker_connections else "")
        + f", think time {args.think} s"
        + (f", after a {args.warmup} s warm-up" if args.warmup else "")
        + f"; "
        f"load average {load[0]:.1f} → {load[1]:.1f}\n\n"
        f"Memory (RSS, master and workers, start → end): {memory}\n\n"
        "| page | requests | errors | p50 | p95 | p99 | req/s |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
    )
    for row in stats:
        text += (
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{row['50%']} | {row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |\n"
        )
    RESULTS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("build", "pages", "load", "soak"):
        command = sub.add_parser(name)
        command.add_argument("--database", default="qstrong_web")
        command.add_argument("--no-record", action="store_true")
        command.add_argument("--label", default="")
    sub.choices["build"].add_argument("--enterprises", type=int, default=1_000_000)
    sub.choices["build"].add_argument("--policies", type=int, default=200)
    sub.choices["pages"].add_argument("--users", default="province,qingxu,guangyuyuan")
    sub.choices["pages"].add_argument("--repeat", type=int, default=3)
    for name, duration in (("load", 120), ("soak", 600)):
        sub.choices[name].add_argument("--users", type=int, default=50)
        sub.choices[name].add_argument("--spawn-rate", type=float, default=10)
        sub.choices[name].add_argument("--duration", type=int, default=duration)
        sub.choices[name].add_argument("--processes", type=int, default=0)
        sub.choices[name].add_argument("--threads", type=int, default=8)
        sub.choices[name].add_argument(
            "--worker-connections", type=int, default=0,
            help="connections one process holds at most (gunicorn's default 1000: keep-alive "
            "connections stick to the process that accepted them)",
        )  # fmt: skip
        sub.choices[name].add_argument("--port", type=int, default=PORT)
        sub.choices[name].add_argument(
            "--warmup", type=int, default=60 if name == "soak" else 0,
            help="seconds of the same load before the clock and the start memory (soak: 60)",
        )  # fmt: skip
        sub.choices[name].add_argument(
            "--think", default="1,3", help="seconds between a user's pages: low,high (default 1,3)"
        )
        sub.choices[name].add_argument(
            "--soak", action="store_true", default=name == "soak",
            help="flag (and exit 1 on) a process whose memory grew more than 10 %%",
        )  # fmt: skip
    sub.choices["pages"].add_argument("--page", default="", help="only these labels (a,b)")
    sub.choices["pages"].add_argument(
        "--queries", action="store_true", help="show each page's SQL instead of timing it"
    )
    args = parser.parse_args()
    {"build": build, "pages": time_pages, "load": load, "soak": load}[args.command](args)


if __name__ == "__main__":
    main()
