"""One policy for one enterprise, explained; a rule's preview over a set of enterprises."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db.models import QuerySet
from django.utils import timezone

from qstrong.policies.matching.batch import (
    ELIGIBLE,
    INELIGIBLE,
    NEEDS_DATA,
    missing_fields_column,
)
from qstrong.policies.matching.profiles import enterprises_frame, profile_of
from qstrong.policies.matching.validity import rule_in_force
from qstrong.policies.models import Policy, PolicyRule
from qstrong.policies.rules import Explained, evaluate, missing_fields, near_miss, to_polars
from qstrong.registry.models import Enterprise


@dataclass
class Preview:
    """What a rule would give over some enterprises, before it is published."""

    as_of: dt.date
    total: int
    counts: dict[str, int]
    samples: dict[str, list[int]]
    missing_field_counts: dict[str, int] = field(default_factory=dict)

    @property
    def eligible(self) -> int:
        return self.counts[ELIGIBLE]

    @property
    def needs_data(self) -> int:
        return self.counts[NEEDS_DATA]

    @property
    def ineligible(self) -> int:
        return self.counts[INELIGIBLE]


def rule_preview(
    *, rule: object, enterprises: QuerySet[Enterprise], as_of: dt.date, sample: int = 10
) -> Preview:
    """Counts per outcome, sample enterprise ids per outcome (lowest ids first), and for the
    needs-data ones how many lack each field. Raises RuleInvalid for a bad rule."""
    frame = enterprises_frame(enterprises=enterprises, as_of=as_of)
    truth = frame.select(to_polars(rule, as_of=as_of).cast(pl.Int8).alias("t"))["t"]
    masks = {ELIGIBLE: truth == 1, NEEDS_DATA: truth.is_null(), INELIGIBLE: truth == 0}
    ids = frame["enterprise_id"]
    counts = {name: int(mask.fill_null(False).sum()) for name, mask in masks.items()}
    samples = {
        name: ids.filter(mask.fill_null(False)).head(sample).to_list()
        for name, mask in masks.items()
    }
    missing: Counter[str] = Counter()
    if counts[NEEDS_DATA]:
        texts = missing_fields_column(frame=frame, mask=truth.is_null(), rule=rule, as_of=as_of)
        for text, count in texts.value_counts().iter_rows():
            for name in json.loads(text):
                missing[name] += count
    return Preview(
        as_of=as_of,
        total=frame.height,
        counts=counts,
        samples=samples,
        missing_field_counts=dict(missing.most_common()),
    )


@dataclass
class PolicyExplanation:
    """Why one enterprise is (not) eligible for one policy on a date.

    `rule` is None when the policy does not apply on the date; then outcome and tree are None.
    """

    policy: Policy
    enterprise: Enterprise
    as_of: dt.date
    rule: PolicyRule | None
    outcome: str | None = None
    explained: Explained | None = None
    lines: list[Any] = field(default_factory=list)
    near_miss: list[Explained] = field(default_factory=list)
    near_miss_text: str = ""
    missing_fields: list[str] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)

    @property
    def in_force(self) -> bool:
        return self.rule is not None


def policy_explain(
    *,
    policy: Policy,
    enterprise: Enterprise,
    as_of: dt.date | None = None,
    labels: Any = None,
    profile: dict[str, Any] | None = None,
) -> PolicyExplanation:
    """The outcome with the rule version used, the evaluated tree and its lines in the active
    language, the near miss for an ineligible enterprise and the fields to collect if unknown.

    `profile`: the enterprise's profile_of(enterprise, as_of) when the caller explains several
    policies for one enterprise on one day (it is the same for each)."""
    as_of = as_of or timezone.localdate()
    version = rule_in_force(policy=policy, as_of=as_of)
    if profile is None:
        profile = profile_of(enterprise=enterprise, as_of=as_of)
    explanation = PolicyExplanation(
        policy=policy, enterprise=enterprise, as_of=as_of, rule=version, profile=profile
    )
    if version is None:
        return explanation
    explained = evaluate(version.rule, profile, as_of=as_of)
    explanation.explained = explained
    explanation.outcome = explained.truth.outcome
    explanation.lines = _lines(explained, labels)
    if explanation.outcome == INELIGIBLE:
        explanation.near_miss = near_miss(version.rule, profile, as_of=as_of)
        explanation.near_miss_text = _near_miss_text(explanation.near_miss, labels)
    elif explanation.outcome == NEEDS_DATA:
        explanation.missing_fields = missing_fields(explained)
    return explanation


def _lines(explained: Explained, labels: Any) -> list[Any]:
    """P1's explanation_lines when present (it lives in rules.text)."""
    from qstrong.policies import rules

    render = getattr(rules, "explanation_lines", None)
    return list(render(explained, labels=labels)) if render else []


def _near_miss_text(conditions: list[Explained], labels: Any) -> str:
    from qstrong.policies import rules

    render = getattr(rules, "near_miss_text", None)
    return str(render(conditions, labels=labels)) if render and conditions else ""
