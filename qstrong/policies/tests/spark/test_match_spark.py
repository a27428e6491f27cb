"""`match_run(engine="spark")` stores exactly what the Polars engine stores, pair for pair.

Transactional: on PostgreSQL the cluster reads the database over JDBC, another connection, so
the data must be committed. On SQLite the profiles reach Spark through a Parquet export.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from qstrong.nqi.demo import load_demo as nqi_demo
from qstrong.policies.demo import load_demo
from qstrong.policies.matching import enterprises_frame, match_run
from qstrong.policies.models import MatchResult, MatchRun, Policy, PolicyRule, Push, PushDigest
from qstrong.policies.tests.factories import published_policy
from qstrong.registry.demo.loader import chains_load, enterprises_load, synthetic_load, towns_load
from qstrong.registry.models import Enterprise

pytestmark = [
    pytest.mark.spark,
    pytest.mark.xdist_group("spark"),
    pytest.mark.django_db(transaction=True),
]
# A policy on the registers' fields, so that the facts joined on the cluster count.
REGISTERS_RULE = {
    "any": [
        {"field": "certificates", "op": "contains", "value": "ISO9001"},
        {"field": "high_value_patents", "op": "ge", "value": 1},
        {"field": "brand_honours", "op": "contains_any", "value": ["shanxi_premium", "gi_mark"]},
        {"all": [{"field": "gi_authorisations", "op": "is_set"},
                 {"field": "age_years", "op": "ge", "value": 5}]},
    ]
}  # fmt: skip


def stored() -> dict[tuple[int, int], tuple[Any, ...]]:
    """(policy, enterprise) → (id, outcome, rule, missing fields, matched_at), as stored."""
    return {
        (r.policy_id, r.enterprise_id): (r.pk, r.outcome, r.rule_id, r.missing_fields, r.matched_at)
        for r in MatchResult.objects.all()
    }


def content(rows: dict[tuple[int, int], tuple[Any, ...]]) -> dict[tuple[int, int], tuple[Any, ...]]:
    """Without the row id and matched_at: what the engine computed."""
    return {pair: row[1:4] for pair, row in rows.items()}


def pushes() -> set[tuple[int, int, int]]:
    return set(Push.objects.values_list("policy_id", "enterprise_id", "rule_id"))


def counts(run: MatchRun) -> tuple[int, ...]:
    return (
        run.eligible_count,
        run.needs_data_count,
        run.ineligible_count,
        run.policies_count,
        run.enterprises_count,
    )


def forget_results() -> None:
    Push.objects.all().delete()
    PushDigest.objects.all().delete()
    MatchResult.objects.all().delete()


@pytest.fixture
def demo(spark_local: Any) -> None:
    chains_load()
    towns_load()
    enterprises_load()
    synthetic_load(count=300)
    nqi_demo(say=lambda text: None)
    published_policy(code="NQI-001", rule=REGISTERS_RULE, effective_from=dt.date(2024, 1, 1))
    load_demo(say=lambda text: None)  # the Polars run, with its pushes


def test_a_demo_wide_spark_run_equals_the_polars_run_pair_for_pair(demo: None) -> None:
    from qstrong.policies.matching.spark_engine import _use_jdbc

    # on PostgreSQL the cluster reads the profiles over JDBC (Debian's driver jar)
    assert _use_jdbc() is (connection.vendor == "postgresql")
    polars_run = MatchRun.objects.get(scope="full")
    before, polars_pushes = stored(), pushes()
    assert {outcome for _id, outcome, *_rest in before.values()} == {"eligible", "needs_data"}
    assert polars_pushes

    # when Spark runs over the same data, it finds the same and writes nothing
    again = match_run(engine="spark", push=True)
    assert counts(again) == counts(polars_run)
    assert again.message.endswith("engine spark")
    assert stored() == before
    assert pushes() == polars_pushes and again.pushes_count == 0

    # from nothing stored, Spark stores the same pairs and sends the same pushes
    forget_results()
    fresh = match_run(engine="spark", push=True)
    assert content(stored()) == content(before)
    assert pushes() == polars_pushes
    assert fresh.pushes_count == len(polars_pushes)

    # and Polars agrees with what Spark stored: it writes nothing either
    spark_rows = stored()
    match_run(engine="polars", push=False)
    assert stored() == spark_rows


def test_only_changed_pairs_are_written_and_matched_at_is_kept(demo: None) -> None:
    # given a new rule version (same rule) for one policy, in force from a week ago, and one
    # enterprise whose employees are no longer known
    policy = Policy.objects.get(code="NQI-001")
    first = PolicyRule.objects.get(policy=policy)
    second = PolicyRule.objects.create(
        policy=policy,
        version=2,
        rule=first.rule,
        applies_from=timezone.localdate() - dt.timedelta(days=7),
    )
    before = stored()
    eligible = {
        pair for pair, row in before.items() if pair[0] == policy.pk and row[1] == "eligible"
    }
    assert eligible
    # when Spark runs
    match_run(engine="spark", push=False)
    after = stored()
    # then the policy's pairs name the new version; the eligible ones keep matched_at
    for pair in eligible:
        assert after[pair][2] == second.pk
        assert after[pair][4] == before[pair][4]
        assert after[pair][0] != before[pair][0]  # rewritten
    # and every other pair was left alone, row and all
    others = {pair: row for pair, row in before.items() if pair[0] != policy.pk}
    assert {pair: after[pair] for pair in others} == others
    # and Polars finds nothing more to change
    match_run(engine="polars", push=False)
    assert stored() == after


def test_the_command_takes_the_engine_and_profiles_from_parquet(demo: None, tmp_path: Any) -> None:
    out = StringIO()
    call_command("match", "--engine", "spark", "--no-push", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("eligible ")
    assert "engine spark" in lines[1]
    # a big-data centre's table of profiles (here: the export) gives the same results
    before = stored()
    forget_results()
    path = tmp_path / "profiles.parquet"
    enterprises_frame(
        enterprises=Enterprise.objects.filter(archived_at__isnull=True), as_of=timezone.localdate()
    ).write_parquet(path)
    with override_settings(QSTRONG_SPARK_PROFILES=f"parquet:{path}"):
        match_run(engine="spark", push=False)
    assert content(stored()) == content(before)
    with pytest.raises(ValueError, match="unknown matching engine"):
        match_run(engine="dask")
