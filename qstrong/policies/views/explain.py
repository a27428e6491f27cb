"""Explanations: one policy for one enterprise, and the enterprise page's panel of all policies."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from qstrong.policies.forms import AsOfForm
from qstrong.policies.matching import profile_of, rules_in_force
from qstrong.policies.rules import evaluate, missing_fields, truth_of
from qstrong.policies.views.common import (
    enterprise_or_404,
    field_label,
    policy_or_404,
    render_page,
)
from qstrong.policies.views.presenting import OUTCOMES, explanation_context, outcome_label


@login_required
@require_GET
def explain(request: HttpRequest, pk: int, enterprise_pk: int) -> HttpResponse:
    policy = policy_or_404(request, pk)
    enterprise = enterprise_or_404(request, enterprise_pk)
    form = AsOfForm(request.GET)
    context = explanation_context(policy=policy, enterprise=enterprise, as_of=form.day())
    return render_page(
        request,
        "policies/explain.html",
        {"policy": policy, "enterprise": enterprise, "form": form, **context},
    )


@login_required
@require_GET
def enterprise_panel(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    """Every published policy in force today for this enterprise, grouped by outcome.

    Evaluated live from the enterprise's current record (one profile, one pass per rule), so
    the panel is right even before the next matching run.
    """
    enterprise = enterprise_or_404(request, enterprise_pk)
    as_of = AsOfForm(request.GET).day()
    profile = profile_of(enterprise=enterprise, as_of=as_of)
    groups: dict[str, list[Any]] = {outcome: [] for outcome in OUTCOMES}
    for version in rules_in_force(as_of=as_of):
        outcome = truth_of(version.rule, profile, as_of=as_of).outcome
        missing: list[str] = []
        if outcome == "needs_data":
            explained = evaluate(version.rule, profile, as_of=as_of)
            missing = [field_label(name) for name in missing_fields(explained)]
        groups[outcome].append({"policy": version.policy, "missing": missing})
    sections = [
        {"outcome": outcome, "label": outcome_label(outcome), "policies": groups[outcome]}
        for outcome in OUTCOMES
    ]
    return render(
        request,
        "policies/_enterprise_panel_body.html",
        {
            "enterprise": enterprise,
            "sections": sections,
            "as_of": as_of,
            "total": sum(len(p) for p in groups.values()),
        },
    )
