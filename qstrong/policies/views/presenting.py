"""Shaping rules, previews and explanations for the pages and the API, in the active language."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from qstrong.policies.matching import policy_explain, rule_preview
from qstrong.policies.models import Policy
from qstrong.policies.rules import CodeLabels, db_labels, describe_rule, validate_rule
from qstrong.policies.views.common import field_label
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import enterprises_visible

OUTCOMES = ("eligible", "needs_data", "ineligible")


def outcome_label(outcome: str | None) -> str:
    return {
        "eligible": _("符合条件"),
        "needs_data": _("待补充信息"),
        "ineligible": _("不符合条件"),
    }.get(outcome or "", _("不在有效期内"))


def code_labels() -> CodeLabels:
    """Region, industry, chain and town names, loaded on first use, for one request."""
    return db_labels()


def rule_text(rule: Any, *, labels: CodeLabels | None = None) -> str:
    """The rule in plain language; empty for a rule that does not validate."""
    if validate_rule(rule):
        return ""
    return describe_rule(rule, labels=labels if labels is not None else code_labels())


def missing_field_refs(names: list[str]) -> list[dict[str, str]]:
    return [{"field": name, "label": field_label(name)} for name in names]


def preview_data(*, user: Any, rule: Any, as_of: dt.date, sample: int) -> dict[str, Any]:
    """The preview over the enterprises the user may see, with links to a sample of each."""
    preview = rule_preview(
        rule=rule, enterprises=enterprises_visible(user=user), as_of=as_of, sample=sample
    )
    ids = {pk for outcome in OUTCOMES for pk in preview.samples.get(outcome, [])}
    found = {e.pk: e for e in Enterprise.objects.filter(pk__in=ids)}
    samples = {
        outcome: [
            {
                "id": found[pk].pk,
                "uscc": found[pk].uscc,
                "name": found[pk].name,
                "region": found[pk].region_id,
                "url": reverse("registry:enterprise_detail", args=[pk]),
            }
            for pk in preview.samples.get(outcome, [])
            if pk in found
        ]
        for outcome in OUTCOMES
    }
    return {
        "as_of": preview.as_of,
        "total": preview.total,
        "counts": {outcome: preview.counts.get(outcome, 0) for outcome in OUTCOMES},
        "samples": samples,
        "missing_fields": [
            {"field": name, "label": field_label(name), "count": count}
            for name, count in preview.missing_field_counts.items()
        ],
    }


def _line(line: Any) -> dict[str, Any]:
    """One explanation line as the templates and the API show it."""
    truth = getattr(line, "truth", None)
    return {
        "depth": int(getattr(line, "depth", 0)),
        "text": str(getattr(line, "text", line)),
        "truth": getattr(truth, "value", str(truth or "")),
        "path": str(getattr(line, "path", "")),
    }


def explanation_context(
    *, policy: Policy, enterprise: Enterprise, as_of: dt.date
) -> dict[str, Any]:
    """Why the enterprise is (not) eligible for the policy on the date."""
    explanation = policy_explain(
        policy=policy, enterprise=enterprise, as_of=as_of, labels=code_labels()
    )
    in_force = explanation.in_force and policy.in_force_on(as_of)
    outcome = explanation.outcome if in_force else None
    return {
        "as_of": as_of,
        "in_force": in_force,
        "rule": explanation.rule,
        "outcome": outcome,
        "outcome_label": outcome_label(outcome),
        "lines": [_line(line) for line in explanation.lines],
        "near_miss": explanation.near_miss_text,
        "missing": list(explanation.missing_fields),
        "missing_labels": [field_label(name) for name in explanation.missing_fields],
    }
