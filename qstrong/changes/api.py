"""The change request API (/api/changes/): list, detail, submit (multipart with evidence files),
approve, reject. Scoped like the pages: another enterprise's or county's request is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.responses import Status
from pydantic import BeforeValidator

from qstrong.accounts.jurisdiction import jurisdiction_of
from qstrong.changes import selectors, services
from qstrong.changes.models import ChangeRequest
from qstrong.core.apitypes import OFFSET_MAX, ApiError, BodyIn, Count, IsoDate
from qstrong.registry import editing
from qstrong.registry.models import Enterprise
from qstrong.registry.schemas import Amount
from qstrong.registry.selectors import enterprises_visible

router = Router(tags=["changes"])
MAX_ID = 2**63 - 1


class DiffOut(Schema):
    field: str
    label: str
    before: str
    after: str
    current: str


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class ChangeEventOut(Schema):
    at: dt.datetime
    actor: str
    from_state: str
    to_state: str
    comment: str


class ChangeOut(Schema):
    id: int
    enterprise_uscc: str
    enterprise_name: str
    state: str
    state_label: str
    requested_by: str
    created_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    reason: str
    note: str


class ChangeDetailOut(ChangeOut):
    changes: list[DiffOut]
    files: list[EvidenceOut]
    events: list[ChangeEventOut]


class ChangePage(Schema):
    counts: dict[str, int]
    total: int
    limit: int
    offset: int
    items: list[ChangeOut]


class ChangeQuery(Schema):
    state: ChangeRequest.State | None = Field(None, description="pending | approved | rejected")
    limit: int = Field(50, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=OFFSET_MAX)


def _form_null(value: Any) -> Any:
    return None if value in ("", "null") else value


FORM_NULL = BeforeValidator(_form_null)


class ChangeIn(Schema):
    """Only the fields sent are asked for; certifications as typed (、 or , between items).

    A multipart form has no null: an empty value, or the text `null` that generated clients
    send for one, means "not asked for"."""

    established: Annotated[IsoDate | None, FORM_NULL] = None
    employees: Annotated[Count | None, FORM_NULL] = None
    revenue: Annotated[Amount | None, FORM_NULL] = None
    registered_capital: Annotated[Amount | None, FORM_NULL] = None
    certifications: str | None = Field(None, max_length=1000)
    standards_led: Annotated[Count | None, FORM_NULL] = None
    patents: Annotated[Count | None, FORM_NULL] = None
    note: str = Field("", max_length=500)


class RejectIn(BodyIn):
    reason: str = Field(..., min_length=1, max_length=500)


ERRORS: dict[int, Any] = {401: ApiError, 403: ApiError, 404: ApiError, 422: ApiError}


def _row(change: ChangeRequest) -> dict[str, Any]:
    return {
        "id": change.pk,
        "enterprise_uscc": change.enterprise.uscc,
        "enterprise_name": change.enterprise.name,
        "state": change.state,
        "state_label": str(change.get_state_display()),
        "requested_by": change.requested_by.username,
        "created_at": change.created_at,
        "decided_by": change.decided_by.username if change.decided_by else None,
        "decided_at": change.decided_at,
        "reason": change.reason,
        "note": change.note,
    }


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    change = selectors.request_detail(user=request.user, pk=pk)
    return {
        **_row(change),
        "changes": [row.__dict__ for row in selectors.request_diff(change)],
        "files": [
            {
                "id": f.pk,
                "name": f.name,
                "content_type": f.content_type,
                "size": f.size,
                "url": request.build_absolute_uri(f"/changes/evidence/{f.pk}/"),
            }
            for f in change.files.all()
        ],
        "events": [
            {
                "at": e.at,
                "actor": e.actor.username,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "comment": e.comment,
            }
            for e in change.events.all()
        ],
    }


@router.get("/", response={200: ChangePage, **ERRORS}, summary="变更申请列表（按辖区或本企业）")
def change_list(request: HttpRequest, query: Query[ChangeQuery]) -> dict[str, Any]:
    if jurisdiction_of(request.user).is_nothing:
        raise PermissionDenied
    rows = selectors.requests_visible(user=request.user)
    if query.state:
        rows = rows.filter(state=query.state)
    return {
        "counts": selectors.request_counts(user=request.user),
        "total": rows.count(),
        "limit": query.limit,
        "offset": query.offset,
        "items": [_row(c) for c in rows[query.offset : query.offset + query.limit]],
    }


def _own_enterprise(request: HttpRequest) -> Enterprise:
    enterprise_id = jurisdiction_of(request.user).enterprise_id
    if enterprise_id is None:
        raise PermissionDenied
    enterprise = enterprises_visible(user=request.user).filter(pk=enterprise_id).first()
    if enterprise is None:
        raise Http404
    return enterprise


@router.post(
    "/",
    response={201: ChangeDetailOut, 409: ApiError, **ERRORS},
    summary="提交变更申请（multipart：要变更的字段和佐证文件 evidence，1–5 个 PDF/JPEG/PNG）",
)
def change_submit(
    request: HttpRequest,
    payload: Form[ChangeIn],
    evidence: list[UploadedFile] = File(None),  # noqa: B008
) -> Status[Any]:
    enterprise = _own_enterprise(request)
    data = payload.model_dump(include=payload.model_fields_set - {"note"})
    if "certifications" in data:
        data["certifications"] = editing.parse_list_text(
            data["certifications"] or "", "certifications"
        )
    try:
        change = services.change_request_submit(
            enterprise=enterprise,
            data=data,
            files=evidence or [],
            note=payload.note,
            actor=request.user,
        )
    except DjangoValidationError as exc:
        if getattr(exc, "code", None) == "pending":
            raise HttpError(409, exc.messages[0]) from exc
        raise
    return Status(201, _detail(request, change.pk))


@router.get("/{change_id}", response={200: ChangeDetailOut, **ERRORS}, summary="变更申请详情")
def change_get(request: HttpRequest, change_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    return _detail(request, change_id)


def _decidable(request: HttpRequest, change_id: int) -> ChangeRequest:
    change = selectors.request_detail(user=request.user, pk=change_id)
    if not services.can_decide(request.user, change.enterprise):
        raise PermissionDenied
    if change.state != ChangeRequest.State.PENDING:
        raise HttpError(409, services.decided_message(change))
    return change


@router.post(
    "/{change_id}/approve",
    response={200: ChangeDetailOut, 409: ApiError, **ERRORS},
    summary="审核通过：写入企业名录并重新匹配",
)
def change_approve(request: HttpRequest, change_id: int = Path(..., ge=1, le=MAX_ID)) -> Any:
    change = _decidable(request, change_id)
    services.change_request_approve(change_request=change, actor=request.user)
    return _detail(request, change_id)


@router.post(
    "/{change_id}/reject",
    response={200: ChangeDetailOut, 409: ApiError, **ERRORS},
    summary="不予通过（须填写原因，企业在门户可见）",
)
def change_reject(
    request: HttpRequest, payload: RejectIn, change_id: int = Path(..., ge=1, le=MAX_ID)
) -> Any:
    change = _decidable(request, change_id)
    services.change_request_reject(change_request=change, actor=request.user, reason=payload.reason)
    return _detail(request, change_id)
