"""Benchmark: 1,000 enterprise handbooks (一企一册), each composed from the records and written
as PDF (Typst) and Word (docxtpl), on two worker processes.

    .venv/bin/python bench/handbooks.py --handbooks 1000 [--workers 2] [--database sqlite:///...]

A SQLite database (default var/bench-handbooks.sqlite3) is created once with the demo and N
synthetic enterprises (kept for later runs). Every enterprise is composed in memory as the
command line's `handbooks build` does (profile, 15 library measures with their chart, matched
policies with reasons, the three lists, problems, projects, savings, contacts), then rendered in
both formats and written to a temporary folder. Figures are appended to bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "RESULTS.md"
AS_OF = dt.date(2024, 9, 30)
HEADER = """
# Handbook benchmark results

Appended by `bench/handbooks.py`: N enterprise handbooks composed from the records in memory and
written as PDF (Typst, Noto Serif/Sans CJK) and Word (docxtpl), on W worker processes (fork after
Django set-up; each process reads the CJK fonts once). Seconds of wall time for the whole run;
"compose / pdf / docx" are the summed elapsed seconds of each step across workers; "worker CPU s"
is the workers' summed CPU time (on an idle 2-core machine the wall time is about half of it).
Target: 1,000 handbooks (PDF + DOCX, ~6 pages with a chart) ≤ 90 s on this 2-core machine,
shared with other engineers' test runs ("load avg": the 1-minute load average at the start and
the end of the run).

"""
COLUMNS = [
    "date",
    "commit",
    "handbooks",
    "workers",
    "pages (first)",
    "wall s",
    "compose s",
    "pdf s",
    "docx s",
    "per handbook ms",
    "worker CPU s",
    "MiB written",
    "load avg",
]
HEADER += "| " + " | ".join(COLUMNS) + " |\n" + "| --- " * len(COLUMNS) + "|\n"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qstrong.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _prepare(count: int) -> list[int]:
    from django.core.management import call_command

    from qstrong.registry.demo.loader import load_demo
    from qstrong.registry.models import Enterprise

    call_command("migrate", verbosity=0, interactive=False)
    if Enterprise.objects.filter(archived_at__isnull=True).count() < count:
        load_demo(synthetic=count, users=False)
    ids = Enterprise.objects.filter(archived_at__isnull=True).order_by("pk")
    return list(ids.values_list("pk", flat=True)[:count])


def _work(args: tuple[list[int], str]) -> dict[str, Any]:
    from django.db import connections

    from qstrong.handbooks.models import MeasureTemplate
    from qstrong.handbooks.preview import preview_content
    from qstrong.handbooks.rendering import renderer_for
    from qstrong.registry.models import Enterprise

    connections.close_all()
    ids, out = args
    pdf, docx = renderer_for("pdf"), renderer_for("docx")
    library = list(
        MeasureTemplate.objects.filter(kind="enterprise", active=True).order_by("sort_order")
    )
    times = {"compose": 0.0, "pdf": 0.0, "docx": 0.0, "bytes": 0}
    cpu_start = time.process_time()
    first_pdf = b""
    for enterprise in Enterprise.objects.filter(pk__in=ids).select_related("region", "industry"):
        t0 = time.perf_counter()
        content = preview_content(subject=enterprise, as_of=AS_OF, library=library)
        t1 = time.perf_counter()
        pdf_bytes = pdf.render(content)
        t2 = time.perf_counter()
        docx_bytes = docx.render(content)
        t3 = time.perf_counter()
        Path(out, f"{enterprise.uscc}.pdf").write_bytes(pdf_bytes)
        Path(out, f"{enterprise.uscc}.docx").write_bytes(docx_bytes)
        times["compose"] += t1 - t0
        times["pdf"] += t2 - t1
        times["docx"] += t3 - t2
        times["bytes"] += len(pdf_bytes) + len(docx_bytes)
        first_pdf = first_pdf or pdf_bytes
    times["first_pdf"] = first_pdf
    times["cpu"] = time.process_time() - cpu_start
    return times


def _pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        info = subprocess.run(["pdfinfo", handle.name], capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handbooks", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database", default=f"sqlite:///{ROOT / 'var' / 'bench-handbooks.sqlite3'}"
    )
    args = parser.parse_args()
    _setup(args.database)
    ids = _prepare(args.handbooks)
    # A worker's first handbook pays for reading the fonts, as a real batch does.
    chunks = [ids[i :: args.workers] for i in range(args.workers)]
    with tempfile.TemporaryDirectory() as out:
        from django.db import connections

        connections.close_all()
        load_start = os.getloadavg()[0]
        start = time.perf_counter()
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            parts = pool.map(_work, [(chunk, out) for chunk in chunks])
        wall = time.perf_counter() - start
    sums = {k: sum(p[k] for p in parts) for k in ("compose", "pdf", "docx", "bytes", "cpu")}
    pages = _pages(next(p["first_pdf"] for p in parts if p["first_pdf"]))
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    load = f"{load_start:.1f} → {os.getloadavg()[0]:.1f}"
    row = (
        f"| {dt.date.today()} | {commit} | {len(ids):,} | {args.workers} | {pages} | {wall:.1f} | "
        f"{sums['compose']:.1f} | {sums['pdf']:.1f} | {sums['docx']:.1f} | "
        f"{wall * 1000 / max(len(ids), 1):.0f} | {sums['cpu']:.1f} | "
        f"{sums['bytes'] / 2**20:.1f} | {load} |"
    )
    print(row)
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if "# Handbook benchmark results" not in text:
        text = text.rstrip("\n") + "\n" + HEADER
    RESULTS.write_text(text.rstrip("\n") + "\n" + row + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
