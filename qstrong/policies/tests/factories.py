"""Factories for policies: a published policy with one rule version, runs and stored results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.utils import timezone

from qstrong.policies.models import (
    Category,
    Delivery,
    MatchResult,
    MatchRun,
    Outcome,
    Policy,
    PolicyRule,
)
from qstrong.policies.tallies import tallies_mark_stale
from qstrong.registry.tests.factories import EnterpriseFactory

# Enterprises with 20 or more employees: the factory enterprise (50 employees) is eligible.
EMPLOYEES_20_RULE: dict[str, Any] = {"field": "employees", "op": "ge", "value": 20}
ISO9001_RULE: dict[str, Any] = {"field": "certifications", "op": "contains", "value": "ISO9001"}


class PolicyFactory(factory.django.DjangoModelFactory):
    """A published policy in force from 2024-01-01, open-ended. Use state="draft" for a draft."""

    class Meta:
        model = Policy
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T-{n + 1:03d}")
    title = factory.Sequence(lambda n: f"测试质量提升政策{n + 1}")
    issuer = "山西省市场监督管理局"
    document_number = factory.Sequence(lambda n: f"晋市监发〔2024〕{n + 1}号")
    category = Category.QUALITY
    summary = "对符合条件的企业给予质量提升奖励。"
    delivery = Delivery.APPLICATION
    effective_from = dt.date(2024, 1, 1)
    effective_to = None
    state = Policy.State.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    source_note = "测试数据"


class PolicyRuleFactory(factory.django.DjangoModelFactory):
    """Version 1 of a policy's rule (in force over the policy's whole validity)."""

    class Meta:
        model = PolicyRule

    policy = factory.SubFactory(PolicyFactory)
    version = 1
    rule = factory.LazyFunction(lambda: dict(EMPLOYEES_20_RULE))
    applies_from = None
    note = ""


def published_policy(*, rule: Any = None, **fields: Any) -> Policy:
    """A published policy with rule version 1 (default: employees ≥ 20)."""
    policy = PolicyFactory(**fields)
    PolicyRuleFactory(policy=policy, rule=rule if rule is not None else dict(EMPLOYEES_20_RULE))
    return policy


class MatchRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchRun

    as_of = dt.date(2025, 6, 30)
    scope = MatchRun.Scope.FULL
    state = MatchRun.State.SUCCEEDED
    started_at = factory.LazyFunction(timezone.now)
    finished_at = factory.LazyFunction(timezone.now)


class MatchResultFactory(factory.django.DjangoModelFactory):
    """An eligible pair; pass outcome=Outcome.NEEDS_DATA and missing_fields for the other kind."""

    class Meta:
        model = MatchResult

    rule = factory.SubFactory(PolicyRuleFactory)
    policy = factory.SelfAttribute("rule.policy")
    enterprise = factory.SubFactory(EnterpriseFactory)
    run = factory.SubFactory(MatchRunFactory)
    as_of = factory.SelfAttribute("run.as_of")
    outcome = Outcome.ELIGIBLE
    missing_fields = factory.LazyFunction(list)
    matched_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> MatchResult:
        # As the matching run's writer does: the policy's coverage tallies are recounted.
        result = super()._create(model_class, *args, **kwargs)
        tallies_mark_stale(policy_ids=[result.policy_id])
        return result
