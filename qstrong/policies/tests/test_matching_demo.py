"""The demo policies over the article's and synthetic enterprises: batch agrees with explanation."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qstrong.policies.demo import DEMO_POLICIES, load_demo
from qstrong.policies.matching import profile_of, rule_in_force
from qstrong.policies.models import MatchResult, MatchRun, Policy
from qstrong.policies.rules import evaluate, missing_fields
from qstrong.registry.demo.loader import (
    chains_load,
    enterprises_load,
    synthetic_load,
    towns_load,
)
from qstrong.registry.models import Enterprise

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_push")]


@pytest.fixture
def demo() -> dict[str, Any]:
    chains_load()
    towns_load()
    enterprises_load()
    synthetic_load(count=300)
    return load_demo(say=lambda text: None)


def test_demo_policies_are_published_and_illustrative(demo: dict[str, Any]) -> None:
    assert (demo["created"], demo["updated"], demo["unchanged"]) == (len(DEMO_POLICIES), 0, 0)
    policies = Policy.objects.all()
    assert {p.state for p in policies} == {"published"}
    assert all(p.source_note.startswith("示例政策（演示用，非真实文件") for p in policies)
    assert all(p.interpretation and p.claim_who and p.claim_where for p in policies)
    assert {p.delivery for p in policies} == {"automatic", "fast", "application"}


def test_batch_agrees_with_the_explanation_on_every_pair(demo: dict[str, Any]) -> None:
    today = timezone.localdate()
    stored = {
        (r.policy_id, r.enterprise_id): (r.outcome, r.missing_fields, r.rule_id)
        for r in MatchResult.objects.all()
    }
    assert stored, "the demo run found matches"
    checked = 0
    for enterprise in Enterprise.objects.filter(archived_at__isnull=True):
        profile = profile_of(enterprise=enterprise)
        for policy in Policy.objects.all():
            version = rule_in_force(policy=policy, as_of=today)
            assert version is not None
            explained = evaluate(version.rule, profile, as_of=today)
            expected = explained.truth.outcome
            outcome, fields, rule_id = stored.get(
                (policy.pk, enterprise.pk), ("ineligible", [], version.pk)
            )
            assert (policy.code, enterprise.name, outcome) == (
                policy.code,
                enterprise.name,
                expected,
            )
            assert rule_id == version.pk
            if expected == "needs_data":
                assert fields == missing_fields(explained)
            checked += 1
    assert checked == Enterprise.objects.filter(archived_at__isnull=True).count() * 10


def test_the_article_shows_up(demo: dict[str, Any]) -> None:
    # the 代州黄酒 town's wine makers may use the geographical indication
    gi = set(
        MatchResult.objects.filter(policy__code="SXDL-2025-005").values_list(
            "enterprise__name", "outcome"
        )
    )
    assert {
        ("代县雁门山酒业有限公司", "eligible"),
        ("代县冯氏酒业有限公司", "eligible"),
        ("代县代康实业有限公司", "eligible"),
    } <= gi
    # the chain leaders' quality award reaches 大运汽车
    award = MatchResult.objects.filter(policy__code="SXZL-2025-001", outcome="eligible")
    assert award.filter(enterprise__name__contains="大运汽车").exists()


def test_loading_again_changes_and_runs_nothing(demo: dict[str, Any]) -> None:
    runs = MatchRun.objects.count()
    again = load_demo(say=lambda text: None)
    assert again == {"created": 0, "updated": 0, "unchanged": len(DEMO_POLICIES)}
    assert MatchRun.objects.count() == runs
