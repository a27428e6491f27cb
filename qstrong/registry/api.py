"""The registry API: enterprises, chains, towns, reference codes, imports; reads via selectors."""

from __future__ import annotations

from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile

from qstrong.accounts.permissions import (
    can_create_enterprise,
    can_edit_enterprise,
    can_import,
    enterprise_editable_fields,
)
from qstrong.core.apitypes import XLSX_TYPE, DataRefused, Flag, PathId, PathUscc, file_answer
from qstrong.core.models import AuditEvent
from qstrong.core.security import Kind, security_record
from qstrong.registry import editing, selectors
from qstrong.registry.models import (
    ChainMember,
    Enterprise,
    ImportBatch,
    Industry,
    Region,
    Town,
    TownMember,
)
from qstrong.registry.presentation import can_see_contact, mask_phone
from qstrong.registry.schemas import (
    AuditEventOut,
    ChainDetailOut,
    ChainOut,
    EnterpriseCreateIn,
    EnterpriseDetailOut,
    EnterprisePage,
    EnterprisePatchIn,
    EnterpriseQuery,
    HistoryQuery,
    ImportBatchOut,
    ImportKind,
    ImportStartedOut,
    IndustryOut,
    IndustryQuery,
    LanguageCode,
    RegionOut,
    RegionQuery,
    TownDetailOut,
    TownOut,
)
from qstrong.registry.selectors import batches_visible

router = Router(tags=["registry"])

IMPORT_ERRORS_SHOWN = 1000


# --- shaping models into answers -------------------------------------------------------------


def _code_name(obj: Region | Industry | None) -> dict[str, str] | None:
    return {"code": obj.code, "name": obj.name} if obj is not None else None


def _city(region: Region) -> Region | None:
    if region.level == Region.Level.COUNTY and region.parent is not None:
        return region.parent
    return region if region.level == Region.Level.CITY else None


def _enterprise_row(enterprise: Enterprise) -> dict[str, Any]:
    return {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "region": _code_name(enterprise.region),
        "city": _code_name(_city(enterprise.region)),
        "industry": _code_name(enterprise.industry),
        "scale": enterprise.scale,
        "scale_label": enterprise.get_scale_display() if enterprise.scale else "",
        "employees": enterprise.employees,
        "revenue": enterprise.revenue,
        "source": enterprise.source,
        "archived": enterprise.archived_at is not None,
    }


def _enterprise_detail(enterprise: Enterprise, *, user: Any) -> dict[str, Any]:
    visible = can_see_contact(user=user, enterprise=enterprise)
    phone = enterprise.contact_phone
    return {
        **_enterprise_row(enterprise),
        "established": enterprise.established,
        "registered_capital": enterprise.registered_capital,
        "scale_derived": enterprise.scale_derived,
        "certifications": enterprise.certifications,
        "tags": enterprise.tags,
        "standards_led": enterprise.standards_led,
        "patents": enterprise.patents,
        "credit_rating": enterprise.credit_rating,
        "contact_name": enterprise.contact_name,
        "contact_phone": phone if visible else mask_phone(phone),
        "contact_masked": not visible and bool(phone),
        "source_note": enterprise.source_note,
        "chains": [
            {
                "chain": {"code": m.chain.code, "name": m.chain.name},
                "role": m.role,
                "role_label": m.get_role_display(),
                "segment": m.segment.name if m.segment else None,
            }
            for m in enterprise.chain_memberships.all()
        ],
        "towns": [
            {"town": {"code": m.town.code, "name": m.town.name}, "is_leading": m.is_leading}
            for m in enterprise.town_memberships.all()
        ],
        "supplies": [
            {"enterprise": {"uscc": s.customer.uscc, "name": s.customer.name}, "product": s.product}
            for s in enterprise.supplies.all()
        ],
        "supplied_by": [
            {"enterprise": {"uscc": s.supplier.uscc, "name": s.supplier.name}, "product": s.product}
            for s in enterprise.supplied_by.all()
        ],
        "created_at": enterprise.created_at,
        "updated_at": enterprise.updated_at,
        "archived_at": enterprise.archived_at,
    }


