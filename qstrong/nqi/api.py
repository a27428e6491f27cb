"""The registers' API (django-ninja router, mounted at /api/nqi/).

Reads are scoped like the pages (another county's enterprise, certificate, need or routing
answers 404); writes go through the services and need an officer.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router, Schema, Status
from pydantic import Field, Strict

from qstrong.core.apitypes import Flag, Id, IsoDate, PathUscc, StrictIn, Uscc
from qstrong.nqi import selectors, services
from qstrong.nqi.api_registers import instrument_write
from qstrong.nqi.api_registers import router as registers_router
from qstrong.nqi.models import Certificate, CertificateStatus, Provider, Routing
from qstrong.nqi.permissions import can_record
from qstrong.nqi.schemas import (
    MAX_ID,
    READ_ERRORS,
    WRITE_ERRORS,
    CertificateOut,
    EnterpriseSummaryOut,
    InstrumentIn,
    InstrumentOut,
    InstrumentRowOut,
    Page,
    ProviderOut,
    RoutingOut,
)
from qstrong.nqi.selectors import EnterpriseSummary
from qstrong.registry.selectors import enterprises_editable, enterprises_visible

router = Router(tags=["nqi"])
ID = Path(..., ge=1, le=MAX_ID)
router.add_router("", registers_router)
USCC = r"^[0-9A-HJ-NPQRTUWXYa-hj-npqrtuwxy]{18}$"


class CertificateIn(StrictIn):
    uscc: Uscc
    scheme: str = Field(min_length=1, max_length=30)
    number: str = Field(min_length=1, max_length=80)
    body: str = Field("", max_length=200)
    issued_on: IsoDate
    expires_on: IsoDate


class StatusIn(StrictIn):
    status: Annotated[CertificateStatus, Strict(False)]  # strict mode wants a member
    on: IsoDate
    note: str = Field("", max_length=255)


class RoutingIn(StrictIn):
    provider: Id
    note: str = Field("", max_length=255)


class AnswerIn(StrictIn):
    answer: str = Field(min_length=1, max_length=2000)
    answered_on: IsoDate
    outcome: Annotated[Routing.Outcome, Strict(False)]
    result: str = Field("", max_length=2000)


class ListFilters(Schema):
    as_of: IsoDate | None = None
    expiring_within: int | None = Field(None, ge=0, le=3650)
    overdue: Flag = False
    limit: int = Field(1000, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=MAX_ID)


def _require_record(request: HttpRequest) -> None:
    if not can_record(request.user):
        raise PermissionDenied("只有辖区内的监管人员可以登记")


def _certificate(c: Certificate, as_of: dt.date) -> dict[str, Any]:
    return {
        "id": c.pk,
        "uscc": c.enterprise.uscc,
        "enterprise": c.enterprise.name,
        "scheme": c.scheme,
        "number": c.number,
        "body": c.body,
        "issued_on": c.issued_on,
        "expires_on": c.expires_on,
        "status": c.status,
        "status_on_date": c.status_on(as_of),
        "origin": c.origin,
    }


def _provider(p: Provider, lines: list[Any] | None = None) -> dict[str, Any]:
    return {
        "id": p.pk,
        "code": p.code,
        "name": p.name,
        "kind": p.kind,
        "region": p.region_id,
        "cma_number": p.cma_number,
        "cnas_number": p.cnas_number,
        "catalogue": [
            {"category": s.category, "industry": s.industry_id, "description": s.description}
            for s in (lines if lines is not None else p.services.all())
        ],
    }


def _routing(r: Routing) -> dict[str, Any]:
    return {
        "id": r.pk,
        "need": r.need_id,
        "provider": r.provider_id,
        "routed_on": r.routed_on,
        "answer": r.answer,
        "answered_on": r.answered_on,
        "outcome": r.outcome,
        "result": r.result,
    }


def _summary(s: EnterpriseSummary) -> dict[str, Any]:
    return {
        "uscc": s.enterprise.uscc,
        "as_of": s.as_of,
        "certificates": [_certificate(c, s.as_of) for c in s.certificates],
        "instruments": [
            {
                "name": i.name,
                "serial_number": i.serial_number,
                "interval_months": i.interval_months,
                "next_due_on": i.next_due_on,
                "overdue": i.next_due_on < s.as_of,
            }
            for i in s.instruments
        ],
        "standards": [
            {"number": p.standard.number, "level": p.standard.level, "role": p.role}
            for p in s.participations
        ],
        "standards_led_typed": s.enterprise.standards_led,
        "standards_recorded": s.standards_led_recorded,
        "standards_differ": s.standards_led_differs,
        "patents": [
            {"number": p.number, "kind": p.kind, "status": p.status, "high_value": p.high_value}
            for p in s.patents
        ],
        "patents_typed": s.enterprise.patents,
        "patents_counted": s.patents_counted,
        "patents_from_records": s.patents_from_records,
        "patents_differ": s.patents_differ,
        "trademarks": [
            {"registration_number": t.registration_number, "mark": t.mark, "kind": t.kind}
            for t in s.trademarks
        ],
        "gi_authorisations": [a.product.code for a in s.gi_authorisations],
        "brands": [
            {"name": b.name, "level": b.level, "premium_on": b.premium_on} for b in s.brands
        ],
        "providers": [_provider(p, lines) for p, lines in s.providers],
    }


@router.get(
    "/enterprises/{uscc}",
    response={200: EnterpriseSummaryOut, **READ_ERRORS},
    summary="企业的质量基础设施与知识产权记录",
)
def enterprise_get(request: HttpRequest, uscc: PathUscc, as_of: IsoDate | None = None) -> Any:
    enterprise = enterprises_visible(user=request.user).filter(uscc=uscc.upper()).first()
    if enterprise is None:
        raise Http404("no such enterprise")
    return _summary(
        selectors.enterprise_summary(
            user=request.user, enterprise=enterprise, as_of=as_of or timezone.localdate()
        )
    )


@router.get(
    "/certificates",
    response={200: list[CertificateOut], **READ_ERRORS},
    summary="认证证书（可筛选 N 天内到期）",
)
def certificate_list(request: HttpRequest, filters: Query[ListFilters]) -> Any:
    as_of = filters.as_of or timezone.localdate()
    if filters.expiring_within is not None:
        qs = selectors.certificates_expiring(
            user=request.user, today=as_of, days=filters.expiring_within
        )
    else:
        qs = selectors.certificates_visible(user=request.user)
    rows = qs.order_by("expires_on", "pk")[filters.offset : filters.offset + filters.limit]
    return [_certificate(c, as_of) for c in rows]


@router.post(
    "/certificates", response={201: CertificateOut, **WRITE_ERRORS}, summary="登记认证证书"
)
def certificate_create(request: HttpRequest, payload: CertificateIn) -> Any:
    _require_record(request)
    enterprise = enterprises_editable(user=request.user).filter(uscc=payload.uscc.upper()).first()
    if enterprise is None:
        raise ValidationError({"uscc": "辖区内没有这个统一社会信用代码的企业"})
    if Certificate.objects.filter(scheme=payload.scheme, number=payload.number).exists():
        raise ValidationError({"number": "该认证项目下已有这个证书编号"})
    if payload.expires_on < payload.issued_on:
        raise ValidationError({"expires_on": "有效期至不能早于发证日期"})
    data = payload.model_dump(exclude={"uscc"}) | {"enterprise": enterprise}
    certificate, _outcome = services.record_save(model=Certificate, data=data, actor=request.user)
    return Status(201, _certificate(certificate, timezone.localdate()))


def _visible_certificate(request: HttpRequest, pk: int) -> Certificate:
    found = selectors.certificates_visible(user=request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("no such certificate")
    return found


@router.get(
    "/certificates/{pk}", response={200: CertificateOut, **READ_ERRORS}, summary="一张认证证书"
)
def certificate_get(request: HttpRequest, pk: int = ID) -> Any:
    return _certificate(_visible_certificate(request, pk), timezone.localdate())


@router.post(
    "/certificates/{pk}/status",
    response={200: CertificateOut, **WRITE_ERRORS},
    summary="变更证书状态",
)
def certificate_status(request: HttpRequest, payload: StatusIn, pk: int = ID) -> Any:
    certificate = _visible_certificate(request, pk)
    _require_record(request)
    services.certificate_status_set(
        certificate=certificate,
        status=payload.status,
        on=payload.on,
        note=payload.note,
        actor=request.user,
    )
    return _certificate(certificate, payload.on)


@router.get(
    "/instruments",
    response={200: list[InstrumentRowOut], **READ_ERRORS},
    summary="强制检定计量器具（可筛选逾期）",
)
def instrument_list(request: HttpRequest, filters: Query[ListFilters]) -> Any:
    as_of = filters.as_of or timezone.localdate()
    qs = (
        selectors.instruments_overdue(user=request.user, today=as_of)
        if filters.overdue
        else selectors.instruments_visible(user=request.user)
    )
    return [
        {
            "id": i.pk,
            "uscc": i.enterprise.uscc,
            "name": i.name,
            "serial_number": i.serial_number,
            "next_due_on": i.next_due_on,
            "overdue": i.next_due_on < as_of,
        }
        for i in qs.order_by("next_due_on", "pk")[filters.offset : filters.offset + filters.limit]
    ]


@router.post(
    "/instruments",
    response={201: InstrumentOut, **WRITE_ERRORS},
    summary="登记计量器具",
)
def instrument_create(request: HttpRequest, payload: InstrumentIn) -> Any:
    return Status(201, instrument_write(request, payload))


@router.get(
    "/providers",
    response={200: list[ProviderOut], **READ_ERRORS},
    summary="服务机构（全省可查）",
)
def provider_list(request: HttpRequest, page: Query[Page]) -> Any:
    providers = selectors.providers_public(user=request.user).prefetch_related("services")
    return [_provider(p) for p in providers.order_by("pk")[page.offset : page.offset + page.limit]]


@router.post(
    "/needs/{need_id}/routings",
    response={201: RoutingOut, **WRITE_ERRORS},
    summary="将需求转办给服务机构",
)
def routing_create(
    request: HttpRequest, payload: RoutingIn, need_id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    from qstrong.casework.selectors import needs_visible

    need = needs_visible(user=request.user).filter(pk=need_id).first()
    if need is None:
        raise Http404("no such need")
    _require_record(request)
    provider = selectors.providers_public(user=request.user).filter(pk=payload.provider).first()
    if provider is None:
        raise ValidationError({"provider": "没有这个服务机构"})
    routing = services.routing_create(
        need=need,
        provider=provider,
        note=payload.note,
        routed_on=timezone.localdate(),
        actor=request.user,
    )
    return Status(201, _routing(routing))


@router.post(
    "/routings/{pk}/answer",
    response={200: RoutingOut, **WRITE_ERRORS},
    summary="记录机构答复与办理结果",
)
def routing_answer(request: HttpRequest, payload: AnswerIn, pk: int = ID) -> Any:
    routing = selectors.routings_visible(user=request.user).filter(pk=pk).first()
    if routing is None:
        raise Http404("no such routing")
    _require_record(request)
    saved = services.routing_answer(routing=routing, actor=request.user, **payload.model_dump())
    return _routing(saved)
