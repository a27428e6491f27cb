"""The handbooks API (django-ninja router at /api/handbooks/): batches, handbooks, measures,
state changes and downloads, scoped as the pages are (404 outside the reader's remit)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from qstrong.accounts.models import User
from qstrong.casework.selectors import bureau_choices
from qstrong.core.apitypes import (
    DOCX_TYPE,
    PDF_TYPE,
    ZIP_TYPE,
    ApiError,
    BodyIn,
    Id,
    IsoDate,
    PathId,
    QueryId,
    file_answer,
)
from qstrong.core.selectors import job_status_data
from qstrong.handbooks import batches, selectors, services, zips
from qstrong.handbooks.models import Batch, Handbook, Measure
from qstrong.handbooks.schemas import Content, content_load
from qstrong.handbooks.views import file_response

router = Router(tags=["handbooks"])


class MeasureOut(Schema):
    id: int
    position: int
    category: str
    text: str
    need_text: str
    responsible_bureau: str | None
    deadline: dt.date | None
    task_id: int | None
    progress: str | None


class HandbookOut(Schema):
    id: int
    kind: str
    subject_name: str
    subject_code: str
    batch_id: PathId | None
    edition: int
    state: str
    state_label: str
    data_date: dt.date | None
    published_on: dt.date | None


class HandbookDetailOut(HandbookOut):
    measures: list[MeasureOut]
    content: Content | None


class BatchOut(Schema):
    id: int
    name: str
    kind: str
    year: int
    counts: dict[str, int]
    job_id: str | None


class BatchIn(BodyIn):
    name: str = Field(min_length=1, max_length=60)
    kind: Literal["enterprise", "chain", "town"]
    year: int = Field(ge=2000, le=2100)
    criterion: Literal["list", "chain_leaders", "town_leaders", "all_chains", "provincial_towns"]
    subjects: list[str] = Field(default_factory=list, max_length=5000)


class MeasureIn(BodyIn):
    category: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1, max_length=2000)
    need_text: str = Field(default="", max_length=2000)
    responsible_bureau_id: Id | None = None
    responsible_person_id: Id | None = None
    deadline: IsoDate | None = None


class ZipJobOut(Schema):
    id: str
    state: str
    done: int
    total: int
    percent: int
    finished: bool
    handbooks: int | None
    download: str | None


class HandbookTransitionIn(BodyIn):
    action: Literal["generate", "submit", "return", "publish"]
    comment: str = Field(default="", max_length=2000)


def _measure(m: Measure) -> dict[str, Any]:
    return {
        "id": m.pk,
        "position": m.position,
        "category": m.category,
        "text": m.text,
        "need_text": m.need_text,
        "responsible_bureau": m.responsible_bureau.name if m.responsible_bureau else None,
        "deadline": m.deadline,
        "task_id": m.task_id,
        "progress": m.task.state if m.task else None,
    }


def _handbook(h: Handbook) -> dict[str, Any]:
    return {
        "id": h.pk,
        "kind": h.kind,
        "subject_name": h.subject_name,
        "subject_code": h.subject_code,
        "batch_id": h.batch_id,
        "edition": h.edition,
        "state": h.state,
        "state_label": str(h.get_state_display()),
        "data_date": h.data_date,
        "published_on": h.published_on,
    }


def _detail(h: Handbook) -> dict[str, Any]:
    return {
        **_handbook(h),
        "measures": [_measure(m) for m in selectors.handbook_measures(handbook=h)],
        "content": content_load(h.content) if h.content else None,
    }


@router.get("/", response=list[HandbookOut], summary="Handbooks the reader may see")
def handbook_list(
    request: HttpRequest,
    kind: str = Query("", max_length=20),
    state: str = Query("", max_length=20),
    batch: QueryId = None,
    q: str = Query("", max_length=200),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10**9),
) -> list[dict[str, Any]]:
    qs = selectors.handbook_search(user=request.user, kind=kind, state=state, batch=batch, q=q)
    page = qs.select_related("enterprise", "chain", "town")[offset : offset + limit]
    return [_handbook(h) for h in page]


@router.get(
    "/{int:handbook_id}", response=HandbookDetailOut, summary="One handbook with its content"
)
def handbook_get(request: HttpRequest, handbook_id: PathId) -> dict[str, Any]:
    return _detail(selectors.handbook_detail(user=request.user, pk=handbook_id))


def _editable(request: HttpRequest, handbook_id: int) -> Handbook:
    handbook = selectors.handbook_detail(user=request.user, pk=handbook_id)
    if not selectors.can_edit(request.user, handbook):
        raise PermissionDenied
    return handbook


@router.post(
    "/{int:handbook_id}/transitions",
    response=HandbookDetailOut,
    summary="Generate, submit, return or publish",
)
def handbook_transition(
    request: HttpRequest, handbook_id: PathId, data: HandbookTransitionIn
) -> dict[str, Any]:
    handbook = _editable(request, handbook_id)
    if data.action == "generate":
        services.handbook_generate(
            handbook=handbook, actor=request.user, as_of=timezone.localdate()
        )
    elif data.action == "submit":
        services.handbook_submit(handbook=handbook, actor=request.user, comment=data.comment)
    elif data.action == "return":
        services.handbook_return(handbook=handbook, actor=request.user, comment=data.comment)
    else:
        services.handbook_publish(handbook=handbook, actor=request.user)
    handbook.refresh_from_db()
    return _detail(handbook)


def _measure_data(request: HttpRequest, data: MeasureIn) -> services.MeasureData:
    bureau = person = None
    if data.responsible_bureau_id is not None:
        bureau = bureau_choices(user=request.user).filter(pk=data.responsible_bureau_id).first()
        if bureau is None:
            raise Http404("bureau")
    if data.responsible_person_id is not None:
        person = User.objects.filter(pk=data.responsible_person_id, organisation=bureau).first()
        if person is None:
            raise Http404("person")
    return services.MeasureData(
        category=data.category,
        text=data.text,
        need_text=data.need_text,
        responsible_bureau=bureau,
        responsible_person=person,
        deadline=data.deadline,
    )


@router.post(
    "/{int:handbook_id}/measures", response={201: MeasureOut}, summary="Add a measure to a draft"
)
def measure_add(request: HttpRequest, handbook_id: PathId, data: MeasureIn) -> Any:
    handbook = _editable(request, handbook_id)
    measure = services.measure_save(
        handbook=handbook, actor=request.user, data=_measure_data(request, data)
    )
    return Status(201, _measure(measure))


@router.put(
    "/{int:handbook_id}/measures/{int:measure_id}", response=MeasureOut, summary="Change a measure"
)
def measure_update(
    request: HttpRequest, handbook_id: PathId, measure_id: PathId, data: MeasureIn
) -> dict[str, Any]:
    handbook = _editable(request, handbook_id)
    measure = handbook.measures.filter(pk=measure_id).first()
    if measure is None:
        raise Http404("measure")
    saved = services.measure_save(
        handbook=handbook, actor=request.user, data=_measure_data(request, data), measure=measure
    )
    return _measure(saved)


@router.get(
    "/{int:handbook_id}/file.{fmt}",
    response={200: None},
    openapi_extra=file_answer(
        content_types=(PDF_TYPE, DOCX_TYPE), description="服务手册文件（PDF 或 Word）"
    ),
    summary="The handbook as PDF or Word",
)
def handbook_file(
    request: HttpRequest, handbook_id: PathId, fmt: Literal["pdf", "docx"]
) -> HttpResponse:
    handbook = selectors.handbook_detail(user=request.user, pk=handbook_id)
    return file_response(request=request, handbook=handbook, fmt=fmt)


def _batch(request: HttpRequest, b: Batch) -> dict[str, Any]:
    return {
        "id": b.pk,
        "name": b.name,
        "kind": b.kind,
        "year": b.year,
        "counts": selectors.batch_counts(user=request.user, batch=b),
        "job_id": str(b.job_id) if b.job_id else None,
    }


@router.get("/batches", response=list[BatchOut], summary="Batches the reader may see")
def batch_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": b.pk,
            "name": b.name,
            "kind": b.kind,
            "year": b.year,
            "counts": c,
            "job_id": str(b.job_id) if b.job_id else None,
        }
        for b, c in selectors.batch_list(user=request.user)
    ]


@router.get("/batches/{int:batch_id}", response=BatchOut, summary="One batch with counts per state")
def batch_get(request: HttpRequest, batch_id: PathId) -> dict[str, Any]:
    return _batch(request, selectors.batch_detail(user=request.user, pk=batch_id))


@router.post(
    "/batches", response={201: BatchOut}, summary="Create a batch and generate it in the background"
)
def batch_create(request: HttpRequest, data: BatchIn) -> Any:
    if not selectors.can_compile(request.user):
        raise PermissionDenied
    if data.criterion == "list":
        subjects = batches.subjects_by_codes(data.kind, data.subjects)
    else:
        subjects = batches.subjects_by_criterion(data.criterion)
    batch = batches.batch_create(
        name=data.name,
        kind=data.kind,
        year=data.year,
        subjects=subjects,
        actor=request.user,
        criterion=data.criterion,
    )
    batches.batch_generate_start(batch=batch, actor=request.user)
    batch.refresh_from_db()
    return Status(201, _batch(request, batch))


def _zip_job(request: HttpRequest, batch: Batch, job: Any) -> dict[str, Any]:
    status = job_status_data(job)
    ready = zips.batch_zip_path(job) is not None
    return {
        "id": str(job.pk),
        "state": status["state"],
        "done": status["done"],
        "total": status["total"],
        "percent": status["percent"],
        "finished": status["finished"],
        "handbooks": job.result.get("handbooks") if ready else None,
        "download": (f"/api/handbooks/batches/{batch.pk}/zip/{job.pk}/file" if ready else None),
    }


@router.post(
    "/batches/{batch_id}/zip",
    response={202: ZipJobOut},
    summary="Zip the batch's handbooks (PDF and Word) in the background",
)
def batch_zip_start(request: HttpRequest, batch_id: PathId) -> Any:
    batch = selectors.batch_detail(user=request.user, pk=batch_id)
    job = zips.batch_zip_start(batch=batch, actor=request.user)
    return Status(202, _zip_job(request, batch, job))


def _own_zip(request: HttpRequest, batch_id: PathId, job_id: UUID) -> tuple[Batch, Any]:
    batch = selectors.batch_detail(user=request.user, pk=batch_id)
    job = zips.batch_zip_job_for(pk=job_id, batch=batch, user=request.user)
    if job is None:
        raise Http404("no such zip")
    return batch, job


@router.get(
    "/batches/{batch_id}/zip/{uuid:job_id}",
    response={200: ZipJobOut},
    summary="Progress of a batch zip the caller started",
)
def batch_zip_status(request: HttpRequest, batch_id: PathId, job_id: UUID) -> Any:
    batch, job = _own_zip(request, batch_id, job_id)
    return _zip_job(request, batch, job)


@router.get(
    "/batches/{batch_id}/zip/{uuid:job_id}/file",
    response={200: None, 409: ApiError},
    openapi_extra=file_answer(content_types=(ZIP_TYPE,), description="该批次全部手册（.zip）"),
    summary="The finished batch zip (the caller's own)",
)
def batch_zip_file(request: HttpRequest, batch_id: PathId, job_id: UUID) -> Any:
    batch, job = _own_zip(request, batch_id, job_id)
    if not job.is_finished:
        return Status(409, {"detail": "the zip is still being built"})
    path = zips.batch_zip_path(job)
    if path is None:
        raise Http404("the zip failed or has been pruned")
    zips.batch_zip_audit(actor=request.user, batch=batch, job=job)
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=f"handbooks-batch-{batch.pk}.zip",
        content_type=ZIP_TYPE,
    )