def _audit_event(event: AuditEvent, *, contact_visible: bool) -> dict[str, Any]:
    changes = dict(event.changes)
    if not contact_visible and "contact_phone" in changes:
        changes["contact_phone"] = [
            mask_phone(value) if isinstance(value, str) else value
            for value in changes["contact_phone"]
        ]
    actor = event.actor
    return {
        "at": event.at,
        "action": event.action,
        "action_label": event.get_action_display(),
        "actor": (actor.display_name or actor.username) if actor is not None else None,
        "changes": changes,
        "note": event.note,
        "import_batch_id": event.import_batch_id,
    }


def _member(enterprise: Enterprise) -> dict[str, Any]:
    return {
        "enterprise": {"uscc": enterprise.uscc, "name": enterprise.name},
        "region": _code_name(enterprise.region),
    }


def _chain_member(member: ChainMember) -> dict[str, Any]:
    return {
        **_member(member.enterprise),
        "role": member.role,
        "role_label": member.get_role_display(),
    }


def _town_member(member: TownMember) -> dict[str, Any]:
    return {**_member(member.enterprise), "is_leading": member.is_leading}


def _town_row(town: Town, member_count: int) -> dict[str, Any]:
    return {
        "code": town.code,
        "name": town.name,
        "county": _code_name(town.county),
        "city": _code_name(_city(town.county)),
        "level": town.level,
        "level_label": town.get_level_display(),
        "leading_industry": town.leading_industry,
        "industry": town.industry_id,
        "batch": town.batch,
        "is_key": town.is_key,
        "member_count": member_count,
    }


# --- enterprises -----------------------------------------------------------------------------


@router.get("/enterprises", response=EnterprisePage, summary="企业列表：搜索、筛选、排序、分页")
def enterprise_list(request: HttpRequest, query: Query[EnterpriseQuery]) -> dict[str, Any]:
    filters = selectors.EnterpriseFilters(**query.model_dump(exclude={"limit", "offset"}))
    qs = selectors.enterprise_search(user=request.user, filters=filters)
    items = qs[query.offset : query.offset + query.limit]
    return {
        "total": qs.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_enterprise_row(e) for e in items],
    }


def _enterprise_full(request: HttpRequest, uscc: str) -> Enterprise:
    """The enterprise by USCC with everything the detail shows; DoesNotExist outside the scope."""
    found = selectors.enterprise_by_uscc(user=request.user, uscc=uscc)
    return selectors.enterprise_detail(user=request.user, pk=found.pk)


@router.get("/enterprises/{uscc}", response=EnterpriseDetailOut, summary="企业详情")
def enterprise_get(request: HttpRequest, uscc: PathUscc) -> dict[str, Any]:
    enterprise = _enterprise_full(request, uscc)
    security_record(
        kind=Kind.RECORD_READ,
        request=request,
        object_type="registry.enterprise",
        object_id=str(enterprise.pk),
        detail={"uscc": enterprise.uscc, "name": enterprise.name, "via": "api"},
    )
    return _enterprise_detail(enterprise, user=request.user)


@router.get(
    "/enterprises/{uscc}/history", response=list[AuditEventOut], summary="企业变更记录（审计）"
)
def enterprise_history(
    request: HttpRequest, uscc: PathUscc, query: Query[HistoryQuery]
) -> list[dict[str, Any]]:
    enterprise = selectors.enterprise_by_uscc(user=request.user, uscc=uscc)
    visible = can_see_contact(user=request.user, enterprise=enterprise)
    events = selectors.enterprise_history(enterprise=enterprise, limit=query.limit)
    return [_audit_event(e, contact_visible=visible) for e in events]


def _invalid(problems: list[editing.Problem]) -> DataRefused:
    """Problems found against the registry (409): the field's path, the text."""
    return DataRefused(
        [
            {"loc": ["body", "payload", *path], "msg": text, "type": "value_error"}
            for path, text in problems
        ]
    )


def _save(
    request: HttpRequest, values: dict[str, Any], *, enterprise: Enterprise | None, uscc: str
) -> Enterprise:
    checked = editing.check_write(values, user=request.user, enterprise=enterprise)
    if checked.problems:
        raise _invalid(checked.problems)
    try:
        saved, _outcome = editing.enterprise_save(
            uscc=uscc,
            data=checked.data,
            chains=checked.chains,
            towns=checked.towns,
            actor=request.user,
            create=enterprise is None,
        )
    except DjangoValidationError as exc:
        problems = getattr(exc, "message_dict", {"": exc.messages})
        raise _invalid(
            [
                ((key.removesuffix("_id"),) if key else (), str(text))
                for key, texts in problems.items()
                for text in texts
            ]
        ) from exc
    return saved


