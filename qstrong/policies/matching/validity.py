"""Which policies apply on a date, and which of their rule versions is in force (RULES.md)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from qstrong.policies.matching.batch import RuleToRun
from qstrong.policies.models import Policy, PolicyRule


def in_force_q(as_of: dt.date, prefix: str = "") -> Q:
    """Inside [effective_from, effective_to], either end open."""
    return (
        Q(**{f"{prefix}effective_from__isnull": True})
        | Q(**{f"{prefix}effective_from__lte": as_of})
    ) & (Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": as_of}))


def policies_matchable(*, as_of: dt.date, policy: Policy | None = None) -> QuerySet[Policy]:
    """Published, not archived, in force on the date (optionally just one policy)."""
    qs = Policy.objects.filter(state=Policy.State.PUBLISHED, archived_at__isnull=True).filter(
        in_force_q(as_of)
    )
    return qs.filter(pk=policy.pk) if policy is not None else qs


def _version_applies(as_of: dt.date) -> Q:
    return Q(applies_from__isnull=True) | Q(applies_from__lte=as_of)


def rule_in_force(*, policy: Policy, as_of: dt.date) -> PolicyRule | None:
    """The version in force on the date, or None when the policy does not apply then.

    Version 1 covers the policy's whole validity; a later version applies from its applies_from
    and replaces every earlier one from then on (the highest version already applying wins).
    Publication state is not checked here: drafts can be previewed and explained.
    """
    if not policy.in_force_on(as_of):
        return None
    return policy.rules.filter(_version_applies(as_of)).order_by("-version").first()


def rules_in_force(*, as_of: dt.date, policy: Policy | None = None) -> list[PolicyRule]:
    """One rule version per matchable policy, in policy code order, with the policy loaded."""
    versions = (
        PolicyRule.objects.filter(policy__in=policies_matchable(as_of=as_of, policy=policy))
        .filter(_version_applies(as_of))
        .select_related("policy")
        .order_by("policy__code", "-version")
    )
    chosen: dict[int, PolicyRule] = {}
    for version in versions:
        chosen.setdefault(version.policy_id, version)
    return list(chosen.values())


def rules_to_run(*, as_of: dt.date, policy: Policy | None = None) -> list[RuleToRun]:
    """rules_in_force as plain tuples (no model instances): the per-edit re-match reads it."""
    rows = (
        PolicyRule.objects.filter(policy__in=policies_matchable(as_of=as_of, policy=policy))
        .filter(_version_applies(as_of))
        .order_by("policy__code", "-version")
        .values_list("policy_id", "pk", "rule", "updated_at")
    )
    chosen: dict[int, RuleToRun] = {}
    for policy_id, rule_id, rule, updated_at in rows:
        if policy_id not in chosen:
            chosen[policy_id] = RuleToRun(policy_id, rule_id, rule, updated_at.isoformat())
    return list(chosen.values())
