"""The rule editor page: the tree form's vocabulary for the browser; saving a draft or version."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods

from qstrong.policies import selectors, services
from qstrong.policies.forms import RuleSaveForm
from qstrong.policies.models import Policy
from qstrong.policies.rules import FIELDS, OPERATORS
from qstrong.policies.views.common import english, policy_or_404, render_page, require_edit
from qstrong.registry.models import Chain, Industry, Region, Town

# Texts the editor's script shows; they are translated here, the script holds none.
EDITOR_TEXT = {
    "all": gettext_noop("满足以下全部条件"),
    "any": gettext_noop("满足以下任一条件"),
    "not": gettext_noop("不满足以下条件"),
    "add_condition": gettext_noop("添加条件"),
    "add_group": gettext_noop("添加条件组"),
    "negate": gettext_noop("取反"),
    "unwrap": gettext_noop("取消取反"),
    "remove": gettext_noop("删除"),
    "move_up": gettext_noop("上移"),
    "move_down": gettext_noop("下移"),
    "field": gettext_noop("字段"),
    "operator": gettext_noop("运算"),
    "value": gettext_noop("取值"),
    "choose": gettext_noop("请选择…"),
    "search_region": gettext_noop("输入地区名称或代码搜索"),
    "search_industry": gettext_noop("输入行业名称或代码搜索"),
    "search_value": gettext_noop("输入或选择"),
    "no_match": gettext_noop("无匹配项"),
    "use_value": gettext_noop("使用“%s”"),
    "to": gettext_noop("至"),
    "no_value": gettext_noop("无需取值"),
    "json_invalid": gettext_noop("JSON 格式不正确：%s"),
    "json_applied": gettext_noop("已根据 JSON 重建条件树。"),
    "valid": gettext_noop("条件有效"),
    "invalid": gettext_noop("条件有误，共 %s 处"),
    "checking": gettext_noop("正在校验…"),
    "previewing": gettext_noop("正在计算…"),
    "preview_hint": gettext_noop("条件有效后自动预览。"),
    "eligible": gettext_noop("符合条件"),
    "needs_data": gettext_noop("待补充信息"),
    "ineligible": gettext_noop("不符合条件"),
    "enterprises": gettext_noop("家企业"),
    "sample": gettext_noop("示例企业"),
    "none": gettext_noop("无"),
    "missing_fields": gettext_noop("最常缺少的信息"),
    "request_failed": gettext_noop("请求失败，请稍后重试。"),
    "empty_group": gettext_noop("此条件组还没有条件。"),
    "raw": gettext_noop("无法在表单中显示的部分（请在 JSON 中修改）"),
    "province": gettext_noop("全省"),
}


def _text() -> dict[str, str]:
    return {key: _(value) for key, value in EDITOR_TEXT.items()}


def _field_entries(chains: list[list[str]], towns: list[list[str]]) -> list[dict[str, Any]]:
    en = english()
    entries = []
    for spec in FIELDS.values():
        choices = [[value, en_label if en else zh] for value, zh, en_label in spec.choices]
        if spec.name == "chains":
            choices = chains
        elif spec.name == "towns":
            choices = towns
        entries.append(
            {
                "name": spec.name,
                "kind": spec.kind,
                "ops": list(spec.ops),
                "label": spec.label_en if en else spec.label_zh,
                "unit": spec.unit_en if en else spec.unit_zh,
                "choices": choices,
                "closed": spec.closed,
            }
        )
    return entries


def _codes(rule: Any, field: str) -> Iterator[str]:
    """Every code a rule names for a field (to label them before the first search)."""
    if isinstance(rule, dict):
        if rule.get("field") == field:
            value = rule.get("value")
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    yield item
        for key in ("all", "any"):
            children = rule.get(key)
            for child in children if isinstance(children, list) else []:
                yield from _codes(child, field)
        if "not" in rule:
            yield from _codes(rule["not"], field)


def editor_config(*, request: HttpRequest, rule: Any, policy: Policy | None) -> dict[str, Any]:
    """Everything the editor's script needs: vocabulary, pickers' data, endpoints, texts."""
    en = english()
    regions = [
        {"code": r.code, "name": r.name, "level": r.level, "parent": r.parent_id or ""}
        for r in Region.objects.filter(code__startswith="14").order_by("code")
    ]
    chains = [[c.code, c.name] for c in Chain.objects.filter(archived_at__isnull=True)]
    towns = [[t.code, t.name] for t in Town.objects.order_by("code")]
    industry_codes = set(_codes(rule, "industry"))
    return {
        "fields": _field_entries(chains, towns),
        "operators": {
            name: {"label": spec.label_en if en else spec.label_zh, "value_kind": spec.value_kind}
            for name, spec in OPERATORS.items()
        },
        "regions": regions,
        "industry_labels": dict(
            Industry.objects.filter(code__in=industry_codes).values_list("code", "name")
        ),
        "rule": rule,
        "as_of": timezone.localdate().isoformat(),
        "policy": policy.pk if policy else None,
        "urls": {
            "validate": reverse("api:policies_rule_validate"),
            "preview": reverse("api:policies_rule_preview"),
            "industries": reverse("api:policies_industry_search"),
            "enterprise": reverse("registry:enterprise_detail", args=[0]),
        },
        "text": _text(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def rule_editor(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_or_404(request, pk)
    require_edit(request.user, policy)
    current = selectors.policy_rules(policy=policy).first()
    # Once published (or withdrawn) a version is never edited: a change is a new dated version.
    versioned = policy.state != Policy.State.DRAFT and current is not None
    form = RuleSaveForm(request.POST or None, published=versioned)
    rule_errors: list[str] = []
    rule: Any = current.rule if current else None
    if request.method == "POST":
        rule = _posted_rule(request, fallback=rule)
        if form.is_valid():
            try:
                version = services.policy_rule_save(
                    policy=policy,
                    rule=form.cleaned_data["rule"],
                    actor=request.user,
                    applies_from=form.cleaned_data.get("applies_from") if versioned else None,
                    note=form.cleaned_data.get("note", ""),
                )
            except ValidationError as exc:
                rule_errors = exc.messages
            else:
                messages.success(
                    request,
                    _("已保存适用条件（第 %(version)s 版）。") % {"version": version.version},
                )
                return redirect("policies:policy_detail", pk=policy.pk)
    context = {
        "policy": policy,
        "current": current,
        "versioned": versioned,
        "preview_outcomes": [
            ("eligible", _("符合条件")),
            ("needs_data", _("待补充信息")),
            ("ineligible", _("不符合条件")),
        ],
        "form": form,
        "rule_errors": rule_errors,
        "config": editor_config(request=request, rule=rule, policy=policy),
    }
    return render_page(request, "policies/editor.html", context)


def _posted_rule(request: HttpRequest, *, fallback: Any) -> Any:
    """What the planner sent, so the editor comes back as they left it even when refused."""
    try:
        return json.loads(request.POST.get("rule", ""))
    except json.JSONDecodeError:
        return fallback
