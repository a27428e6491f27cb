"""Batch matching: validity, versions in force, stored results, re-match scopes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qstrong.policies.matching import (
    enterprises_frame,
    match_enterprise,
    match_run,
    profile_of,
    rule_in_force,
    rule_preview,
)
from qstrong.policies.models import MatchResult, MatchRun, Outcome, Policy
from qstrong.policies.tests.factories import (
    ISO9001_RULE,
    PolicyRuleFactory,
    published_policy,
)
from qstrong.registry.models import Enterprise
from qstrong.registry.tests.factories import (
    ChainFactory,
    ChainMemberFactory,
    EnterpriseFactory,
    TownFactory,
    TownMemberFactory,
)

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 6, 30)


def stored() -> set[tuple[str, str, str]]:
    return set(MatchResult.objects.values_list("policy__code", "enterprise__name", "outcome"))


@pytest.fixture
def three() -> dict[str, Enterprise]:
    """清徐: a big certified one, a small uncertified one, one with nothing recorded."""
    return {
        "big": EnterpriseFactory(name="大", employees=300, certifications=["ISO9001"]),
        "small": EnterpriseFactory(name="小", employees=10, certifications=[]),
        "blank": EnterpriseFactory(name="空", employees=None, certifications=None),
    }


def test_profile_of_and_frame_agree(three: dict[str, Enterprise]) -> None:
    # given the big enterprise on a chain as leader and in a town
    big = three["big"]
    ChainMemberFactory(enterprise=big, chain=ChainFactory(code="vinegar"), role="leader")
    TownMemberFactory(enterprise=big, town=TownFactory(code="qingxu-vinegar"))
    # when both paths read it
    profile = profile_of(enterprise=big)
    frame = enterprises_frame(enterprises=Enterprise.objects.filter(pk=big.pk))
    # then they hold the same values
    row = frame.row(0, named=True)
    assert row == {**profile, "revenue": 1200.0}
    assert (row["chains"], row["chain_roles"], row["towns"]) == (
        ["vinegar"],
        ["leader"],
        ["qingxu-vinegar"],
    )
    blank = enterprises_frame(enterprises=Enterprise.objects.filter(pk=three["blank"].pk))
    assert blank.row(0, named=True)["certifications"] is None
    assert blank.row(0, named=True)["chains"] == []


def test_full_run_stores_eligible_and_needs_data(three: dict[str, Enterprise]) -> None:
    # given a policy for enterprises with 20 or more employees
    published_policy(code="Q-001")
    # when a full run is made
    run = match_run(as_of=AS_OF, push=False)
    # then the big one is eligible, the blank one needs data, the small one is only counted
    assert stored() == {("Q-001", "大", "eligible"), ("Q-001", "空", "needs_data")}
    assert (run.eligible_count, run.needs_data_count, run.ineligible_count) == (1, 1, 1)
    assert (run.state, run.scope, run.policies_count, run.enterprises_count) == (
        MatchRun.State.SUCCEEDED,
        MatchRun.Scope.FULL,
        1,
        3,
    )
    blank = MatchResult.objects.get(enterprise=three["blank"])
    assert blank.missing_fields == ["employees"]
    assert blank.rule.version == 1
    assert blank.as_of == AS_OF


def test_policies_not_in_force_or_not_published_are_skipped(three: dict[str, Enterprise]) -> None:
    published_policy(code="EXPIRED", effective_to=dt.date(2025, 1, 1))
    published_policy(code="LATER", effective_from=dt.date(2026, 1, 1))
    published_policy(code="DRAFT", state=Policy.State.DRAFT)
    published_policy(code="NOW")
    run = match_run(as_of=AS_OF, push=False)
    assert run.policies_count == 1
    assert {code for code, _name, _outcome in stored()} == {"NOW"}


def test_version_in_force_on_the_as_of_date(three: dict[str, Enterprise]) -> None:
    # given version 2 (ISO 9001) from 2025-07-01 after version 1 (employees ≥ 20)
    policy = published_policy(code="Q-002")
    PolicyRuleFactory(policy=policy, version=2, rule=ISO9001_RULE, applies_from=dt.date(2025, 7, 1))
    # then version 1 is in force on 2025-06-30, version 2 from 2025-07-01
    assert rule_in_force(policy=policy, as_of=AS_OF).version == 1
    assert rule_in_force(policy=policy, as_of=dt.date(2025, 7, 1)).version == 2
    assert rule_in_force(policy=policy, as_of=dt.date(2023, 12, 31)) is None
    # and a run records the version it used
    match_run(as_of=dt.date(2025, 7, 2), push=False)
    assert set(MatchResult.objects.values_list("enterprise__name", "outcome", "rule__version")) == {
        ("大", "eligible", 2),
        ("空", "needs_data", 2),
    }


def test_rerun_keeps_matched_at_of_pairs_still_eligible(three: dict[str, Enterprise]) -> None:
    published_policy(code="Q-001")
    first_run = match_run(as_of=AS_OF, push=False)
    first = MatchResult.objects.get(enterprise=three["big"]).matched_at
    Enterprise.objects.filter(pk=three["small"].pk).update(employees=25)
    second_run = match_run(as_of=AS_OF, push=False)
    big = MatchResult.objects.get(enterprise=three["big"])
    small = MatchResult.objects.get(enterprise=three["small"])
    # an unchanged pair keeps its row; a new one comes from the second run
    assert (big.matched_at, big.run_id) == (first, first_run.pk)
    assert (small.matched_at > first, small.run_id) == (True, second_run.pk)


def test_policy_run_leaves_other_policies_untouched(three: dict[str, Enterprise]) -> None:
    one = published_policy(code="Q-001")
    published_policy(code="Q-002", rule=ISO9001_RULE)
    first = match_run(as_of=AS_OF, push=False)
    before = {
        (r.enterprise_id, r.outcome, r.run_id, r.matched_at, r.pk)
        for r in MatchResult.objects.filter(policy__code="Q-002")
    }
    Enterprise.objects.filter(pk=three["small"].pk).update(employees=25)
    run = match_run(as_of=AS_OF, policy=one, push=False)
    after = {
        (r.enterprise_id, r.outcome, r.run_id, r.matched_at, r.pk)
        for r in MatchResult.objects.filter(policy__code="Q-002")
    }
    assert after == before
    assert set(
        MatchResult.objects.filter(policy=one).values_list("enterprise__name", "run_id")
    ) == {("大", first.pk), ("空", first.pk), ("小", run.pk)}
    assert (run.scope, run.policies_count) == (MatchRun.Scope.POLICY, 1)


@pytest.mark.usefixtures("no_push")
def test_match_enterprise_touches_only_that_enterprise(three: dict[str, Enterprise]) -> None:
    published_policy(code="Q-001")
    match_run(as_of=AS_OF, push=False)
    others = {(r.pk, r.run_id) for r in MatchResult.objects.exclude(enterprise=three["blank"])}
    Enterprise.objects.filter(pk=three["blank"].pk).update(employees=40)
    run = match_enterprise(enterprise_id=three["blank"].pk, as_of=AS_OF)
    assert {
        (r.pk, r.run_id) for r in MatchResult.objects.exclude(enterprise=three["blank"])
    } == others
    blank = MatchResult.objects.get(enterprise=three["blank"])
    assert (blank.outcome, blank.run_id, blank.missing_fields) == ("eligible", run.pk, [])
    assert (run.scope, run.enterprise_id, run.enterprises_count) == (
        MatchRun.Scope.ENTERPRISE,
        three["blank"].pk,
        1,
    )


@pytest.mark.usefixtures("no_push")
def test_archived_enterprise_loses_its_results(three: dict[str, Enterprise]) -> None:
    published_policy(code="Q-001")
    match_run(as_of=AS_OF, push=False)
    big = three["big"]
    Enterprise.objects.filter(pk=big.pk).update(archived_at=dt.datetime(2025, 7, 1, tzinfo=dt.UTC))
    match_enterprise(enterprise_id=big.pk, as_of=AS_OF)
    assert not MatchResult.objects.filter(enterprise=big).exists()


def test_preview_counts_samples_and_missing_fields(three: dict[str, Enterprise]) -> None:
    rule: dict[str, Any] = {"all": [{"field": "employees", "op": "ge", "value": 20}, ISO9001_RULE]}
    preview = rule_preview(rule=rule, enterprises=Enterprise.objects.all(), as_of=AS_OF)
    assert preview.counts == {"eligible": 1, "needs_data": 1, "ineligible": 1}
    assert preview.samples["eligible"] == [three["big"].pk]
    assert preview.missing_field_counts == {"employees": 1, "certifications": 1}
    assert Outcome.ELIGIBLE == "eligible"
