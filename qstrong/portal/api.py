"""The portal API (django-ninja router, mounted at /api/portal/): own pushes; public calculator."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema

from qstrong.core.apitypes import BodyIn, Count, Number
from qstrong.policies.api_pushes import PushOut, push_row
from qstrong.portal import selectors
from qstrong.portal.calculator import CalculatorForm, Verdict, calculate

router = Router(tags=["portal"])


class CalculatorIn(BodyIn):
    """Every field optional: a missing one is unknown (policies needing it come back needs_data)."""

    region: str | None = Field(None, description="行政区划代码（山西省内）")
    industry: str | None = Field(None, description="国民经济行业分类代码，如 C2720")
    scale: str | None = Field(None, description="large | medium | small | micro")
    employees: Count | None = None
    revenue: Number | None = Field(None, description="上年营业收入（万元）")
    registered_capital: Number | None = Field(None, description="注册资本（万元）")
    established: str | None = Field(None, description="成立日期 YYYY-MM-DD")
    certifications: list[str] | None = Field(None, description="[] = 确认没有；null = 未知")
    tags: list[str] | None = None
    chains: list[str] = []
    chain_roles: list[str] = []
    towns: list[str] = []
    standards_led: Count | None = None
    patents: Count | None = None
    credit_rating: str | None = None


class VerdictOut(Schema):
    code: str
    title: str
    delivery: str
    outcome: str
    lines: list[str]
    near_miss: list[str]
    missing_fields: list[str]


class CalculatorOut(Schema):
    as_of: str
    eligible: list[VerdictOut]
    needs_data: list[VerdictOut]
    ineligible: list[VerdictOut]


@router.get("/pushes", response=list[PushOut], summary="企业用户：推送给本企业的政策")
def own_pushes(request: HttpRequest) -> list[dict[str, Any]]:
    enterprise = selectors.own_enterprise(user=request.user)
    if enterprise is None:
        raise PermissionDenied
    return [
        push_row(p)
        for p in selectors.own_pushes(enterprise=enterprise).select_related("enterprise")
    ]


def _form_data(payload: CalculatorIn) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name, value in payload.model_dump().items():
        if value is None:
            continue
        if isinstance(value, list):
            # The form's "none of these" choice is how a recorded empty set is said.
            data[name] = value if value or name not in ("certifications", "tags") else ["__none__"]
        else:
            data[name] = str(value)
    return data


def _verdict(verdict: Verdict) -> dict[str, Any]:
    explanation = verdict.explanation
    return {
        "code": verdict.policy.code,
        "title": verdict.policy.title,
        "delivery": verdict.policy.delivery,
        "outcome": explanation.outcome,
        "lines": ["　" * line.depth + line.text for line in explanation.lines],
        "near_miss": explanation.near_miss,
        "missing_fields": [name for name, _label in explanation.missing_fields],
    }


@router.post(
    "/calculator", response=CalculatorOut, auth=None, summary="政策计算器（公开，无需登录，不保存）"
)
def calculator(request: HttpRequest, payload: CalculatorIn) -> dict[str, Any]:
    form = CalculatorForm(data=_form_data(payload))
    profile = form.profile() if form.is_valid() else None
    if profile is None or not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    result = calculate(profile=profile)
    return {
        "as_of": result.as_of.isoformat(),
        "eligible": [_verdict(v) for v in result.eligible],
        "needs_data": [_verdict(v) for v in result.needs_data],
        "ineligible": [_verdict(v) for v in result.ineligible],
    }