@router.post("/enterprises", response={201: EnterpriseDetailOut}, summary="新增企业")
def enterprise_create(request: HttpRequest, payload: EnterpriseCreateIn) -> Status[Any]:
    if not can_create_enterprise(request.user):
        raise PermissionDenied
    values = payload.model_dump(mode="python")
    saved = _save(request, values, enterprise=None, uscc=payload.uscc)
    return Status(201, _enterprise_detail(_enterprise_full(request, saved.uscc), user=request.user))


@router.patch(
    "/enterprises/{uscc}", response=EnterpriseDetailOut, summary="修改企业（只改给出的字段）"
)
def enterprise_update(request: HttpRequest, uscc: PathUscc, payload: EnterprisePatchIn) -> Any:
    # Outside the jurisdiction: 404, as for a read; visible but read-only (a leader): 403.
    enterprise = selectors.enterprise_by_uscc(user=request.user, uscc=uscc)
    if not can_edit_enterprise(request.user, enterprise):
        raise PermissionDenied
    if enterprise.archived_at is not None:
        raise HttpError(409, _("已归档的企业不能编辑，请先恢复。"))
    values = payload.model_dump(mode="python", include=payload.model_fields_set)
    allowed = enterprise_editable_fields(request.user, enterprise)
    if allowed is not None:
        refused = sorted(key for key in values if editing.API_FIELD.get(key, key) not in allowed)
        if refused:
            raise HttpError(
                403, _("企业用户不能修改这些字段：%(fields)s") % {"fields": ", ".join(refused)}
            )
    saved = _save(request, values, enterprise=enterprise, uscc=enterprise.uscc)
    return _enterprise_detail(_enterprise_full(request, saved.uscc), user=request.user)


# --- chains and towns ------------------------------------------------------------------------


@router.get("/chains", response=list[ChainOut], summary="产业链列表")
def chain_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": chain.code,
            "name": chain.name,
            "chief": chain.chief,
            "member_count": chain.member_count,  # type: ignore[attr-defined]
            "segment_count": chain.segment_count,  # type: ignore[attr-defined]
        }
        for chain in selectors.chain_list(user=request.user)
    ]


@router.get(
    "/chains/{code}", response=ChainDetailOut, summary="产业链详情：环节（上游→下游）与成员"
)
def chain_get(request: HttpRequest, code: str) -> dict[str, Any]:
    """The segments upstream → downstream, each with its member count and the first members of
    each role by name (a chain of the province's size has tens of thousands)."""
    chain, parts = selectors.chain_overview(user=request.user, code=code)
    segments, unassigned, unassigned_count = [], [], 0
    for part in parts:
        rows = [_chain_member(m) for group in part.groups for m in group.members]
        if part.segment is None:
            unassigned, unassigned_count = rows, part.count
            continue
        segments.append(
            {
                "name": part.segment.name,
                "position": part.segment.position,
                "stage": part.segment.stage,
                "stage_label": part.segment.get_stage_display() if part.segment.stage else "",
                "member_count": part.count,
                "members": rows,
            }
        )
    return {
        "code": chain.code,
        "name": chain.name,
        "chief": chain.chief,
        "description": chain.description,
        "segments": segments,
        "unassigned": unassigned,
        "unassigned_count": unassigned_count,
    }


@router.get("/towns", response=list[TownOut], summary="专业镇列表")
def town_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        _town_row(town, town.member_count)  # type: ignore[attr-defined]
        for town in selectors.town_list(user=request.user)
    ]


@router.get("/towns/{code}", response=TownDetailOut, summary="专业镇详情与成员企业")
def town_get(request: HttpRequest, code: str) -> dict[str, Any]:
    """The town with its member counts and the first leading and other members by name."""
    overview = selectors.town_overview(user=request.user, code=code)
    return {
        **_town_row(overview.town, overview.member_count),
        "leading_count": overview.leading_count,
        "members": [_town_member(m) for m in [*overview.leading, *overview.others]],
    }


