"""A Spark standalone cluster on this host: one master and N workers, pyspark's own spark-class.

For the standalone-cluster test, the benchmark (bench/match.py --engine spark) and trying a
cluster out; production clusters are run by their operators (docs/scale.md). Everything binds
to 127.0.0.1 on the ports given: master `port`, its web UI `port + 1`, worker n `port + 2n`
and its web UI `port + 2n + 1`.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

READY_SECONDS = 180


def spark_class() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent / "bin" / "spark-class"


def _wait_for(log: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{log.name} exited:\n{log.read_text(errors='replace')[-3000:]}")
        if log.exists() and text in log.read_text(errors="replace"):
            return
        time.sleep(0.5)
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise RuntimeError(f"{log.name}: no {text!r} in time:\n{tail}")


@contextmanager
def standalone_cluster(
    *, port: int, workdir: Path, workers: int = 2, cores: int = 1, memory: str = "1g"
) -> Iterator[str]:
    """Start the cluster, yield its master URL (spark://127.0.0.1:port), stop it afterwards."""
    home = spark_class().parent.parent
    env = {
        **os.environ,
        "SPARK_HOME": str(home),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_LOG_DIR": str(workdir / "logs"),
        "SPARK_DAEMON_MEMORY": "256m",
        "SPARK_NO_DAEMONIZE": "1",
    }
    master = f"spark://127.0.0.1:{port}"
    commands = {
        "master": [
            "org.apache.spark.deploy.master.Master",
            *("--host", "127.0.0.1", "--port", str(port), "--webui-port", str(port + 1)),
        ],
        **{
            f"worker{n}": [
                "org.apache.spark.deploy.worker.Worker",
                *("--host", "127.0.0.1", "--port", str(port + 2 * n)),
                *("--webui-port", str(port + 2 * n + 1)),
                *("--cores", str(cores), "--memory", memory),
                *("--work-dir", str(workdir / f"worker{n}")),
                master,
            ]
            for n in range(1, workers + 1)
        },
    }
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, arguments in commands.items():
            log = workdir / f"{name}.log"
            with log.open("wb") as out:
                processes[name] = subprocess.Popen(
                    [str(spark_class()), *arguments], env=env, stdout=out, stderr=subprocess.STDOUT
                )
            if name == "master":
                _wait_for(log, "I have been elected leader", processes[name])
        for n in range(1, workers + 1):
            name = f"worker{n}"
            _wait_for(workdir / f"{name}.log", "Successfully registered", processes[name])
        yield master
    finally:
        for process in reversed(processes.values()):
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
