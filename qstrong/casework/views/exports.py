"""A large export of the three lists: its page (progress, then the link) and the download."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from qstrong.casework.export_jobs import lists_audit, lists_file_path, lists_job_for
from qstrong.casework.views.common import page
from qstrong.core.models import Job
from qstrong.core.selectors import job_status_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def lists_filename(day: object) -> str:
    return f"需求任务责任清单-{day:%Y%m%d}.xlsx"


def _job_for(request: HttpRequest, pk: UUID) -> Job:
    # Another officer's export, even of the same bureau, is as absent as one that never existed.
    job = lists_job_for(pk=pk, user=request.user)
    if job is None:
        raise Http404("no such export")
    return job


@never_cache
@login_required
@require_GET
def lists_export_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    job = _job_for(request, pk)
    path = lists_file_path(job)
    return page(
        request,
        "casework/export.html",
        {
            "job": job,
            "status": job_status_data(job),
            "running": not job.is_finished,
            "ready": path is not None,
            "expired": job.state == Job.State.SUCCEEDED and path is None,
        },
    )


@login_required
@require_GET
def lists_export_download(request: HttpRequest, pk: UUID) -> HttpResponseBase:
    job = _job_for(request, pk)
    path = lists_file_path(job)
    if path is None:
        raise Http404("the export is not ready or has been pruned")
    lists_audit(
        actor=request.user,
        needs=int(job.result.get("needs", 0)),
        tasks=int(job.result.get("tasks", 0)),
        query=job.params.get("query", ""),
        job=job,
    )
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=lists_filename(timezone.localdate(job.created_at)),
        content_type=XLSX,
    )
