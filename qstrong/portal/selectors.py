"""Reads for the enterprise's own pages: its pushes, digests and policies that need its data."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.policies.models import MatchResult, Outcome, Policy, Push, PushDigest
from qstrong.registry.models import Enterprise


def own_enterprise(*, user: Any) -> Enterprise | None:
    """The enterprise an enterprise user acts for; None for everyone else."""
    enterprise_id = jurisdiction_of(user).enterprise_id
    if enterprise_id is None:
        return None
    return Enterprise.objects.filter(pk=enterprise_id, archived_at__isnull=True).first()


def own_pushes(*, enterprise: Enterprise) -> QuerySet[Push]:
    return (
        Push.objects.filter(enterprise=enterprise, policy__archived_at__isnull=True)
        .select_related("policy", "digest")
        .order_by("-sent_at", "policy__code")
    )


def own_push(*, enterprise: Enterprise, pk: int) -> Push:
    """Push.DoesNotExist (→ 404) for any push not the enterprise's own."""
    return own_pushes(enterprise=enterprise).select_related("rule", "enterprise").get(pk=pk)


def own_digests(*, enterprise: Enterprise) -> QuerySet[PushDigest]:
    return PushDigest.objects.filter(enterprise=enterprise).order_by("-created_at", "-pk")


def own_needs_data(*, enterprise: Enterprise) -> QuerySet[MatchResult]:
    """Published policies the enterprise may qualify for once it completes its record."""
    return (
        MatchResult.objects.filter(
            enterprise=enterprise,
            outcome=Outcome.NEEDS_DATA,
            policy__state=Policy.State.PUBLISHED,
            policy__archived_at__isnull=True,
        )
        .select_related("policy")
        .order_by("policy__code")
    )
