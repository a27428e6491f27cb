"""Reads of policies, match results and runs, scoped to the user's jurisdiction."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from qstrong.accounts.jurisdiction import READ_ROLES, Jurisdiction, jurisdiction_of
from qstrong.accounts.permissions import is_admin
from qstrong.policies.models import (
    CoverageTally,
    MatchResult,
    MatchRun,
    Policy,
    PolicyEvent,
    PolicyRule,
)
from qstrong.policies.permissions import can_read_policies, can_see_unpublished
from qstrong.policies.tallies import tallies_fresh
from qstrong.registry.models import Enterprise
from qstrong.registry.selectors import region_filter, scope_enterprises


def policies_visible(*, user: Any) -> QuerySet[Policy]:
    """Published policies for everyone logged in; planners and admins also drafts and withdrawn."""
    if not can_read_policies(user):
        return Policy.objects.none()
    qs = Policy.objects.filter(archived_at__isnull=True).select_related("owner")
    if not can_see_unpublished(user):
        qs = qs.filter(state=Policy.State.PUBLISHED)
    return qs.order_by("code")


def policy_detail(*, user: Any, pk: int) -> Policy:
    """One visible policy, or 404 (a draft is as absent as a missing one to an officer)."""
    policy = policies_visible(user=user).filter(pk=pk).first()
    if policy is None:
        raise Http404("policy not found")
    return policy


def policy_by_code(*, user: Any, code: str) -> Policy:
    policy = policies_visible(user=user).filter(code=code).first()
    if policy is None:
        raise Http404("policy not found")
    return policy


def policy_rules(*, policy: Policy) -> QuerySet[PolicyRule]:
    """The policy's rule versions, newest first."""
    return policy.rules.order_by("-version")


def policy_events(*, policy: Policy, limit: int = 100) -> QuerySet[PolicyEvent]:
    return policy.events.select_related("actor").order_by("-at", "-id")[:limit]


def scope_results(qs: QuerySet[MatchResult], jurisdiction: Jurisdiction) -> QuerySet[MatchResult]:
    """Results for enterprises inside the jurisdiction (by region code prefix, no join)."""
    if jurisdiction.enterprise_id is not None:
        return qs.filter(enterprise_id=jurisdiction.enterprise_id)
    if jurisdiction.region_prefix is None:
        return qs.none()
    if jurisdiction.region_prefix == "":
        return qs
    # A county is an equality, so that the (region, name) index of enterprises gives the order.
    return qs.filter(**region_filter("enterprise__region", jurisdiction.region_prefix))


def results_visible(*, user: Any) -> QuerySet[MatchResult]:
    """Every stored result the user may read: visible policies × enterprises in scope."""
    qs = MatchResult.objects.filter(
        policy__in=policies_visible(user=user), enterprise__archived_at__isnull=True
    )
    return scope_results(qs, jurisdiction_of(user)).select_related("policy", "rule", "enterprise")


def results_for_enterprise(*, user: Any, enterprise: Enterprise) -> QuerySet[MatchResult]:
    """The enterprise's results (nothing if the enterprise is outside the user's scope)."""
    in_scope = scope_enterprises(Enterprise.objects.filter(pk=enterprise.pk), jurisdiction_of(user))
    if not in_scope.exists():
        return MatchResult.objects.none()
    return (
        results_visible(user=user)
        .filter(enterprise_id=enterprise.pk)
        .order_by("outcome", "policy__code")
    )


def results_for_policy(*, user: Any, policy: Policy) -> QuerySet[MatchResult]:
    """The policy's results for enterprises in the user's jurisdiction."""
    return (
        results_visible(user=user)
        .filter(policy_id=policy.pk)
        .order_by("outcome", "enterprise__region_id", "enterprise__name")
    )


def result_counts(*, user: Any, policy_ids: list[int]) -> dict[int, dict[str, int]]:
    """{policy id: {outcome: how many}} over the enterprises in the user's jurisdiction.

    Officers read the coverage tallies (a few rows per policy and county, policies/tallies.py)
    rather than counting the results; an enterprise user's own results are counted directly.
    """
    jurisdiction = jurisdiction_of(user)
    counts: dict[int, dict[str, int]] = {pk: {} for pk in policy_ids}
    if jurisdiction.enterprise_id is not None:
        rows: Any = (
            MatchResult.objects.filter(
                policy_id__in=policy_ids,
                enterprise_id=jurisdiction.enterprise_id,
                enterprise__archived_at__isnull=True,
            )
            .order_by()
            .values_list("policy_id", "outcome")
            .annotate(n=Count("pk"))
        )
    elif jurisdiction.region_prefix is None:
        return counts
    else:
        tallies_fresh()
        tallies = CoverageTally.objects.filter(policy_id__in=policy_ids)
        if jurisdiction.region_prefix:
            tallies = tallies.filter(region__startswith=jurisdiction.region_prefix)
        rows = tallies.order_by().values_list("policy_id", "outcome").annotate(n=Sum("count"))
    for policy_id, outcome, n in rows:
        counts[policy_id][outcome] = n
    return counts


def runs_visible(*, user: Any) -> QuerySet[MatchRun]:
    """Officers, leaders and admins see runs; a single-enterprise run only inside their scope."""
    if not getattr(user, "is_authenticated", False):
        return MatchRun.objects.none()
    if not (is_admin(user) or getattr(user, "role", "") in READ_ROLES):
        return MatchRun.objects.none()
    jurisdiction = jurisdiction_of(user)
    qs = MatchRun.objects.select_related("policy", "enterprise", "job")
    if jurisdiction.is_everything:
        return qs
    if jurisdiction.region_prefix is None:
        return qs.none()
    return qs.filter(
        Q(enterprise__isnull=True)
        | Q(enterprise__region__code__startswith=jurisdiction.region_prefix)
    )
