"""The policies API (django-ninja, at /api/policies/): library, rules, preview, explain, runs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router, Status

from qstrong.core.apitypes import PathId, PathUscc
from qstrong.policies import selectors, services
from qstrong.policies.forms import PolicyFilters
from qstrong.policies.models import MatchResult, MatchRun, Policy, PolicyRule
from qstrong.policies.permissions import can_edit_policy, can_run_matching
from qstrong.policies.rules import validate_rule
from qstrong.policies.schemas import (
    ExplainOut,
    IndustryChoiceOut,
    IndustrySearchQuery,
    MatchPage,
    MatchQuery,
    PolicyCreateIn,
    PolicyDetailOut,
    PolicyFieldsIn,
    PolicyPage,
    PolicyQuery,
    PreviewIn,
    PreviewOut,
    RuleIn,
    RuleSaveIn,
    RuleVersionOut,
    RunCreateIn,
    RunOut,
    RunPage,
    RunQuery,
    RunStartedOut,
    ValidateOut,
    WithdrawIn,
)
from qstrong.policies.views.common import enterprise_or_404
from qstrong.policies.views.library import policy_filter
from qstrong.policies.views.presenting import (
    explanation_context,
    missing_field_refs,
    preview_data,
    rule_text,
)
from qstrong.policies.views.runs import run_start
from qstrong.registry.models import Enterprise, Industry

router = Router(tags=["policies"])
INDUSTRY_RESULTS = 20


# --- shaping models into answers -------------------------------------------------------------


def _policy_row(policy: Policy) -> dict[str, Any]:
    return {
        "id": policy.pk,
        "code": policy.code,
        "title": policy.title,
        "issuer": policy.issuer,
        "document_number": policy.document_number,
        "category": policy.category,
        "category_label": policy.get_category_display(),
        "delivery": policy.delivery,
        "delivery_label": policy.get_delivery_display(),
        "state": policy.state,
        "state_label": policy.get_state_display(),
        "effective_from": policy.effective_from,
        "effective_to": policy.effective_to,
        "published_at": policy.published_at,
        "url": reverse("policies:policy_detail", args=[policy.pk]),
    }


def _version(version: PolicyRule) -> dict[str, Any]:
    return {
        "version": version.version,
        "applies_from": version.applies_from,
        "rule": version.rule,
        "description": rule_text(version.rule),
        "note": version.note,
        "created_at": version.created_at,
    }


def _policy_detail(policy: Policy) -> dict[str, Any]:
    return {
        **_policy_row(policy),
        **{
            name: getattr(policy, name)
            for name in (
                "summary",
                "interpretation",
                "claim_who",
                "claim_conditions",
                "claim_deadline",
                "claim_where",
                "claim_contact",
                "source_note",
            )
        },
        "rules": [_version(v) for v in selectors.policy_rules(policy=policy)],
        "attachments": [
            {
                "id": a.pk,
                "name": a.name,
                "size": a.size,
                "sha256": a.sha256,
                "url": reverse("policies:attachment_download", args=[policy.pk, a.pk]),
            }
            for a in policy.attachments.all()
        ],
        "events": [
            {
                "at": e.at,
                "kind": e.kind,
                "kind_label": e.get_kind_display(),
                "actor": (e.actor.display_name or e.actor.username) if e.actor else None,
                "comment": e.comment,
            }
            for e in selectors.policy_events(policy=policy)
        ],
    }


def enterprise_ref(enterprise: Enterprise) -> dict[str, Any]:
    return {
        "id": enterprise.pk,
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "region": enterprise.region_id,
        "url": reverse("registry:enterprise_detail", args=[enterprise.pk]),
    }


def _run(run: MatchRun) -> dict[str, Any]:
    duration = None
    if run.started_at and run.finished_at:
        duration = round((run.finished_at - run.started_at).total_seconds(), 3)
    return {
        "id": run.pk,
        "as_of": run.as_of,
        "scope": run.scope,
        "scope_label": run.get_scope_display(),
        "state": run.state,
        "state_label": run.get_state_display(),
        "policy": run.policy_id,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "duration_seconds": duration,
        **{
            name: getattr(run, name)
            for name in (
                "policies_count",
                "enterprises_count",
                "eligible_count",
                "needs_data_count",
                "ineligible_count",
                "pushes_count",
            )
        },
        "job": run.job_id,
        "message": run.message,
    }


def _policy(request: HttpRequest, policy_id: int) -> Policy:
    return selectors.policy_detail(user=request.user, pk=policy_id)


def _may_create(request: HttpRequest) -> None:
    if not can_edit_policy(request.user, None):
        raise PermissionDenied("may not edit policies")


def _editable(request: HttpRequest, policy_id: int) -> Policy:
    """The policy if the caller may edit it: 404 outside their view, then 403 if read-only."""
    policy = _policy(request, policy_id)
    if not can_edit_policy(request.user, policy):
        raise PermissionDenied("may not edit policies")
    return policy


# --- the library -----------------------------------------------------------------------------


@router.get("", response=PolicyPage, summary="政策库：搜索、筛选、排序、分页")
def policy_list(request: HttpRequest, query: Query[PolicyQuery]) -> dict[str, Any]:
    filters = PolicyFilters(
        q=query.q,
        category=query.category,
        state=query.state,
        delivery=query.delivery,
        in_force_on=query.in_force_on,
        sort=query.sort,
    )
    qs = policy_filter(selectors.policies_visible(user=request.user), filters)
    items = qs[query.offset : query.offset + query.limit]
    return {
        "total": qs.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_policy_row(p) for p in items],
    }


@router.post(
    "", response={201: PolicyDetailOut}, summary="新建政策（草稿），可同时给出第 1 版适用条件"
)
def policy_create(request: HttpRequest, payload: PolicyCreateIn) -> Status[dict[str, Any]]:
    _may_create(request)
    data = payload.model_dump(exclude={"rule"}, exclude_unset=True)
    rule = payload.rule if "rule" in payload.model_fields_set else None
    policy = services.policy_create(data=data, actor=request.user, rule=rule)
    return Status(201, _policy_detail(policy))


# Literal paths come before "/{policy_id}" so that they are never read as an id.
@router.post(
    "/validate",
    response=ValidateOut,
    url_name="policies_rule_validate",
    summary="校验适用条件：每处错误及其路径，以及条件的中文说明",
)
def rule_validate(request: HttpRequest, payload: RuleIn) -> dict[str, Any]:
    errors = validate_rule(payload.rule)
    return {
        "valid": not errors,
        "errors": [{"path": e.path, "message": e.message, "code": e.code} for e in errors],
        "description": "" if errors else rule_text(payload.rule),
    }


@router.post(
    "/preview",
    response=PreviewOut,
    url_name="policies_rule_preview",
    summary="预览：调用者可见范围内符合、待补充、不符合的企业数与示例",
)
def rule_preview(request: HttpRequest, payload: PreviewIn) -> dict[str, Any]:
    errors = services.rule_errors(payload.rule)
    if errors:
        raise ValidationError({"rule": errors})
    as_of = payload.as_of or timezone.localdate()
    return preview_data(user=request.user, rule=payload.rule, as_of=as_of, sample=payload.sample)


@router.get(
    "/industries",
    response=list[IndustryChoiceOut],
    url_name="policies_industry_search",
    summary="行业代码检索（规则编辑器的行业选择）",
)
def industry_search(
    request: HttpRequest, query: Query[IndustrySearchQuery]
) -> list[dict[str, Any]]:
    if query.codes:
        codes = [c.strip().upper() for c in query.codes.split(",") if c.strip()][:50]
        found = Industry.objects.filter(code__in=codes)
    else:
        q = query.q.strip()
        found = Industry.objects.all()
        if q:
            found = found.filter(Q(code__istartswith=q) | Q(name__icontains=q))
        else:
            found = found.filter(level__in=[Industry.Level.SECTION, Industry.Level.DIVISION])
    return [
        {"code": i.code, "name": i.name, "level": i.level, "level_label": i.get_level_display()}
        for i in found.order_by("code")[:INDUSTRY_RESULTS]
    ]


@router.get("/runs", response=RunPage, summary="匹配运行列表")
def run_list(request: HttpRequest, query: Query[RunQuery]) -> dict[str, Any]:
    qs = selectors.runs_visible(user=request.user).order_by("-created_at", "-pk")
    items = qs[query.offset : query.offset + query.limit]
    return {"total": qs.count(), "items": [_run(r) for r in items]}


@router.post(
    "/runs", response={202: RunStartedOut}, summary="开始匹配运行（后台任务）：全量或单项政策"
)
def run_create(request: HttpRequest, payload: RunCreateIn) -> Status[dict[str, Any]]:
    if not can_run_matching(request.user):
        raise PermissionDenied("may not start runs")
    policy = _policy(request, payload.policy) if payload.policy is not None else None
    job = run_start(actor=request.user, as_of=payload.as_of, policy=policy)
    return Status(202, {"job": job.pk, "status_url": reverse("core:job_status", args=[job.pk])})


@router.get("/runs/{int:run_id}", response=RunOut, summary="匹配运行详情")
def run_detail(request: HttpRequest, run_id: PathId) -> dict[str, Any]:
    return _run(selectors.runs_visible(user=request.user).get(pk=run_id))


@router.get(
    "/matches", response=MatchPage, summary="匹配结果（符合条件、待补充信息），限本辖区企业"
)
def match_list(request: HttpRequest, query: Query[MatchQuery]) -> dict[str, Any]:
    qs = selectors.results_visible(user=request.user)
    if query.policy is not None:
        qs = qs.filter(policy=_policy(request, query.policy))
    if query.enterprise:
        qs = qs.filter(enterprise__uscc=query.enterprise.upper())
    if query.outcome:
        qs = qs.filter(outcome=query.outcome)
    qs = qs.order_by("policy__code", "enterprise__name", "pk")
    items = qs[query.offset : query.offset + query.limit]
    return {
        "total": qs.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_match(r) for r in items],
    }


def _match(result: MatchResult) -> dict[str, Any]:
    return {
        "policy": result.policy_id,
        "policy_code": result.policy.code,
        "enterprise": enterprise_ref(result.enterprise),
        "outcome": result.outcome,
        "outcome_label": result.get_outcome_display(),
        "rule_version": result.rule.version,
        "as_of": result.as_of,
        "missing_fields": missing_field_refs(result.missing_fields or []),
        "matched_at": result.matched_at,
    }


# --- one policy ------------------------------------------------------------------------------


@router.get(
    "/{int:policy_id}", response=PolicyDetailOut, summary="政策详情：解读、申兑指南、条件版本、事件"
)
def policy_get(request: HttpRequest, policy_id: PathId) -> dict[str, Any]:
    return _policy_detail(_policy(request, policy_id))


@router.patch("/{int:policy_id}", response=PolicyDetailOut, summary="修改政策的描述信息")
def policy_update(
    request: HttpRequest, policy_id: PathId, payload: PolicyFieldsIn
) -> dict[str, Any]:
    policy = _editable(request, policy_id)
    data = payload.model_dump(exclude_unset=True)
    policy = services.policy_update(policy=policy, data=data, actor=request.user)
    return _policy_detail(policy)


@router.post("/{int:policy_id}/publish", response=PolicyDetailOut, summary="发布政策")
def policy_publish(request: HttpRequest, policy_id: PathId) -> dict[str, Any]:
    policy = _editable(request, policy_id)
    return _policy_detail(services.policy_publish(policy=policy, actor=request.user))


@router.post("/{int:policy_id}/withdraw", response=PolicyDetailOut, summary="撤回政策")
def policy_withdraw(request: HttpRequest, policy_id: PathId, payload: WithdrawIn) -> dict[str, Any]:
    policy = _editable(request, policy_id)
    policy = services.policy_withdraw(policy=policy, actor=request.user, comment=payload.comment)
    return _policy_detail(policy)


@router.get("/{int:policy_id}/rules", response=list[RuleVersionOut], summary="适用条件的各个版本")
def rule_versions(request: HttpRequest, policy_id: PathId) -> list[dict[str, Any]]:
    return [_version(v) for v in selectors.policy_rules(policy=_policy(request, policy_id))]


@router.post(
    "/{int:policy_id}/rules",
    response={201: RuleVersionOut},
    summary="保存适用条件：草稿替换当前版本；已发布政策新建版本（自 applies_from 起适用）",
)
def rule_save(
    request: HttpRequest, policy_id: PathId, payload: RuleSaveIn
) -> Status[dict[str, Any]]:
    policy = _editable(request, policy_id)
    version = services.policy_rule_save(
        policy=policy,
        rule=payload.rule,
        actor=request.user,
        applies_from=payload.applies_from,
        note=payload.note,
    )
    return Status(201, _version(version))


@router.get(
    "/{int:policy_id}/explain/{uscc}",
    response=ExplainOut,
    summary="解释一家企业的结果：每个条件的结论与企业实际值",
)
def explain(request: HttpRequest, policy_id: PathId, uscc: PathUscc) -> dict[str, Any]:
    policy = _policy(request, policy_id)
    found = Enterprise.objects.filter(uscc=uscc.upper()).values_list("pk", flat=True).first()
    enterprise = enterprise_or_404(request, found or 0)
    context = explanation_context(policy=policy, enterprise=enterprise, as_of=timezone.localdate())
    return {
        "policy": _policy_row(policy),
        "enterprise": enterprise_ref(enterprise),
        "as_of": context["as_of"],
        "in_force": context["in_force"],
        "outcome": context["outcome"],
        "outcome_label": context["outcome_label"],
        "rule_version": context["rule"].version if context["rule"] else None,
        "lines": context["lines"],
        "near_miss": context["near_miss"],
        "missing_fields": missing_field_refs(context["missing"]),
    }
