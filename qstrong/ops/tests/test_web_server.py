"""`qstrong web` starts gunicorn with several processes on 127.0.0.1, which answers the probes
and aggregates every process's metrics. Bounded: the server is killed at the end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

PORT = int(os.environ.get("QSTRONG_TEST_WEB_PORT", "8127"))
BASE = f"http://127.0.0.1:{PORT}"


def get(path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(BASE + path, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def wait_until_up(proc: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"gunicorn exited with {proc.returncode}")
        try:
            if get("/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError("gunicorn did not answer /healthz within 40 s")


def healthz_count(text: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if (
                sample.name == "qstrong_http_request_duration_seconds_count"
                and sample.labels.get("view") == "ops:healthz"
            ):
                return sample.value
    return 0.0


def test_gunicorn_serves_with_two_processes_and_aggregates_metrics(tmp_path: Path) -> None:
    metrics_dir = tmp_path / "prometheus"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "qstrong.settings",
        "QSTRONG_ENV": "development",
        "QSTRONG_VAR_DIR": str(tmp_path / "var"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'web.sqlite3'}",
        "QSTRONG_METRICS_ALLOW_IPS": "127.0.0.1",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "qstrong.cli",
            "web",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--threads",
            "2",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_up(proc, time.monotonic() + 40)
        # The master forks the two workers before they answer; give the second a moment.
        time.sleep(1.0)
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda _: get("/healthz")[0], range(40)))
        assert statuses == [200] * 40

        status, body = get("/readyz")
        assert (status, body) == (
            200,
            '{"status": "ok", "checks": {"database": "ok", "cache": "ok"}}',
        )

        children = subprocess.run(
            ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(children) == 2

        # Whichever process answers the scrape reports the requests of both.
        counts = {healthz_count(get("/metrics")[1]) for _ in range(6)}
        # The warm-up probes (one or more) come on top of the 40.
        assert len(counts) == 1 and counts.pop() >= 41
        pids = {path.stem.rsplit("_", 1)[-1] for path in metrics_dir.glob("histogram_*.db")}
        assert len(pids) == 2
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
    assert proc.returncode == 0
