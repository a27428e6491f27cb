"""The scheduled runs page costs the same queries at 2 runs as at 14 (each with its job and,
for the matching runs, the matching run it started)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qstrong.accounts.tests.factories import province_planner
from qstrong.core.services import job_create
from qstrong.core.testing import assert_flat_queries
from qstrong.ops.models import ScheduledRun
from qstrong.policies.models import MatchRun

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 1, 2, 0, tzinfo=dt.UTC)


def _runs(count: int) -> None:
    for _ in range(count):
        slot = START + dt.timedelta(days=ScheduledRun.objects.count())
        job = job_create(kind="match", title="夜间全量匹配", params={}, actor=None)
        ScheduledRun.objects.create(
            job_name=ScheduledRun.JobName.MATCH, slot=slot, state="succeeded", job=job
        )
        MatchRun.objects.create(job=job, as_of=slot.date())


def test_scheduled_runs_do_not_grow_with_rows(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    _runs(2)
    client.force_login(province_planner())
    assert_flat_queries(
        client,
        ["/ops/scheduled/"],
        grow=lambda: _runs(12),
        max_queries=10,
        assert_max=django_assert_max_num_queries,
    )
