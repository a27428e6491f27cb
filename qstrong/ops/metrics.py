"""Prometheus metrics: request latency by view (in-process), and the job queue, matching runs
and scheduled runs read from the database at scrape time (true across every host).

Under gunicorn each worker process writes its samples to PROMETHEUS_MULTIPROC_DIR and a scrape
of any worker aggregates them (prometheus_client's multiprocess mode).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

REQUEST_LATENCY = Histogram(
    "qstrong_http_request_duration_seconds",
    "Time to answer a request, by view (URL name), method and status.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30),
)


def observe_request(*, view: str, method: str, status: int, seconds: float) -> None:
    REQUEST_LATENCY.labels(view=view, method=method, status=str(status)).observe(seconds)


class DatabaseCollector(Collector):
    """Queue depth and age, matching and scheduled runs, from the shared database."""

    def collect(self) -> Iterator[Metric]:
        try:
            yield from self._queue()
            yield from self._match_runs()
            yield from self._scheduled_runs()
        except DatabaseError:
            logger.warning("metrics: the database did not answer", exc_info=True)
            up = GaugeMetricFamily("qstrong_metrics_database_up", "1 if the database answered.")
            up.add_metric([], 0)
            yield up
            return
        up = GaugeMetricFamily("qstrong_metrics_database_up", "1 if the database answered.")
        up.add_metric([], 1)
        yield up

    def _queue(self) -> Iterator[Metric]:
        from django_tasks.base import TaskResultStatus
        from django_tasks_db.models import DBTaskResult

        now = timezone.now()
        depth = GaugeMetricFamily(
            "qstrong_job_queue_depth",
            "Background tasks by state (ready = waiting).",
            labels=["state"],
        )
        counts = dict(
            DBTaskResult.objects.filter(
                status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
            )
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        for status in (TaskResultStatus.READY, TaskResultStatus.RUNNING):
            depth.add_metric([str(status).lower()], counts.get(status, 0))
        yield depth
        oldest = DBTaskResult.objects.filter(status=TaskResultStatus.READY).aggregate(
            oldest=Min("enqueued_at")
        )["oldest"]
        age = GaugeMetricFamily(
            "qstrong_job_queue_oldest_age_seconds",
            "Age of the oldest task waiting for a worker (0 when none waits).",
        )
        age.add_metric([], (now - oldest).total_seconds() if oldest else 0.0)
        yield age

    def _match_runs(self) -> Iterator[Metric]:
        from qstrong.policies.models import MatchRun

        duration = GaugeMetricFamily(
            "qstrong_match_run_duration_seconds",
            "Duration of the last finished matching run, by scope and state.",
            labels=["scope", "state"],
        )
        finished = GaugeMetricFamily(
            "qstrong_match_run_finished_timestamp_seconds",
            "When the last matching run of each scope finished (Unix time).",
            labels=["scope", "state"],
        )
        done = [MatchRun.State.SUCCEEDED, MatchRun.State.FAILED]
        for scope in MatchRun.Scope.values:
            run = (
                MatchRun.objects.filter(scope=scope, state__in=done, finished_at__isnull=False)
                .only("state", "started_at", "finished_at")
                .order_by("-pk")
                .first()
            )
            if run is None or run.finished_at is None:
                continue
            started = run.started_at or run.finished_at
            duration.add_metric([scope, run.state], (run.finished_at - started).total_seconds())
            finished.add_metric([scope, run.state], run.finished_at.timestamp())
        yield duration
        yield finished

    def _scheduled_runs(self) -> Iterator[Metric]:
        from qstrong.ops.models import ScheduledRun

        last = GaugeMetricFamily(
            "qstrong_scheduled_run_last_success_timestamp_seconds",
            "When each scheduled job last succeeded (Unix time); alert when it falls behind.",
            labels=["job"],
        )
        for name in ScheduledRun.JobName.values:
            at = (
                ScheduledRun.objects.filter(job_name=name, state=ScheduledRun.State.SUCCEEDED)
                .order_by("-slot")
                .values_list("finished_at", flat=True)
                .first()
            )
            if at is not None:
                last.add_metric([name], at.timestamp())
        yield last


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def render_metrics() -> tuple[bytes, str]:
    """The exposition text: this process's (or all gunicorn workers') samples + the database's."""
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    if multiprocess_dir():
        process = CollectorRegistry()
        MultiProcessCollector(process)
    else:
        process = REGISTRY
    return generate_latest(process) + generate_latest(database), CONTENT_TYPE_LATEST
