"""Re-match triggers: an enterprise edit re-matches it, a bulk import queues one full run."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from qstrong.core.models import Job
from qstrong.policies.matching import policy_explain
from qstrong.policies.models import MatchResult, MatchRun
from qstrong.policies.tests.factories import ISO9001_RULE, published_policy
from qstrong.registry import services as registry_services
from qstrong.registry.importing import import_path
from qstrong.registry.tests.factories import (
    ENTERPRISE_HEADER,
    EnterpriseFactory,
    csv_bytes,
    make_uscc,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_push")]


def test_an_enterprise_edit_rematches_that_enterprise(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given a policy for enterprises with 20 or more employees, and a small enterprise
    published_policy(code="Q-001")
    small = EnterpriseFactory(name="小", employees=10)
    other = EnterpriseFactory(name="大", employees=500)
    # when the enterprise grows
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.enterprise_upsert(uscc=small.uscc, data={"employees": 25}, actor=None)
    # then it alone was re-matched, and is now eligible
    run = MatchRun.objects.get()
    assert (run.scope, run.enterprise_id) == ("enterprise", small.pk)
    assert list(MatchResult.objects.values_list("enterprise_id", "outcome")) == [
        (small.pk, "eligible")
    ]
    assert not MatchResult.objects.filter(enterprise=other).exists()
    # and archiving takes its result away
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.enterprise_archive(enterprise=small, actor=None)
    assert not MatchResult.objects.exists()


def test_no_published_policy_no_run(django_capture_on_commit_callbacks: Any) -> None:
    small = EnterpriseFactory(employees=10)
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.enterprise_upsert(uscc=small.uscc, data={"employees": 25}, actor=None)
    assert not MatchRun.objects.exists()


def test_a_bulk_import_queues_one_full_run(
    tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    published_policy(code="Q-001")
    rows = [
        [
            make_uscc(n),
            f"导入企业{n}",
            "140121",
            "C1469",
            "",
            30,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
        for n in range(1, 4)
    ]
    path = tmp_path / "e.csv"
    path.write_bytes(csv_bytes(ENTERPRISE_HEADER, rows))
    with django_capture_on_commit_callbacks(execute=True):
        batch = import_path(path=path, kind="enterprises", actor=None)
    assert batch.state == "committed"
    assert list(MatchRun.objects.values_list("scope", "eligible_count")) == [("full", 3)]
    job = Job.objects.get(kind="match")
    assert (job.state, job.result["eligible"]) == ("succeeded", 3)


def test_policy_explain() -> None:
    policy = published_policy(
        code="Q-002", rule={"all": [{"field": "employees", "op": "ge", "value": 20}, ISO9001_RULE]}
    )
    near = EnterpriseFactory(employees=50, certifications=[])
    unknown = EnterpriseFactory(employees=50, certifications=None)
    as_of = dt.date(2025, 6, 30)
    explained = policy_explain(policy=policy, enterprise=near, as_of=as_of)
    assert (explained.outcome, explained.rule.version) == ("ineligible", 1)
    assert [c.field for c in explained.near_miss] == ["certifications"]
    assert policy_explain(policy=policy, enterprise=unknown, as_of=as_of).missing_fields == [
        "certifications"
    ]
    before = policy_explain(policy=policy, enterprise=near, as_of=dt.date(2023, 1, 1))
    assert (before.rule, before.outcome, before.in_force) == (None, None, False)
