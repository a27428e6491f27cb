"""gunicorn settings for production: `qstrong web` uses them, or
`gunicorn -c python:qstrong.ops.gunicorn_conf qstrong.wsgi`.

Every value comes from the environment (QSTRONG_WEB_*), so a systemd unit or container sets
them without editing this file. Threaded workers (gthread): one process per core by default,
each with a few threads for requests that wait on the database.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


bind = [item.strip() for item in os.environ.get("QSTRONG_WEB_BIND", "127.0.0.1:8000").split(",")]
workers = _int("QSTRONG_WEB_WORKERS", os.cpu_count() or 1)
worker_class = "gthread"
threads = _int("QSTRONG_WEB_THREADS", 4)
# A request longer than this is killed and its worker replaced (nginx's proxy_read_timeout
# should be a little longer). Long work belongs in a background job, not a request.
timeout = _int("QSTRONG_WEB_TIMEOUT", 60)
graceful_timeout = _int("QSTRONG_WEB_GRACEFUL_TIMEOUT", 30)
keepalive = _int("QSTRONG_WEB_KEEPALIVE", 5)
# A kept-alive connection stays with the process that accepted it; a process stops accepting
# at this many (docs/running.md "Spreading connections"). gunicorn's own default: 1000.
worker_connections = _int("QSTRONG_WEB_WORKER_CONNECTIONS", 1000)
# Recycle workers now and then so that a slow leak cannot grow for weeks (0 = never).
max_requests = _int("QSTRONG_WEB_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
# The app logs every request itself (JSON, with the request id): no second access log.
accesslog = os.environ.get("QSTRONG_WEB_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("QSTRONG_LOG_LEVEL", "info").lower()
# Only nginx on these addresses may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("QSTRONG_WEB_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "qstrong-web"

# Prometheus: each worker writes its samples to files in one directory, which every worker
# reads back when scraped. The directory is emptied when the server starts.
_metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
if not _metrics_dir:
    _metrics_dir = str(Path(tempfile.gettempdir()) / f"qstrong-prometheus-{os.getpid()}")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_dir
raw_env = [f"PROMETHEUS_MULTIPROC_DIR={_metrics_dir}"]


def on_starting(server: Any) -> None:
    path = Path(_metrics_dir)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