# --- reference codes -------------------------------------------------------------------------


@router.get("/regions", response=list[RegionOut], summary="行政区划代码（GB/T 2260）")
def region_list(request: HttpRequest, query: Query[RegionQuery]) -> Any:
    # Reference data: the same for every signed-in user, not scoped by jurisdiction.
    qs = Region.objects.order_by("code")
    if query.parent:
        qs = qs.filter(parent_id=query.parent)
    if query.level:
        qs = qs.filter(level=query.level)
    return qs


@router.get("/industries", response=list[IndustryOut], summary="国民经济行业分类（GB/T 4754-2017）")
def industry_list(request: HttpRequest, query: Query[IndustryQuery]) -> Any:
    qs = Industry.objects.order_by("code")
    if query.parent:
        qs = qs.filter(parent_id=query.parent.upper())
    if query.level:
        qs = qs.filter(level=query.level)
    return qs


# --- imports ---------------------------------------------------------------------------------


def _batch_visible(user: Any, batch_id: int) -> ImportBatch:
    """Its creator's organisation, the province and the administrator; DoesNotExist for others."""
    return batches_visible(user=user).get(pk=batch_id)


@router.post("/imports", response={201: ImportStartedOut}, summary="上传导入文件并开始校验/导入")
def import_create(
    request: HttpRequest,
    file: File[UploadedFile],
    kind: Form[ImportKind],
    dry_run: Flag = Form(False),  # noqa: B008
    valid_rows_only: Flag = Form(False),  # noqa: B008
    language: Form[LanguageCode | Literal[""]] = "",
) -> Status[dict[str, Any]]:
    if not can_import(request.user):
        raise PermissionDenied
    from qstrong.registry.importing import import_batch_create, import_batch_start

    if file.size is not None and file.size > settings.QSTRONG_IMPORT_MAX_BYTES:
        raise HttpError(
            413,
            _("文件过大，上限为 %(limit)s MB。")
            % {"limit": settings.QSTRONG_IMPORT_MAX_BYTES // (1024 * 1024)},
        )
    batch = import_batch_create(
        kind=kind,
        filename=file.name or "upload",
        content=file.read(),
        actor=request.user,
        dry_run=dry_run,
        valid_rows_only=valid_rows_only,
        language=language or translation.get_language(),
    )
    job = import_batch_start(batch=batch, actor=request.user)
    return Status(201, {"batch_id": batch.pk, "job_id": job.pk})


@router.get("/imports/{batch_id}", response=ImportBatchOut, summary="导入批次：状态、计数、错误")
def import_get(request: HttpRequest, batch_id: PathId) -> dict[str, Any]:
    batch = _batch_visible(request.user, batch_id)
    errors = list(batch.errors or [])
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "state": batch.state,
        "state_label": batch.get_state_display(),
        "filename": batch.filename,
        "size": batch.size,
        "sha256": batch.sha256,
        "dry_run": batch.dry_run,
        "valid_rows_only": batch.valid_rows_only,
        "language": batch.language,
        "total_rows": batch.total_rows,
        "created_count": batch.created_count,
        "updated_count": batch.updated_count,
        "unchanged_count": batch.unchanged_count,
        "rejected_count": batch.rejected_count,
        "error_count": len(errors),
        "errors": errors[:IMPORT_ERRORS_SHOWN],
        "warnings": list(batch.warnings or []),
        "message": batch.message,
        "job_id": batch.job_id,
        "created_at": batch.created_at,
        "finished_at": batch.finished_at,
    }


@router.get(
    "/imports/{batch_id}/report.xlsx",
    response={200: None},
    openapi_extra=file_answer(content_types=(XLSX_TYPE,), description="错误报告（.xlsx）"),
    summary="下载错误报告（.xlsx，标出错误单元格）",
)
def import_report(request: HttpRequest, batch_id: PathId) -> HttpResponse:
    batch = _batch_visible(request.user, batch_id)
    from qstrong.registry.importing import error_report_xlsx

    response = HttpResponse(error_report_xlsx(batch=batch), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="import-{batch.pk}-errors.xlsx"'
    return response
