"""/metrics: guarded by address or bearer token (nothing public in production), and showing
request latency by view, the job queue, matching runs and scheduled runs."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from qstrong.accounts.tests import factories as people
from qstrong.ops.models import ScheduledRun
from qstrong.policies.models import MatchRun
from qstrong.policies.tests.factories import MatchRunFactory

pytestmark = pytest.mark.django_db


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def scrape(client, **extra) -> str:  # type: ignore[no-untyped-def]
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def test_metrics_answer_a_listed_address_only(client, settings) -> None:
    settings.QSTRONG_METRICS_ALLOW_IPS = ["10.1.0.0/16"]
    settings.QSTRONG_METRICS_TOKEN = ""

    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.1").status_code == 404
    # A forwarded header is never believed.
    assert (
        client.get("/metrics", REMOTE_ADDR="10.2.0.1", HTTP_X_FORWARDED_FOR="10.1.2.3").status_code
        == 404
    )


def test_metrics_answer_the_bearer_token(client, settings) -> None:
    settings.QSTRONG_METRICS_ALLOW_IPS = []
    settings.QSTRONG_METRICS_TOKEN = "s3cret-scrape-token"

    assert (
        client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-scrape-token").status_code == 200
    )
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    assert client.get("/metrics").status_code == 404


def test_a_signed_in_officer_is_not_enough(client, settings) -> None:
    settings.QSTRONG_METRICS_ALLOW_IPS = []
    settings.QSTRONG_METRICS_TOKEN = ""
    client.force_login(people.province_planner())

    assert client.get("/metrics").status_code == 404


def test_production_lists_no_address_by_default(monkeypatch) -> None:
    """Behind nginx every visitor arrives from 127.0.0.1: production must not trust it."""
    import importlib

    import qstrong.settings as project_settings

    monkeypatch.setenv("QSTRONG_ENV", "production")
    monkeypatch.setenv("QSTRONG_SECRET_KEY", "x" * 50)
    monkeypatch.delenv("QSTRONG_METRICS_ALLOW_IPS", raising=False)
    monkeypatch.delenv("QSTRONG_LOG_FORMAT", raising=False)
    try:
        reloaded = importlib.reload(project_settings)
        assert reloaded.QSTRONG_METRICS_ALLOW_IPS == []
        assert reloaded.QSTRONG_METRICS_TOKEN == ""
        assert reloaded.LOGGING["formatters"]["qstrong"]["()"] == (
            "pythonjsonlogger.json.JsonFormatter"
        )
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


def test_request_latency_is_counted_by_view(client, settings) -> None:
    settings.QSTRONG_METRICS_ALLOW_IPS = ["127.0.0.1"]
    client.force_login(people.province_planner())
    key = (
        "qstrong_http_request_duration_seconds_count",
        (("method", "GET"), ("status", "200"), ("view", "ops:scheduled_run_list")),
    )
    before = samples(scrape(client)).get(key, 0.0)

    for _ in range(3):
        assert client.get("/ops/scheduled/").status_code == 200
    client.get("/no/such/page/")
    client.get("/static/no-such-file.css")

    after = samples(scrape(client))
    assert after[key] == before + 3
    assert any(
        name == "qstrong_http_request_duration_seconds_count" and ("view", "<unresolved>") in labels
        for name, labels in after
    )
    assert any(
        name == "qstrong_http_request_duration_seconds_count" and ("view", "static") in labels
        for name, labels in after
    )
    # No raw path ever becomes a label value.
    text = scrape(client)
    assert "/no/such/page/" not in text and "no-such-file" not in text


def test_queue_depth_and_oldest_age_come_from_the_task_table(client, settings) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.QSTRONG_METRICS_ALLOW_IPS = ["127.0.0.1"]
    now = timezone.now()
    for minutes, status in ((30, "READY"), (5, "READY"), (1, "RUNNING"), (90, "SUCCESSFUL")):
        row = DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="qstrong.ops.tasks.scheduled_run_task",
            backend_name="default",
            run_after=now,
            status=status,
        )
        DBTaskResult.objects.filter(pk=row.pk).update(
            enqueued_at=now - dt.timedelta(minutes=minutes)
        )

    found = samples(scrape(client))

    assert found[("qstrong_job_queue_depth", (("state", "ready"),))] == 2
    assert found[("qstrong_job_queue_depth", (("state", "running"),))] == 1
    age = found[("qstrong_job_queue_oldest_age_seconds", ())]
    assert 30 * 60 <= age < 31 * 60
    assert found[("qstrong_metrics_database_up", ())] == 1


def test_matching_run_durations_and_scheduled_runs(client, settings) -> None:
    settings.QSTRONG_METRICS_ALLOW_IPS = ["127.0.0.1"]
    start = dt.datetime(2027, 1, 1, 1, 30, tzinfo=dt.UTC)
    MatchRunFactory(started_at=start, finished_at=start + dt.timedelta(seconds=99))
    MatchRunFactory(started_at=start, finished_at=start + dt.timedelta(seconds=12.5))
    MatchRunFactory(
        scope=MatchRun.Scope.POLICY,
        state=MatchRun.State.FAILED,
        started_at=start,
        finished_at=start + dt.timedelta(seconds=3),
    )
    MatchRunFactory(scope=MatchRun.Scope.ENTERPRISE, state=MatchRun.State.RUNNING, finished_at=None)
    ScheduledRun.objects.create(
        job_name="match",
        slot=start,
        state="succeeded",
        finished_at=start + dt.timedelta(minutes=2),
    )

    found = samples(scrape(client))

    duration = "qstrong_match_run_duration_seconds"
    assert found[(duration, (("scope", "full"), ("state", "succeeded")))] == 12.5
    assert found[(duration, (("scope", "policy"), ("state", "failed")))] == 3
    assert not any(name == duration and ("scope", "enterprise") in labels for name, labels in found)
    assert (
        found[
            (
                "qstrong_match_run_finished_timestamp_seconds",
                (("scope", "full"), ("state", "succeeded")),
            )
        ]
        == (start + dt.timedelta(seconds=12.5)).timestamp()
    )
    assert (
        found[("qstrong_scheduled_run_last_success_timestamp_seconds", (("job", "match"),))]
        == (start + dt.timedelta(minutes=2)).timestamp()
    )


def test_a_database_outage_does_not_break_the_scrape(client, settings, monkeypatch) -> None:
    from django.db import OperationalError

    settings.QSTRONG_METRICS_ALLOW_IPS = ["127.0.0.1"]

    def refuse(self):  # type: ignore[no-untyped-def]
        raise OperationalError("connection refused")
        yield

    monkeypatch.setattr("qstrong.ops.metrics.DatabaseCollector._queue", refuse)

    text = scrape(client)

    assert re.search(r"^qstrong_metrics_database_up 0\.0$", text, re.MULTILINE)
    assert "qstrong_http_request_duration_seconds" in text
